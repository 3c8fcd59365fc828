import { DefaultNamingStrategy, EventSubscriber, type EntitySubscriberInterface, type InsertEvent, type NamingStrategyInterface } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { ReseedLedger1796100000000 } from '../../../migrations/1796100000000-reseed-ledger';
import { ReseedRunOwner1796150000000 } from '../../../migrations/1796150000000-reseed-run-owner';
import { Article, zooEntities } from './zoo-entities';

/** A subscriber of one entity: reseed says that bulk inserts skip it. */
@EventSubscriber()
export class ArticleSubscriber implements EntitySubscriberInterface<Article> {
  listenTo() {
    return Article;
  }
  beforeInsert(event: InsertEvent<Article>): void {
    event.entity.slug = event.entity.slug.toLowerCase();
  }
}

/** A subscriber of every entity (no listenTo). */
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  afterInsert(): void {}
}

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** snake_case columns, as typeorm-naming-strategies does: reseed must take every column name from metadata. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return customName ?? snake([...embeddedPrefixes, propertyName].join('_'));
  }
  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }
  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snake(`${tableName}_${columnName ?? propertyName}`);
  }
}

/** The zoo's DataSource options: its schema made by synchronize, reseed's ledger by its migrations. */
export function zooDataSourceOptions(url: string): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: zooEntities,
    namingStrategy: new SnakeNamingStrategy(),
    subscribers: [ArticleSubscriber, AuditSubscriber],
    migrations: [ReseedLedger1796100000000, ReseedRunOwner1796150000000],
    synchronize: false,
    logging: false,
  };
}
