/**
 * `npm run bench -- --tuning`: the benefit of each --tuning profile, shown
 * rather than assumed. One embedded PostgreSQL in a temp folder; the installed
 * CLI (bin/reseed.cjs on dist/, built first) in a child process loads the same
 * data with each profile (restarting that server for real when a profile
 * needs it), repetitions in rotated order.
 * Every run must exit 0, report the profile it was given, load data whose
 * checksum equals the untimed warm-up's, and leave settings, indexes and FKs
 * as it found them. Then medians and ratios to `off`. Not a test.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { exampleConfig } from '../src/factories/example-config';
import { LocalPostgres } from '../src/server/local-postgres';
import type { TuningProfileName } from '../src/tuning/tuning-profile';
import { tableChecksums } from '../test/seeding/support/seeding-database';
import { CliOutputError, readCliOutput, type CliOutputFacts } from './cli-output';
import { rotatedOrder } from './rotated-order';
import { fingerprintChanges, serverFingerprint } from './server-fingerprint';
import { buildCli, startTimedCli, type TimedCliResult, type TimedCliRun } from './timed-cli-run';
import type { TuningBenchOptions } from './tuning-bench-options';
import { formatTuningSummary, profileMedians, type TuningRun } from './tuning-summary';

/** Exit code after Ctrl-C, as the CLI's. */
const EXIT_INTERRUPTED = 130;
/** Output lines of a failed run shown in the error. */
const FAILURE_TAIL_LINES = 25;
/** Variables that would point the CLI at another server or cluster than the bench's. */
const FOREIGN_ENV = /^(DATABASE_URL|PG[A-Z]+|RESEED_[A-Z_]+)$/;

/** A run that failed or broke the comparison (non-zero exit, other data, something not restored). */
export class TuningBenchError extends Error {
  override readonly name = 'TuningBenchError';
}

