/**
 * `npm run bench`: the medium preset into a fresh local PostgreSQL, measured
 * in one run: generation only; the repository writer and a raw COPY, both fed
 * the same pre-generated rows into the same schema; seed() end to end
 * (generation, ledger, sequences, ANALYZE) as an app calls the installed
 * package (compiled, in a child: bench/seed-child.cjs); then the installed
 * CLI by size and with --defer-indexes off and on. Not a test.
 * BENCH_REPS (default 3) sets the repetitions; BENCH_KEEP=1 keeps the cluster.
 * `npm run bench -- --tuning` compares the --tuning profiles instead (tuning-profiles.ts).
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations';
import { DataSourceManager } from '../src/connection';
import { exampleEntities } from '../src/entities';
import { planSeed } from '../src/seeding/plan-seed';
import { readCopyTypes, withCopyTypes } from '../src/seeding/copy-types';
import { entityManagerBatchTransaction } from '../src/seeding/pg-batch-transaction';
import { RepositoryBatchWriter } from '../src/seeding/repository-batch-writer';
import { CopyBatchWriter } from '../src/seeding/copy-batch-writer';
import type { BatchWriter } from '../src/seeding/batch-writer';
import { RowGenerator, type GeneratedRow } from '../src/seeding/row-generator';

import type { SeedPlan } from '../src/seeding/seed-plan';
import { LocalPostgres } from '../src/server/local-postgres';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchArgs } from './bench-args';
import { copyRows } from './copy-rows';
import { buildCli, REPO_ROOT } from './timed-cli-run';
import { runCliUnderTime } from './cli-under-time';
import { formatMb, formatRate, formatRatio, formatTable } from './bench-table';
import { exampleConfig } from '../src/factories/example-config';
import { exampleConfigPath } from '../src/factories/example-config-path';
import { generationWorkers } from '../src/loading/workers/generation-workers';
import { metadataGenerationBench } from './metadata-generation';
import { CopyTableEncoder } from '../src/seeding/copy-table-encoder';
import { defaultWorkerCount } from '../src/loading/workers/generation-pool';
import { rotatedOrder } from './rotated-order';
import { median } from './median';
import { runTuningBench } from './tuning-profiles';
import { runCitusBench } from './citus-bench';
import { runPeersBench } from './peers-bench';

const REPS = Number(process.env.BENCH_REPS ?? 3);

async function main(args: { huge: boolean }): Promise<void> {
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
    // seed() runs as the installed package does (compiled, bench/seed-child.cjs), and so does the CLI.
    buildCli();
    const planned = planSeed({ config: exampleConfig, dataSource: manager.dataSource, preset: 'medium' });
    // The columns' database types, as a run reads them: the COPY writer's binary format needs them.
    const plan = withCopyTypes(planned, await readCopyTypes(manager.dataSource, planned.tables));
    console.log(`reseed bench: medium preset, ${plan.totalRows} rows in ${plan.tables.length} tables, ${REPS} repetitions, node ${process.version}, ${os.cpus().length} cores`);
    console.log(`  ${plan.tables.map((t) => `${t.table}=${t.count}`).join(' ')}\n`);

    console.log('generation and COPY encoding, rows/s by worker count (no database; 0 = on the main thread)');
    const byWorkers: Record<number, number[]> = { 0: [], 1: [], 2: [], 4: [] };
    for (let rep = 1; rep <= REPS; rep++) {
      for (const workers of rotatedOrder([0, 1, 2, 4], rep - 1)) byWorkers[workers]!.push(await encodeRate(plan, workers));
    }
    const mainRate = median(byWorkers[0]!);
    console.log(
      formatTable(
        ['workers', 'rows/s', 'vs main thread'],
        [0, 1, 2, 4].map((w) => [String(w), formatRate(median(byWorkers[w]!)), formatRatio(median(byWorkers[w]!) / mainRate)]),
      ),
    );
    console.log('');
    const rates: Record<Measure, number[]> = { generate: [], copyWriter: [], copyWriterText: [], repositoryWriter: [], copy: [], seedWorkers: [], seedOneStream: [], seedCopy: [], seedRepository: [] };
    for (let rep = 1; rep <= REPS; rep++) {
      rates.generate.push(generationRate(plan));
      // seed() first, with no pre-generated rows in this process's heap (their GC would slow it),
      // then the writers and COPY on the same pre-generated rows. Rotated order within each group:
      // none always runs first (cold) or last (after the others' garbage).
      for (const measure of rotatedOrder(SEEDS, rep - 1)) {
        await emptyTables(manager);
        rates[measure].push(await timed(measure, { manager, url: server.url, plan, pregenerated: [] }));
      }
      const pregenerated = pregenerate(plan);
      for (const measure of rotatedOrder(WRITERS, rep - 1)) {
        await emptyTables(manager);
        rates[measure].push(await timed(measure, { manager, url: server.url, plan, pregenerated }));
      }
      console.log(`  rep ${rep}: ${(Object.keys(LABELS) as Measure[]).map((k) => `${SHORT[k]} ${formatRate(rates[k].at(-1)!)}`).join('  ')} rows/s`);
    }
    // Per-repetition ratios are steadier on a shared machine: both sides ran back to back.
    const ratio = (k: Measure) => median(rates[k].map((r, i) => r / rates.copy[i]!));
    console.log('\nmedians (ratio = median of per-repetition ratios to a raw COPY of the same pre-generated rows)');
    console.log(
      formatTable(
        ['what', 'rows/s', 'vs COPY'],
        (Object.keys(LABELS) as Measure[]).map((k) => [LABELS[k], formatRate(median(rates[k])), k === 'copy' || k === 'generate' ? '' : formatRatio(ratio(k))]),
      ),
    );
    console.log(`  (on the main thread generation and writing share one thread: their costs add, 1/gen + 1/writer; workers: ${defaultWorkerCount()})`);
    console.log('');
    // The CLI's whole seed against a raw COPY measured next to it, repetition by repetition.
    const pairedCopy = async () => {
      const pregenerated = pregenerate(plan);
      await emptyTables(manager);
      return copyRate(server.url, plan, pregenerated);
    };
    await cliSizes(server.url, plan, args, pairedCopy);
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

type Measure = 'generate' | 'copyWriter' | 'copyWriterText' | 'repositoryWriter' | 'copy' | 'seedWorkers' | 'seedOneStream' | 'seedCopy' | 'seedRepository';
const LABELS: Record<Measure, string> = {
  generate: 'generation only (main thread)',
  copyWriter: 'COPY writer (pre-generated)',
  copyWriterText: 'COPY writer, text format only',
  repositoryWriter: 'repository writer (pre-generated)',
  copy: 'raw COPY, text format (pre-generated)',
  seedWorkers: 'seed(), COPY, default workers, 2 streams',
  seedOneStream: 'seed(), same, one table at a time',
  seedCopy: 'seed(), COPY, main thread',
  seedRepository: 'seed(), repository, main thread',
};
const SHORT: Record<Measure, string> = {
  generate: 'gen',
  copyWriter: 'copy-writer',
  copyWriterText: 'copy-text',
  repositoryWriter: 'repo-writer',
  copy: 'COPY',
  seedWorkers: 'seed(2 streams)',
  seedOneStream: 'seed(1 stream)',
  seedCopy: 'seed(copy)',
  seedRepository: 'seed(repo)',
};
const WRITERS: Exclude<Measure, 'generate'>[] = ['copyWriter', 'copyWriterText', 'repositoryWriter', 'copy'];
const SEEDS: Exclude<Measure, 'generate'>[] = ['seedWorkers', 'seedOneStream', 'seedCopy', 'seedRepository'];

interface TimedContext {
  manager: DataSourceManager;
  url: string;
  plan: SeedPlan;
  pregenerated: GeneratedRow[][];
}

async function timed(measure: Exclude<Measure, 'generate'>, ctx: TimedContext): Promise<number> {
  switch (measure) {
    case 'copyWriter':
      return writerRate(ctx.manager, ctx.plan, ctx.pregenerated, new CopyBatchWriter());
    case 'copyWriterText':
      return writerRate(ctx.manager, ctx.plan, ctx.pregenerated, new CopyBatchWriter({ format: 'text' }));
    case 'repositoryWriter':
      return writerRate(ctx.manager, ctx.plan, ctx.pregenerated, new RepositoryBatchWriter());
    case 'copy':
      return copyRate(ctx.url, ctx.plan, ctx.pregenerated);
    case 'seedWorkers':
    case 'seedOneStream':
    case 'seedCopy':
    case 'seedRepository':
      return seedRate(ctx, {
        writer: measure === 'seedRepository' ? 'repository' : 'copy',
        workers: measure === 'seedWorkers' || measure === 'seedOneStream' ? defaultWorkerCount() : 0,
        streams: measure === 'seedOneStream' ? 1 : 2,
      });
  }
}

/** The compiled library's seed() in a child of its own (bench/seed-child.cjs): rows/s around the call. */
async function seedRate(ctx: TimedContext, run: { writer: 'copy' | 'repository'; workers: number; streams: number }): Promise<number> {
  const child = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(__dirname, 'seed-child.cjs')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: ctx.url, SEED: String(ctx.plan.seed), SEED_WRITER: run.writer, SEED_WORKERS: String(run.workers), SEED_STREAMS: String(run.streams) },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => (error ? reject(new Error(`bench/seed-child.cjs failed: ${error.message}\n${stderr.slice(-3000)}`)) : resolve(stdout)),
    );
  });
  const { rows, ms } = JSON.parse(child.trim().split('\n').at(-1)!) as { rows: number; ms: number };
  return rows / (ms / 1000);
}

