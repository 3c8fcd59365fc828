/**
 * `npm run bench`: the medium preset into a fresh local PostgreSQL, measured
 * in one run: generation only; the repository writer and a raw COPY, both fed
 * the same pre-generated rows into the same schema; seed() end to end
 * (generation, ledger, sequences, ANALYZE). Then peak memory of seed() at two sizes. Not a test.
 * BENCH_REPS (default 3) sets the repetitions; BENCH_KEEP=1 keeps the cluster.
 * `npm run bench -- --tuning` compares the --tuning profiles instead (tuning-profiles.ts).
 */
import 'reflect-metadata';
import { exampleConfig } from '../src/factories/example-config';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations';
import { DataSourceManager } from '../src/connection';
import { exampleEntities } from '../src/entities';
import { planSeed } from '../src/seeding/plan-seed';
import { entityManagerBatchTransaction } from '../src/seeding/pg-batch-transaction';
import { RepositoryBatchWriter } from '../src/seeding/repository-batch-writer';
import { RowGenerator, type GeneratedRow } from '../src/seeding/row-generator';
import { metadataGenerationBench } from './metadata-generation';
import { seed } from '../src/seeding/seed';
import type { SeedPlan } from '../src/seeding/seed-plan';
import { LocalPostgres } from '../src/server/local-postgres';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchArgs } from './bench-args';
import { copyRows } from './copy-rows';
import { runTuningBench } from './tuning-profiles';
import { runCitusBench } from './citus-bench';

const REPS = Number(process.env.BENCH_REPS ?? 3);
/** Multiplier of the medium counts for the second memory measurement. */
const MEMORY_SCALE = 4;

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-bench-'));
  chmodSync(root, 0o755); // the server's OS user must reach the cluster below it
  const server = await LocalPostgres.open({ dataDir: path.join(root, 'data'), database: 'reseed_bench' });
  const dataSourceOptions = { type: 'postgres' as const, url: server.url, entities: exampleEntities, migrations };
  const manager = new DataSourceManager({ dataSourceOptions });
  try {
    const ds = new DataSource(dataSourceOptions);
    await ds.initialize();
    await ds.runMigrations();
    await ds.destroy();
    await manager.initialize();
    const plan = planSeed({ config: exampleConfig, dataSource: manager.dataSource, preset: 'medium' });
    console.log(`reseed bench: medium preset, ${plan.totalRows} rows in ${plan.tables.length} tables, ${REPS} repetitions, node ${process.version}, ${os.cpus().length} cores`);
    console.log(`  ${plan.tables.map((t) => `${t.table}=${t.count}`).join(' ')}\n`);

    console.log('memory of seed() while loading (measured first, before any pre-generated rows exist)');
    const gc = exposeGc();
    for (const scale of [1, MEMORY_SCALE]) {
      await emptyTables(manager);
      const counts = Object.fromEntries(plan.tables.map((t) => [t.table, t.count * scale]));
      const peak = { rss: 0, heap: 0, retained: 0 };
      let batches = 0;
      const sample = () => {
        const usage = process.memoryUsage();
        peak.rss = Math.max(peak.rss, usage.rss);
        peak.heap = Math.max(peak.heap, usage.heapUsed);
        // Every 10th batch, what survives a full GC: grows only if rows are kept.
        if (++batches % 10 === 0) {
          gc();
          peak.retained = Math.max(peak.retained, process.memoryUsage().heapUsed);
        }
      };
      const report = await seed({ config: exampleConfig, manager, counts, onProgress: (e) => e.type === 'batch' && sample() });
      console.log(`  ${String(report.totalRows).padStart(9)} rows: peak RSS ${mb(peak.rss)}, peak heap ${mb(peak.heap)}, heap retained after GC (max) ${mb(peak.retained)}`);
    }
    console.log('');
    const generate: number[] = [];
    const seedEndToEnd: number[] = [];
    const writerOnly: number[] = [];
    const copy: number[] = [];
    for (let rep = 1; rep <= REPS; rep++) {
      generate.push(generationRate(plan));
      const pregenerated = pregenerate(plan);
      await emptyTables(manager);
      writerOnly.push(await writerRate(manager, plan, pregenerated));
      await emptyTables(manager);
      copy.push(await copyRate(server.url, plan, pregenerated));
      await emptyTables(manager);
      const report = await seed({ config: exampleConfig, manager, preset: 'medium', seed: plan.seed });
      seedEndToEnd.push(report.totalRows / (report.elapsedMs / 1000));
      console.log(
        `  rep ${rep}: generate ${fmt(generate.at(-1)!)}  seed() ${fmt(seedEndToEnd.at(-1)!)}  repository writer ${fmt(writerOnly.at(-1)!)}  COPY ${fmt(copy.at(-1)!)} rows/s`,
      );
    }
    const m = { generate: median(generate), seed: median(seedEndToEnd), writer: median(writerOnly), copy: median(copy) };
    // Per-repetition ratios are steadier on a shared machine: both sides ran back to back.
    const writerRatio = median(writerOnly.map((w, i) => w / copy[i]!));
    const seedRatio = median(seedEndToEnd.map((w, i) => w / copy[i]!));
    console.log('\nmedians (rows/s)');
    console.log(`  generation only            ${fmt(m.generate)}`);
    console.log(`  repository writer          ${fmt(m.writer)}   ${(m.writer / m.copy).toFixed(2)}x COPY (median of per-rep ratios ${writerRatio.toFixed(2)}x; same pre-generated rows, planned batches)`);
    console.log(`  seed() end to end          ${fmt(m.seed)}   ${(m.seed / m.copy).toFixed(2)}x COPY (median of per-rep ratios ${seedRatio.toFixed(2)}x; generation, ledger, sequences, ANALYZE included)`);
    console.log(`  raw COPY                   ${fmt(m.copy)}`);
    console.log(`  generation / writer        ${(m.generate / m.writer).toFixed(1)}x (above 1: generation is not the bottleneck)`);
    console.log('');
    metadataGenerationBench(plan, REPS);

  } finally {
    await manager.destroy();
    if (process.env.BENCH_KEEP !== '1') {
      await server.destroy();
      rmSync(root, { recursive: true, force: true });
    }
  }
}

