import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Article } from './entities/article';
import { Author } from './entities/author';
import { Tag } from './entities/tag';
import { SnakeNamingStrategy } from './snake-naming-strategy';

/** The app's one DataSource: the TypeORM CLI, the app and reseed all use it. */
export const AppDataSource = new DataSource({
  type: 'postgres',
  url: process.env.BLOG_DATABASE_URL ?? 'postgres://blog:blog@localhost:5432/blog',
  entities: [Author, Article, Tag],
  migrations: [__dirname + '/migrations/*.ts'],
  namingStrategy: new SnakeNamingStrategy(),
  synchronize: false,
});
