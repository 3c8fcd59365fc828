import 'reflect-metadata';
import path from 'node:path';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { CopyTableEncoder, ENCODE_SLICE_ROWS, joinStatement, type JoinedStatement } from '../../seeding/copy-table-encoder';
import { planSeed } from '../../seeding/plan-seed';
import { RowGenerator } from '../../seeding/row-generator';
import { loadConfig } from '../load-config';
import { isDataSource, loadDataSourceFile } from '../load-data-source';
import { registerCompiledTypeScript, type CompiledTypeScript } from '../typescript-loader';
import { takeSharedText } from './shared-text';
import type { ReseedConfig } from '../../seeding/reseed-config';
import type { EncodedBatch, EncodedStatement, GenerationJob, GenerationTask, GenerationWorkerData, WarmTask, WorkerSources } from './generation-job';
import { workerFailureOf } from './worker-failure';

/** What a worker builds once per job: the generator and one encoder per table. */
interface PreparedJob {
  generator: RowGenerator;
  encoders: Map<string, CopyTableEncoder>;
}

const jobs = new Map<string, Promise<PreparedJob>>();

/** How long a worker waits for the main thread's compiled TypeScript before it compiles the app's files itself. */
const TYPESCRIPT_WAIT_MS = 10_000;

/** A run's sources loaded, and its entities' metadata built (no connection). */
interface LoadedConfig {
  config: ReseedConfig;
  dataSource: DataSource;
}

/** Sources loaded by path, once per worker (a warm-up task may load them before any run). */
const configs = new Map<string, Promise<LoadedConfig>>();

/**
 * Runs in a worker thread (piscina): generates rows [start, start + count)
 * of a table and encodes them as COPY data (binary or text) exactly as the main thread would:
 * the same config file (loaded with the CLI's own loader), the same plan
 * (checked by its hash), the same RowGenerator and CopyTableEncoder, so the
 * database is the same whatever the number of workers.
 */
export default async function generateBatch(task: GenerationTask | WarmTask): Promise<EncodedBatch> {
  if ('warm' in task) {
    // A config that fails to load fails the run's first task again, with its message.
    await loaded(task.warm).catch(() => undefined);
    return { statements: [], rows: 0, generateMs: 0 };
  }
  let prepared = jobs.get(task.jobKey);
  if (!prepared) {
    prepared = prepare(task.job);
    jobs.set(task.jobKey, prepared);
  }
  const { generator, encoders } = await prepared;
  if (task.count === 0) return { statements: [], rows: 0, generateMs: 0 };
  const started = performance.now();
  // Each slice's text becomes bytes at once, outside the heap: no scavenge copies it while the rest of the piece is made.
  const statements: JoinedStatement<Uint8Array>[] = [];
  try {
    const encoder = encoders.get(task.table)!;
    for (let done = 0; done < task.count; done += ENCODE_SLICE_ROWS) {
      for (const statement of encoder.encode(generator.batch(task.table, task.start + done, Math.min(ENCODE_SLICE_ROWS, task.count - done)))) {
        joinStatement(statements, statement.sql, statement.rows, typeof statement.data === 'string' ? utf8.encode(statement.data) : statement.data);
      }
    }
  } catch (error) {
    const failed = workerFailureOf(error);
    if (!failed) throw error;
    return { failed, statements: [], rows: 0, generateMs: 0 };
  }
  const encoded: EncodedStatement[] = statements.map((s) => ({ sql: s.sql, rows: s.rows, bytes: concatenated(s.chunks) }));
  const batch: EncodedBatch = { statements: encoded, rows: task.count, generateMs: performance.now() - started };
  // Moved to the main thread, not copied: each statement's bytes are a buffer of their own.
  return move({ [transferableSymbol]: encoded.map((s) => s.bytes.buffer), [valueSymbol]: batch }) as unknown as EncodedBatch;
}

const utf8 = new TextEncoder();

/** The chunks as one array over a buffer of its own (a buffer can be moved once, and only whole). */
function concatenated(chunks: readonly Uint8Array[]): Uint8Array {
  const only = chunks.length === 1 ? chunks[0]! : undefined;
  if (only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only;
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function loaded(sources: WorkerSources): Promise<LoadedConfig> {
  const key = JSON.stringify([sources.configPath, sources.dataSourcePath]);
  let config = configs.get(key);
  if (!config) {
    config = loadWithMetadata(sources);
    configs.set(key, config);
  }
  return config;
}

/**
 * The config and the metadata the main thread planned with: the app's data
 * source options when there is one (its entities, naming strategy, prefix;
 * reseed builds its connection from them), else the config's entities.
 */
async function loadWithMetadata({ configPath, dataSourcePath }: WorkerSources): Promise<LoadedConfig> {
  const first = configPath ?? dataSourcePath;
  if (first === undefined) throw new Error('generation workers need a config file or a data-source file');
  const slot = (workerData as GenerationWorkerData | undefined)?.typescript;
  // Filled before the pool sends its first task with sources; waited for a while all the same.
  const text = slot ? takeSharedText(slot, TYPESCRIPT_WAIT_MS) : undefined;
  const compiled = text === undefined ? undefined : (JSON.parse(text) as CompiledTypeScript);
  // The project folder the main thread's loader took: that of the first file it loaded.
  if (compiled) registerCompiledTypeScript(compiled, { projectDir: path.dirname(first) });
  const config = configPath ? await loadConfig(configPath) : {};
  const source = dataSourcePath ?? config.dataSource;
  let options: DataSourceOptions;
  if (typeof source === 'string') options = (await loadDataSourceFile(source)).options;
  else if (source !== undefined) options = isDataSource(source) ? source.options : source;
  else if (config.entities) options = { type: 'postgres', entities: config.entities };
  else throw new Error(`${first} names no entities: generation workers need them`);
  // Metadata only: no connection is opened, no migration or subscriber loaded.
  const dataSource = new DataSource({ ...options, migrations: [], subscribers: [], migrationsRun: false, synchronize: false } as DataSourceOptions);
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return { config, dataSource };
}

async function prepare(job: GenerationJob): Promise<PreparedJob> {
  const { config, dataSource } = await loaded(job.sources);
  const plan = planSeed({ dataSource, config, counts: job.counts, seed: job.seed, batchSize: job.batchSize, append: job.append, prepared: job.prepared });
  if (plan.configHash !== job.configHash) throw new Error(`the worker's plan of ${job.sources.configPath ?? job.sources.dataSourcePath} differs from the main thread's (config hash ${plan.configHash} vs ${job.configHash})`);
  const tables = plan.tables.map((t) => ({ ...t, idStart: job.idStarts[t.table] }));
  const encoders = new Map(tables.map((t) => [t.table, new CopyTableEncoder(t.metadata, t.insertProperties, job.copyTypes[t.table])]));
  return { generator: new RowGenerator(job.seed, tables, job.prepared), encoders };
}
