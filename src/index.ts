/**
 * reseed's library API: seed a PostgreSQL database through TypeORM entities,
 * reproducibly and resumably, and run the whole tuned bulk load without a
 * terminal. Only what is exported here is public: every other module is an
 * internal that may change in any release.
 */

// Seeding: one call, resumable, exactly once.
export { seed } from './seeding/seed';
export type { SeedOptions, SeedMode, SeedHooks, SeedHookContext } from './seeding/seed-options';
export type { SeedLedgerOptions } from './seeding/ledger/seed-ledger-options';
export type { RunOwnerRegistry } from './seeding/ledger/run-ownership';
export type { SeedReport, TableReport } from './seeding/seed-report';
export type { SeedProgressEvent } from './seeding/seed-progress-event';
export type { SeedPlan, PlannedTable } from './seeding/seed-plan';
export { DEFAULT_SEED, MAX_BIND_PARAMETERS } from './seeding/plan-seed';

// The tuned bulk load: tune, restart, verify, defer indexes and FKs, load, rebuild, restore.
export { bulkLoad, type BulkLoadOptions, type BulkLoadResult } from './bulk-load/bulk-load';
export type { BulkLoadTuningOptions } from './bulk-load/tuned-load';
export { restoreWithRestart, type RestoreWithRestartOptions } from './bulk-load/restore-with-restart';
export { TuningStateStore, type TuningStateFolderOptions } from './tuning/tuning-state-store';
export { DEFAULT_TUNING_THRESHOLD } from './tuning/choose-tuning-profile';
export { TUNING_PROFILE_NAMES, type TuningProfileName } from './tuning/tuning-profile';
export type { RestoreResult } from './tuning/restore-tuning';
export { createRestartStrategy, defaultRestartStrategyName, type CreateRestartStrategyOptions } from './restart/create-restart-strategy';
export { RESTART_STRATEGY_NAMES, type RestartStrategy, type RestartStrategyName, type RestartContext, type RestartNode } from './restart/restart-strategy';
export { PromptRestartStrategy } from './restart/prompt-restart-strategy';
export { CommandRestartStrategy } from './restart/command-restart-strategy';
export { EmbeddedRestartStrategy, type RestartableServer } from './restart/embedded-restart-strategy';
export { ExitRestartStrategy } from './restart/exit-restart-strategy';
export { SkipRestartStrategy } from './restart/skip-restart-strategy';
export { InquirerPrompter } from './restart/inquirer-prompter';
export type { Prompter } from './restart/prompter';
export type { RestartCommandHint } from './restart/restart-command-hint';
export type { Logger } from './logger';

// Configs and factories.
export { defineConfig, DEFAULT_PRESET, GENERIC_PRESET_ROWS, type ReseedConfig, type TableCounts } from './seeding/reseed-config';
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
export { loadConfig } from './loading/load-config';
export { seedDataSourceOptions } from './loading/load-data-source';
// Helpers for factories: a seeded random source, skewed and distinct picks, stable uuids, the default generators.
export { RandomSource } from './seeding/random-source';
export { zipfRank, scatterRank } from './seeding/zipf';
export { kthDistinct } from './seeding/kth-distinct';
export { rowUuid } from './seeding/columns/row-uuid';
export { selectGenerator, GENERATED_REFERENCE_MS, type ColumnTraits } from './seeding/columns/select-generator';
export type { ValueGenerator, ValueState } from './seeding/columns/value-generator';

// How batches are written (seed's `writer`).
export type { BatchWriter } from './seeding/batch-writer';
export type { BatchTransaction, CopySource } from './seeding/batch-transaction';
export type { GeneratedRow } from './seeding/row-generator';
export { CopyBatchWriter } from './seeding/copy-batch-writer';
export { RepositoryBatchWriter } from './seeding/repository-batch-writer';

