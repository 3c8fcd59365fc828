/** reseed's library API: seed a PostgreSQL database through TypeORM entities, reproducibly and resumably. */
export * from './connection';
export { seed, type SeedOptions, type SeedHookContext } from './seeding/seed';
export { planSeed, MAX_BIND_PARAMETERS, DEFAULT_SEED, type PlanSeedOptions } from './seeding/plan-seed';
export type { SeedPlan, PlannedTable } from './seeding/seed-plan';
export type { SeedReport, TableReport } from './seeding/seed-report';
export type { SeedProgressEvent } from './seeding/seed-progress-event';
export { SeedInputError, SEED_INPUT_ERROR } from './seeding/seed-input-error';
export { SeedAbortedError, SEED_ABORTED } from './seeding/seed-aborted-error';
export * from './seeding/seed-stalled-error';
export * from './seeding/run-taken-over-error';
export { LedgerCreateDeniedError, LEDGER_CREATE_DENIED } from './seeding/ledger/ledger-create-denied-error';
export { defineConfig, DEFAULT_PRESET, GENERIC_PRESET_ROWS, type ReseedConfig, type TableCounts } from './seeding/reseed-config';
export { loadConfig } from './loading/load-config';
export { seedDataSourceOptions } from './loading/load-data-source';
export {
  defineFactory,
  type Factory,
  type FactoryContext,
  type FactoryEntity,
  type FactoryRow,
  type ParentRef,
  type CountLookup,
  type DefineFactoryOptions,
  type KeyOf,
  type RelationFillOptions,
  type RelationValue,
} from './seeding/define-factory';
export { defineJoinFactory, type DefineJoinFactoryOptions, type ManyToManyProperty } from './seeding/define-join-factory';
export { SeedDataError, SEED_DATA_ERROR } from './seeding/seed-data-error';
export { rowUuid } from './seeding/columns/row-uuid';
export { selectGenerator, GENERATED_REFERENCE_MS, type ColumnTraits } from './seeding/columns/select-generator';
export type { ValueGenerator, ValueState } from './seeding/columns/value-generator';
export { RandomSource } from './seeding/random-source';
export { zipfRank, scatterRank } from './seeding/zipf';
export { kthDistinct } from './seeding/kth-distinct';
export type { BatchWriter } from './seeding/batch-writer';
export { RepositoryBatchWriter } from './seeding/repository-batch-writer';
export { CopyBatchWriter } from './seeding/copy-batch-writer';
export type { BatchTransaction, CopySource } from './seeding/batch-transaction';
export { RowGenerator, type GeneratedRow } from './seeding/row-generator';
export { SeedLedger } from './seeding/ledger/seed-ledger';
export type { LedgerRun, LedgerTable, RunStatus } from './seeding/ledger/ledger-run';
export type { SeedLedgerOptions } from './seeding/ledger/seed-ledger-options';
export type { SeedMode, SeedHooks } from './seeding/seed-options';
export { exampleConfig } from './factories/example-config';
export { ReseedLedger1796100000000 } from '../migrations/1796100000000-reseed-ledger';
export { ReseedRunOwner1796150000000 } from '../migrations/1796150000000-reseed-run-owner';
export * from './tuning';
export * from './restart';
export { LocalPostgres, type LocalPostgresOptions, type ShutdownMode } from './server/local-postgres';
export { resolveDatabase, type ResolvedDatabase, type ResolveDatabaseOptions } from './server/resolve-database';
export { exampleDataSourceOptions } from './example-schema';
export { exampleEntities } from './entities';
