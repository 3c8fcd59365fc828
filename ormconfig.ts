import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { exampleDataSourceOptions } from './src/example-schema';

/** Options from DATABASE_URL or the PG* variables; see src/example-schema.ts. */
export const dataSourceOptions = exampleDataSourceOptions;

/** The DataSource the TypeORM CLI uses for `npm run migration:*`. */
export default new DataSource(exampleDataSourceOptions());