// Connections that survive restarts.
export {
  DataSourceManager,
  type DataSourceManagerOptions,
  type DataSourceManagerEvents,
  type ReconnectingEvent,
  type ReconnectedEvent,
  type RecreateOptions,
  type ManagerState,
} from './connection/data-source-manager';
export { withReconnect, DEFAULT_MAX_RECONNECTS, type ReconnectPolicy } from './connection/with-reconnect';
export { waitForReady, type ReadinessProbeOptions, type ProbeAttempt } from './connection/readiness-probe';
export { healthCheck, type HealthCheckOptions, type HealthReport } from './connection/health-check';
export { classifyError, isConnectionLost, type ErrorKind } from './connection/classify-error';
export { maskUrl } from './mask-url';

// Errors: every one a ReseedError with a stable `code`.
export { ReseedError, ResumableStopError, type ReseedErrorOptions } from './errors';
export { SeedInputError, SEED_INPUT_ERROR } from './seeding/seed-input-error';
export { SeedAbortedError, SEED_ABORTED, type AbortedSeedReport } from './seeding/seed-aborted-error';
export { SeedStalledError, SEED_STALLED } from './seeding/seed-stalled-error';
export { SeedDataError, SEED_DATA_ERROR } from './seeding/seed-data-error';
export { ServerResourceError, SERVER_RESOURCE_ERROR } from './seeding/server-resource-error';
export { FactoryError, FACTORY_ERROR } from './seeding/factory-error';
export type { RunSource } from './seeding/run-source';
export { RunTakenOverError, RUN_TAKEN_OVER } from './seeding/run-taken-over-error';
export { LedgerRunGoneError, LEDGER_RUN_GONE } from './seeding/ledger-run-gone-error';
export { LedgerCreateDeniedError, LEDGER_CREATE_DENIED } from './seeding/ledger/ledger-create-denied-error';
export { ConnectionLostError, CONNECTION_LOST } from './connection/connection-lost-error';
export { FatalConnectionError, CONNECTION_FATAL } from './connection/fatal-connection-error';
export { ReadinessTimeoutError, NOT_READY_IN_TIME } from './connection/readiness-timeout-error';
export { NotReadyError, NOT_READY } from './connection/not-ready-error';
export { HealthCheckFailedError, HEALTH_CHECK_FAILED } from './connection/health-check-failed-error';
export { DatabaseUrlError, BAD_DATABASE_URL } from './connection/database-url-error';
export { TuningError, type TuningErrorCode } from './tuning/tuning-error';
export { RestartError, type RestartErrorCode } from './restart/restart-error';
export { RestartExitRequested, RESTART_EXIT_CODE } from './restart/restart-exit-requested';
export { EmbeddedServerError, type EmbeddedServerErrorCode } from './server/embedded-server-error';

// Where batches are generated (seed's `batches`): the main thread, or worker threads.
export type { BatchSource, BatchSourceOpener, OpenedBatchSource, PreparedBatch } from './seeding/batch-source';
export { inThreadBatches } from './seeding/in-thread-batch-source';
export { generationWorkers, AUTO_WORKERS_MIN_BYTES, AUTO_WORKERS_MIN_ROWS, type GenerationWorkersOptions } from './loading/workers/generation-workers';
export { defaultWorkerCount } from './loading/workers/generation-pool';

// reseed's own ledger as TypeORM migrations (reseed also creates it when missing).
export { ReseedLedger1796100000000 } from '../migrations/1796100000000-reseed-ledger';
export { ReseedRunOwner1796150000000 } from '../migrations/1796150000000-reseed-run-owner';
export { ReseedRunShards1796400000000 } from '../migrations/1796400000000-reseed-run-shards';
export { ReseedRunSource1796500000000 } from '../migrations/1796500000000-reseed-run-source';

// Splitting one run over several processes (--shard K/N).
export { parseShard, shardRange, type Shard } from './seeding/shard';
// Placement on a Citus cluster (the config's `distribution`).
export type { DistributionConfig, TableDistribution } from './seeding/distribution/distribution-config';

// The embedded PostgreSQL, and the example schema this repository seeds (the demo).
export { LocalPostgres, type LocalPostgresOptions, type ShutdownMode } from './server/local-postgres';
export { exampleConfig } from './factories/example-config';
export { exampleEntities } from './entities';
export { exampleDataSourceOptions } from './example-schema';