/** Rows per second of generating every planned row in batches, writing nothing. */
function generationRate(plan: SeedPlan): number {
  const generator = new RowGenerator(plan.seed, plan.tables);
  const started = performance.now();
  for (const t of plan.tables) for (let s = 0; s < t.count; s += t.batchSize) generator.batch(t.table, s, Math.min(t.batchSize, t.count - s));
  return plan.totalRows / ((performance.now() - started) / 1000);
}

/** Every planned row, made before timing the writers: both get the very same rows. */
function pregenerate(plan: SeedPlan): GeneratedRow[][] {
  const generator = new RowGenerator(plan.seed, plan.tables);
  return plan.tables.map((t) => generator.batch(t.table, 0, t.count));
}

/** Rows per second of the repository writer alone: one transaction per planned batch, no ledger. */
async function writerRate(manager: DataSourceManager, plan: SeedPlan, pregenerated: GeneratedRow[][]): Promise<number> {
  const writer = new RepositoryBatchWriter();
  const started = performance.now();
  for (const [i, t] of plan.tables.entries()) {
    for (let s = 0; s < t.count; s += t.batchSize) {
      const rows = pregenerated[i]!.slice(s, s + t.batchSize);
      await manager.dataSource.transaction(async (tx) => writer.write(await entityManagerBatchTransaction(tx), t, rows));
    }
  }
  return plan.totalRows / ((performance.now() - started) / 1000);
}

/** Rows per second of COPY of the same pre-generated rows, one COPY per table in FK order. */
async function copyRate(url: string, plan: SeedPlan, pregenerated: GeneratedRow[][]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    for (const [i, t] of plan.tables.entries()) await copyRows(client, t, pregenerated[i]!);
    return plan.totalRows / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

async function emptyTables(manager: DataSourceManager): Promise<void> {
  await manager.dataSource.query('TRUNCATE users, posts, comments, tags, post_tags, follows, reseed_runs, reseed_run_tables RESTART IDENTITY');
  await manager.dataSource.query('CHECKPOINT');
}

/** A full-GC function without restarting node with --expose-gc. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US')}`.padStart(8);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Exit code of a bad `npm run bench` argument. */
const EXIT_BAD_INPUT = 2;

function dispatch(): void {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(`bench: ${error.message}\n${BENCH_USAGE}`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  switch (args.mode) {
    case 'help':
      console.log(BENCH_USAGE);
      return;
    case 'tuning':
      runTuningBench(args.options).then(
        (code) => (process.exitCode = code),
        (error: unknown) => {
          console.error(error);
          process.exitCode = 1;
        },
      );
      return;
    case 'citus':
      runCitusBench(args.reps).then(
        (code) => (process.exitCode = code),
        (error: unknown) => {
          console.error(error);
          process.exitCode = 1;
        },
      );
      return;
    case 'default':
      main().catch((error) => {
        console.error(error);
        process.exitCode = 1;
      });
  }
}

dispatch();