/** Runs the comparison and prints it; returns the process exit code (0, 1, or 130 after Ctrl-C). */
export async function runTuningBench(options: TuningBenchOptions): Promise<number> {
  buildCli();
  const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-bench-tuning-'));
  chmodSync(root, 0o755); // the server's OS user (postgres, when we are root) must reach the cluster below it
  let interruptedAt: number | undefined;
  let current: TimedCliRun | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedAt === undefined) {
      interruptedAt = Date.now();
      console.error(`\n${signal}: stopping the current CLI run (it restores its settings), then removing ${root}`);
    } else if (Date.now() - interruptedAt < 1_000) {
      return; // the same Ctrl-C relayed by npm/tsx
    }
    current?.interrupt();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let server: LocalPostgres | undefined;
  try {
    server = await LocalPostgres.open({ dataDir: path.join(root, 'pgdata') });
    const env = childEnv(root, server.port);
    const sizing = sizingArgs(options);
    const run = async (profile: TuningProfileName): Promise<{ result: TimedCliResult; facts: CliOutputFacts }> => {
      if (interruptedAt !== undefined) throw new Interrupted();
      await query(server!.url, 'CHECKPOINT'); // the previous run's dirty pages are not this run's cost
      const args = [...sizing, '--truncate', '--yes', '--tuning', profile, '--restart', 'embedded', ...(profile === 'unsafe' ? ['--unsafe'] : [])];
      current = startTimedCli(args, env, options.runTimeoutMs);
      const result = await current.result;
      current = undefined;
      if (interruptedAt !== undefined) throw new Interrupted();
      const what = `--tuning ${profile}`;
      if (result.timedOut) throw failure(`${what} took longer than ${options.runTimeoutMs / 60_000} min and was stopped`, result);
      if (result.code !== 0) throw failure(`${what} exited with ${result.code ?? result.signal}`, result);
      let facts: CliOutputFacts;
      try {
        facts = readCliOutput(result.lines);
      } catch (error) {
        if (error instanceof CliOutputError) throw failure(`${what}: ${error.message}`, result);
        throw error;
      }
      if (facts.profile !== profile) throw failure(`${what}: the report says "tuning ${facts.profile}"`, result);
      return { result, facts };
    };

    const sizeText = sizing.join(' ');
    console.log(
      `reseed bench --tuning: ${sizeText}; profiles ${options.profiles.join(', ')}; ${options.reps} repetition(s), order rotated; ` +
        `node ${process.version}, ${os.cpus().length} cores; embedded PostgreSQL in ${root}`,
    );
    const warmUp = await run('off');
    const reference = await checksums(server.url);
    const baseline = await fingerprint(server.url);
    console.log(
      `warm-up (off, not counted, applies the migrations): ${warmUp.facts.totalRows.toLocaleString('en-US')} rows, ` +
        `${(warmUp.result.wallMs / 1000).toFixed(1)} s; reference checksum ${shortSum(reference)}\n`,
    );

    const loadAtStart = os.loadavg()[0]!;
    const runs: TuningRun[] = [];
    for (let rep = 1; rep <= options.reps; rep++) {
      const line: string[] = [];
      for (const profile of rotatedOrder(options.profiles, rep - 1)) {
        const { result, facts } = await run(profile);
        const sums = await checksums(server.url);
        const differing = Object.keys(reference).filter((t) => sums[t] !== reference[t]);
        if (differing.length) {
          throw new TuningBenchError(
            `--tuning ${profile} (rep ${rep}) loaded other data than --tuning off: ${differing.map((t) => `${t} ${sums[t]} instead of ${reference[t]}`).join('; ')}`,
          );
        }
        const changes = fingerprintChanges(baseline, await fingerprint(server.url));
        if (changes.length) throw new TuningBenchError(`--tuning ${profile} (rep ${rep}) did not put everything back:\n  ${changes.join('\n  ')}`);
        runs.push({ profile, rep, wallMs: result.wallMs, facts });
        const restarts = facts.restartsMs.length ? ` (${facts.restartsMs.length} restarts ${(sum(facts.restartsMs) / 1000).toFixed(1)} s)` : '';
        line.push(`${profile} ${(result.wallMs / 1000).toFixed(1)} s${restarts}`);
      }
      console.log(`  rep ${rep}: ${line.join(' | ')}`);
    }
    console.log(
      `\nAll ${runs.length} runs exited 0, reported the profile they were given, loaded the same data ` +
        `(md5 per table in primary-key order, ${shortSum(reference)}), and left settings, autovacuum, indexes and FKs as they were.\n`,
    );
    console.log(formatTuningSummary(profileMedians(runs, options.profiles), { reps: options.reps, cores: os.cpus().length, loadAverages: `${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end` }));
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      console.error('Interrupted: no results.');
      return EXIT_INTERRUPTED;
    }
    console.error(`bench --tuning failed: ${error instanceof TuningBenchError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    current?.interrupt();
    await current?.result.catch(() => undefined);
    await server?.destroy().catch((e: unknown) => console.error(`could not stop the bench's PostgreSQL: ${(e as Error).message}`));
    rmSync(root, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Ctrl-C or SIGTERM during the comparison. */
class Interrupted extends Error {}

/**
 * The bench's environment without anything that would send the CLI elsewhere
 * (DATABASE_URL, PG*, RESEED_*), plus the bench's cluster, port and state folder.
 */
function childEnv(root: string, port: number): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !FOREIGN_ENV.test(name)));
  return { ...env, RESEED_DATA_DIR: path.join(root, 'pgdata'), RESEED_STATE_DIR: path.join(root, 'state'), RESEED_EMBEDDED_PORT: String(port) };
}

/** --preset, then --count per table when --scale multiplies the preset, then the --count entries given. */
function sizingArgs(options: TuningBenchOptions): string[] {
  const args = ['--preset', options.preset];
  if (options.scale !== 1) {
    const preset = exampleConfig.presets?.[options.preset];
    if (!preset) throw new TuningBenchError(`--scale needs a preset of the example schema; "${options.preset}" is not one (${Object.keys(exampleConfig.presets ?? {}).join(', ')})`);
    for (const [table, rows] of Object.entries(preset)) args.push('--count', `${table}=${Math.max(1, Math.round(rows * options.scale))}`);
  }
  for (const entry of options.counts) args.push('--count', entry);
  return args;
}

function failure(message: string, result: TimedCliResult): TuningBenchError {
  const tail = result.lines.slice(-FAILURE_TAIL_LINES).map((l) => `  | ${l.text}`);
  return new TuningBenchError(`${message}; its last output:\n${tail.join('\n')}`);
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function query(url: string, sql: string): Promise<unknown> {
  return withClient(url, (c) => c.query(sql));
}

function checksums(url: string): Promise<Record<string, string>> {
  return withClient(url, (c) => tableChecksums(async (sql) => (await c.query(sql)).rows));
}

function fingerprint(url: string): Promise<string[]> {
  return withClient(url, serverFingerprint);
}

/** The first characters of an md5 over the per-table checksums: one short token to compare by eye. */
function shortSum(sums: Record<string, string>): string {
  const joined = Object.entries(sums).map(([t, s]) => `${t}=${s}`).join(' ');
  return `${Object.keys(sums).length} tables, ${createHash('md5').update(joined).digest('hex').slice(0, 12)}`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