/** Rows per second of generating and encoding every planned row as COPY text, writing nothing. */
async function encodeRate(plan: SeedPlan, workers: number): Promise<number> {
  const source = await generationWorkers({ workers, configPath: exampleConfigPath() })(plan, new CopyBatchWriter(), {});
  try {
    // Workers start (and compile) before the clock: the load reuses them for every table.
    if (workers > 0) await source.source.prepare(plan.tables[0]!, 0, 1);
    const encoder = new Map(plan.tables.map((t) => [t.table, new CopyTableEncoder(t.metadata, t.insertProperties, t.copyTypes)]));
    const generator = new RowGenerator(plan.seed, plan.tables);
    const started = performance.now();
    for (const t of plan.tables) {
      const pending: Promise<unknown>[] = [];
      for (let s = 0; s < t.count; s += t.batchSize) {
        const count = Math.min(t.batchSize, t.count - s);
        if (workers === 0) encoder.get(t.table)!.encode(generator.batch(t.table, s, count));
        else pending.push(source.source.prepare(t, s, count));
        // As the load does: at most `lookahead` batches asked for at once.
        if (pending.length >= source.source.lookahead) await pending.shift();
      }
      await Promise.all(pending);
    }
    return plan.totalRows / ((performance.now() - started) / 1000);
  } finally {
    await source.close();
  }
}

