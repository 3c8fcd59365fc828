/** What every worker gets once, when it starts. */
export interface GenerationWorkerData {
  /**
   * A shared text slot (see shared-text.ts) that the main thread fills once
   * it has loaded the config: the app's TypeScript as it compiled it, as
   * JSON (a CompiledTypeScript), so a worker needs no compiler of its own for
   * those files; written as none when no TypeScript was loaded.
   */
  typescript: SharedArrayBuffer;
}

/**
 * What every task of a run carries, plain data only: enough for a worker to
 * plan the run again from the config file (the same file the main thread
 * loaded) and rebuild the same generator and encoders, once.
 */
export interface GenerationJob {
  sources: WorkerSources;
  seed: number;
  /** Rows of every planned table. */
  counts: Record<string, number>;
  /** idStart of every planned table (1, or past max(id) when appending or resuming an append). */
  idStarts: Record<string, number | undefined>;
  /** The database types of every planned table's columns (PlannedTable.copyTypes), for the binary COPY format. */
  copyTypes: Record<string, Readonly<Record<string, string>> | undefined>;
  batchSize: number | undefined;
  append: boolean;
  /** What the config's prepare step returned (structured-cloned). */
  prepared: Readonly<Record<string, unknown>>;
  /** The main thread's plan hash: the worker's plan must have the same. */
  configHash: string;
}

/**
 * The files a worker loads, as the main thread did: the config file, the
 * app's data-source file (`--data-source`), or both. With no data-source
 * file, the config's own `dataSource` (a path, a DataSource or its options)
 * gives the metadata's options (naming strategy, prefix), else its entities.
 */
export interface WorkerSources {
  configPath: string | undefined;
  dataSourcePath: string | undefined;
}

/** A task sent to every worker as the pool starts: load the sources (entities, factories, metadata) ahead of any run. */
export interface WarmTask {
  warm: WorkerSources;
}

/** A task: rows [start, start + count) of one table, as COPY data; count 0 only checks the job. */
export interface GenerationTask {
  job: GenerationJob;
  /** Identifies the job in the worker's cache (the same job is sent with every task). */
  jobKey: string;
  table: string;
  start: number;
  count: number;
}

/** One COPY statement of an encoded batch: its SQL and its rows' data (text as UTF-8, or binary tuples). */
export interface EncodedStatement {
  sql: string;
  rows: number;
  bytes: Uint8Array;
}

/** A worker's answer. */
export interface EncodedBatch {
  /** Set instead of the rows when the batch could not be made: reseed's own errors, which structured clone would strip to a plain Error. */
  failed?: WorkerFailure;
  statements: EncodedStatement[];
  rows: number;
  /** Time the worker spent generating and encoding. */
  generateMs: number;
}

/** A reseed error raised in a worker, as it crosses to the main thread (rebuilt there by {@link reviveWorkerFailure}). */
export type WorkerFailure =
  | { kind: 'factory'; factory: string; table: string; rowIndex: number; message: string; stack: string | undefined }
  | { kind: 'input'; message: string; hint: string | undefined; stack: string | undefined };
