import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

/** Column names in snake_case (`publishedAt` is `published_at`), as many teams keep them. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    const name = customName ?? propertyName;
    return [...embeddedPrefixes, name].map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()).join('_');
  }
}
