// The TypeORM data source of the Citus example schema, for `reseed migrate` / the TypeORM CLI:
//   DATABASE_URL=postgres://...coordinator.../app RESEED_ORMCONFIG=examples/citus/ormconfig.ts npm run migration:run
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ReseedLedger1796100000000, ReseedRunOwner1796150000000, ReseedRunShards1796400000000, ReseedRunSource1796500000000 } from '../../migrations';
import { databaseTargetFromEnv } from '../../src/connection/database-url';
import { targetDataSourceOptions } from '../../src/example-schema';
import { CitusExampleSchema1796300000000 } from './citus-schema-migration';
import { citusEntities } from './entities';

export default new DataSource({
  ...targetDataSourceOptions(databaseTargetFromEnv(process.env), citusEntities),
  migrations: [CitusExampleSchema1796300000000, ReseedLedger1796100000000, ReseedRunOwner1796150000000, ReseedRunShards1796400000000, ReseedRunSource1796500000000],
});