/**
 * The CLI as installed (bin/reseed.cjs on dist/, built first; default
 * workers and streams, tuning off, indexes and FKs as --defer-indexes auto
 * decides) at 100k and 1M rows (10M with --huge), each in its own process
 * under /usr/bin/time: rows/s of the load as the CLI reports it, and peak
 * RSS. Then, at the medium preset, REPS runs each with --defer-indexes off
 * and on, each repetition against `measureCopy` (a raw COPY of the same rows
 * into the same constrained schema, run just before): the ratio is the
 * median of the repetitions' ratios, steadier on a shared machine than
 * rates measured minutes apart.
 */
async function cliSizes(url: string, plan: SeedPlan, args: { huge: boolean }, measureCopy: () => Promise<number>): Promise<void> {
  const scales = args.huge ? [1, 10, 100] : [1, 10];
  console.log(`the CLI end to end by size (bin/reseed.cjs, own process, --tuning off; workers as 'auto' decides: ${defaultWorkerCount()} from 100 MB)`);
  const countsAt = (scale: number) => plan.tables.flatMap((t) => ['--count', `${t.table}=${t.count * scale}`]);
  const rows: string[][] = [];
  let base: number | undefined;
  for (const scale of scales) {
    const run = await runCliUnderTime([...countsAt(scale), '--truncate', '--yes', '--tuning', 'off'], url);
    base ??= run.rowsPerSec;
    rows.push([formatRate(run.rows), formatRate(run.rowsPerSec), formatMb(run.peakRssBytes), `${(run.wallMs / 1000).toFixed(1)} s`, formatRatio(run.rowsPerSec / base)]);
  }
  console.log(formatTable(['rows', 'load rows/s', 'peak RSS', 'wall', 'vs 100k'], rows));
  console.log('');
  // Overall rows/s: the rebuild of what deferral dropped counts (the load's own rate would leave it out).
  const byDeferral: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const copies: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    copies.push(await measureCopy());
    for (const defer of rotatedOrder(['off', 'on'] as const, rep)) {
      byDeferral[defer].push((await runCliUnderTime([...countsAt(1), '--truncate', '--yes', '--tuning', 'off', '--defer-indexes', defer], url)).overallRowsPerSec);
    }
    console.log(`  rep ${rep + 1}: raw COPY ${formatRate(copies[rep]!)}  off ${formatRate(byDeferral.off[rep]!)}  on ${formatRate(byDeferral.on[rep]!)} rows/s`);
  }
  console.log(`the CLI at ${formatRate(plan.totalRows)} rows against a raw COPY of the same rows run just before it (median ${formatRate(median(copies))} rows/s, same schema with its indexes and FKs)`);
  console.log(
    formatTable(
      ['--defer-indexes', 'rows/s, whole seed', 'vs raw COPY'],
      (['off', 'on'] as const).map((d) => [
        d === 'off' ? 'off (constraints kept)' : 'on (dropped, rebuilt)',
        formatRate(median(byDeferral[d])),
        formatRatio(median(byDeferral[d].map((rate, i) => rate / copies[i]!))),
      ]),
    ),
  );
  console.log('  (a whole seed: plan, ledger, load, sequences, ANALYZE, and the rebuild when on; the COPY loads only)');
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

/** Rows per second of a writer alone: one transaction per planned batch, no ledger. */
async function writerRate(manager: DataSourceManager, plan: SeedPlan, pregenerated: GeneratedRow[][], writer: BatchWriter): Promise<number> {
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
    case 'peers':
      runPeersBench(args.rows, REPS).then(
        (code) => (process.exitCode = code),
        (error: unknown) => {
          console.error(error);
          process.exitCode = 1;
        },
      );
      return;
    case 'default':
      main({ huge: args.huge }).catch((error) => {
        console.error(error);
        process.exitCode = 1;
      });
  }
}

dispatch();
