import { statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { targetDataSourceOptions } from '../example-schema';
import { DataSourceManager, targetUrl, type DatabaseTarget } from '../connection';
import { preflight } from './preflight';
import { exampleConfig } from '../factories/example-config';
import { exampleConfigPath } from '../factories/example-config-path';
import { AUTO_WORKERS_MIN_ROWS, generationWorkers } from '../loading/workers/generation-workers';
import { workersOfCommand } from './early-workers';
import { CopyBatchWriter } from '../seeding/copy-batch-writer';
import { RepositoryBatchWriter } from '../seeding/repository-batch-writer';
import { DEFAULT_PRESET, GENERIC_PRESET_ROWS, type ReseedConfig } from '../seeding/reseed-config';
import { bulkLoad, type BulkLoadOptions } from '../bulk-load/bulk-load';
import { resolveDatabase, type ResolvedDatabase } from '../server/resolve-database';
import type { SeedCommand } from './args';
import type { CliIo } from './cli-io';
import { ExitCode } from './exit-codes';
import { confirmFor } from './confirm';
import { formatPlan, formatReport } from './seed-report-text';
import { ProgressDisplay } from './progress-display';
import { describeDatabase, exampleSchemaNote, resolveSeedSource, runSourceOf, type SeedSource } from './resolve-seed-source';
import { commandLine, runArguments } from './invocation';
import { seedTuningOptions } from './seed-tuning';
import { SeedAbortedError } from '../seeding/seed-aborted-error';
import { RestartExitRequested } from '../restart/restart-exit-requested';
import { formatCount } from '../format-count';

/** Signals this soon after the first are the same Ctrl-C, relayed. */
const SIGNAL_ECHO_MS = 1_500;
/** How long a second Ctrl-C waits for the embedded server to stop. */
const FORCED_STOP_MS = 5_000;

/** The signals that stop a run: Ctrl-C, kill, a closed terminal. Each restores tuning and leaves the run resumable. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** 128 + the signal's number, as a shell reports a process a signal ended: SIGHUP 129, SIGINT 130, SIGTERM 143. */
export function signalExitCode(signal: NodeJS.Signals | undefined): number {
  return signal ? 128 + (os.constants.signals[signal] ?? 2) : ExitCode.Interrupted;
}

/** The most a run may be estimated to write on a server whose free disk reseed cannot see, without --force. */
export const SANE_SIZE_LIMIT_BYTES = 1e12;

/** The size a run may not pass without --force: the free disk under the embedded cluster, else {@link SANE_SIZE_LIMIT_BYTES}. */
function sizeLimit(database: ResolvedDatabase): { bytes: number; reason: string } {
  if (database.embedded) {
    try {
      const fs = statfsSync(database.embedded.dataDir);
      return { bytes: fs.bavail * fs.bsize, reason: `the free disk under ${database.embedded.dataDir} (--force loads anyway)` };
    } catch {
      // unknown: the sane limit below
    }
  }
  return { bytes: SANE_SIZE_LIMIT_BYTES, reason: 'the most reseed loads without --force when it cannot see the server\'s free disk' };
}

/** `npm run seed`: resolve the server, connect, seed with progress, restore tuning, print the report. */
export async function runSeedCommand(command: SeedCommand, io: CliIo): Promise<number> {
  // Workers the command line already asks for start before the config loads (the installed CLI starts
  // them before it loads itself, see early-workers.ts): their modules load on the core this thread
  // leaves idle meanwhile, and they get the config's files once it has them.
  const started = workersOfCommand(command);
  let source: SeedSource;
  try {
    source = await resolveSeedSource({ config: command.config, dataSource: command.dataSource, cwd: io.cwd, env: io.env });
  } catch (error) {
    await started?.destroy().catch(() => undefined);
    throw error;
  }
  const config = source.config;
  const log = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  const verbose = (line: string) => command.verbose && io.stderr.write(`  ${line}\n`);
  const run = io.invokedAs ?? 'reseed';
  const restoreLine = commandLine(run, ['restore', ...runArguments(command, 'restore')].join(' '));
  const resumeLine = commandLine(run, [...runArguments(command, 'resume'), '--resume'].join(' '));
  const example = exampleSchemaNote(source, io.cwd, commandLine(run));
  if (example) log(example);

  // Workers load the run again by path: the config file given or found (or the example's own), and
  // the data-source file given apart from it, which the metadata's options come from.
  const workersConfigPath = source.configFile ?? (config === exampleConfig ? exampleConfigPath() : undefined);
  const dataSourcePath = command.dataSource === undefined ? undefined : path.resolve(io.cwd, command.dataSource);
  const batches =
    workersConfigPath || dataSourcePath
      ? generationWorkers({ workers: command.workers ?? 'auto', configPath: workersConfigPath, dataSourcePath, onNote: (m) => verbose(m), started })
      : undefined;
  if (!batches) await started?.destroy().catch(() => undefined);
  // They start now, loading the config while this thread connects and plans, when the run will take them.
  if (batches && workersWanted(command, config)) batches.warm(command.workers);
  let database: ResolvedDatabase;
  try {
    database = source.app?.database ?? await resolveDatabase({
      env: io.env,
      projectDir: io.cwd,
      onEmbeddedStart: (dir, first) => log(`${first ? 'Creating' : 'Starting'} the embedded PostgreSQL in ${displayPath(io.cwd, dir)}`),
      onFallback: (dir) => log(`The project folder is private to root, and PostgreSQL runs as the postgres user: the cluster lives in ${dir} (RESEED_DATA_DIR chooses)`),
      onBinariesCopied: (from, to) => log(`The PostgreSQL binaries in ${from} are out of the postgres user's reach: running a copy in ${to}`),
    });
  } catch (error) {
    await batches?.release();
    throw error;
  }
  const abort = new AbortController();
  // Notes go above the progress bars once they exist.
  let note = log;
  let firstSignalAt: number | undefined;
  /** The signal that stopped the run (a Ctrl-C at a prompt counts as SIGINT): it decides the exit code. */
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (signal === 'SIGHUP') {
      // The terminal is gone: what is still printed must not crash the restore on EIO/EPIPE.
      for (const stream of [io.stdout, io.stderr]) (stream as NodeJS.EventEmitter).on?.('error', () => undefined);
    }
    // One Ctrl-C reaches us several times: from the terminal, and relayed by npm and tsx.
    if (firstSignalAt !== undefined && now - firstSignalAt < SIGNAL_ECHO_MS) return;
    if (firstSignalAt === undefined) {
      firstSignalAt = now;
      stoppedBy = signal;
      note(`${signal}: finishing the current batch, then stopping (Ctrl-C again to stop at once)`);
      abort.abort(new Error(`interrupted by ${signal}`));
      return;
    }
    note(`Stopping now. Run \`${restoreLine}\` if settings were changed, and \`${resumeLine}\` to continue.`);
    // Still stop the embedded server, briefly: a server left running would outlive the terminal.
    void Promise.race([database.close(), new Promise((resolve) => setTimeout(resolve, FORCED_STOP_MS))]).finally(() =>
      process.exit(signalExitCode(stoppedBy)),
    );
  };
  /** Ctrl-C at a prompt (the terminal is in raw mode, so no SIGINT comes): the same stop as a SIGINT. */
  const interruptedAtPrompt = (): unknown => {
    onSignal('SIGINT');
    return abort.signal.reason;
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  let manager: DataSourceManager | undefined;
  try {
    log(describeDatabase(database, source.app, io.env));
    const options = source.app?.options ?? buildDataSourceOptions(database.target, config);
    await preflight(database.target, options.ssl, log, verbose);
    // The embedded server is reseed's: bring the example schema up to date. A server of yours, or
    // your own entities, keep to your migrations (`npm run migration:run`).
    if (database.embedded && config === exampleConfig && !command.dryRun) await runPendingMigrations(options, log);

    manager = new DataSourceManager({
      dataSourceOptions: options,
      health: { tables: [] },
      // Dropped idle connections are what every restart looks like; the 'reconnecting' note says what matters.
      logger: { debug: verbose, warn: (m) => verbose(`warning: ${m}`) },
    });
    await manager.initialize();

    // Progress and notes on stderr: stdout carries only the report (or the plan), fit for a pipe.
    const display = new ProgressDisplay(io.stderr);
    note = (line) => display.note(line);
    manager.on('probe', (a) => a.outcome !== 'ready' && verbose(`probe ${a.attempt}: ${a.outcome} (${a.message})`));
    const loadOptions: BulkLoadOptions = {
      manager,
      config,
      preset: command.preset,
      counts: Object.keys(command.counts).length ? command.counts : undefined,
      seed: command.seed,
      batchSize: command.batchSize,
      writer: command.writer === 'repository' ? new RepositoryBatchWriter() : new CopyBatchWriter(),
      batches,
      streams: command.streams,
      mode: command.mode,
      source: runSourceOf(source, { dataSource: command.dataSource, cwd: io.cwd }),
      shard: command.shard,
      dryRun: command.dryRun,
      sizeLimit: command.force ? undefined : sizeLimit(database),
      confirm: confirmFor(command.yes, io, interruptedAtPrompt),
      signal: abort.signal,
      tuning: {
        ...seedTuningOptions({ command, database, display, io, signal: abort.signal, interruptedAtPrompt }),
        onRestoreProblems: (problems) => {
          display.close();
          for (const problem of problems) log(`warning: not restored: ${problem}`);
          log(`Run \`${restoreLine}\` once that is fixed.`);
        },
      },
      onProgress: (event) => {
        switch (event.type) {
          case 'plan':
            display.plan(event.plan.tables.map((t) => t.table));
            if (event.dryRun) io.stdout.write(formatPlan(event.plan));
            else log(`${event.resumed ? 'Resuming' : 'Starting'} run ${event.runId}: ${formatCount(event.plan.totalRows)} rows, seed ${event.plan.seed}`);
            if (!event.dryRun) verbose(formatPlan(event.plan, false).trimEnd().replaceAll('\n', '\n  '));
            break;
          case 'table-start':
            display.start(event.table, event.target, event.done);
            break;
          case 'batch':
            display.update(event.table, event.done);
            break;
          case 'table-done':
            display.finish(event.table);
            break;
          case 'reconnecting':
            display.note(`Waiting for the server (${event.reason})...`);
            break;
          case 'reconnected':
            display.note(`Reconnected after ${(event.downtimeMs / 1000).toFixed(1)}s (${event.attempts} attempts)`);
            break;
          case 'note':
            display.note(event.message);
            break;
          case 'finishing':
            verbose(`finishing: ${event.step}`);
            break;
        }
      },
    };
    let loaded;
    try {
      loaded = await bulkLoad(loadOptions);
    } catch (error) {
      display.close();
      if (error instanceof RestartExitRequested) {
        // Two-phase restart: settings stay tuned; the resumed run verifies and later restores them.
        log(error.message);
        return ExitCode.AwaitingRestart;
      }
      if (error instanceof SeedAbortedError) {
        log(`Stopped. ${formatCount(error.report.totalRows)} rows committed in this call; continue with \`${resumeLine}\`.`);
        return signalExitCode(stoppedBy);
      }
      throw error;
    }
    display.close();
    const { report, profile, restoreProblems: problems } = loaded;
    if (report.dryRun) return ExitCode.Ok;
    io.stdout.write(
      formatReport(report, {
        tuningProfile: profile,
        embedded: database.embedded === undefined ? undefined : { stoppedAtExit: database.embedded.startedHere, serverCommand: commandLine(run, 'server') },
        url: targetUrl(database.target),
      }),
    );
    for (const problem of problems) log(`reseed: not restored: ${problem}`);
    if (problems.length) {
      log(`The data is complete. Run \`${restoreLine}\` once that is fixed to put the settings back.`);
      return ExitCode.Failed;
    }
    return ExitCode.Ok;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    await batches?.release();
    await manager?.destroy().catch(() => undefined);
    await database.close().catch((e: unknown) => log(`could not stop the embedded server: ${(e as Error).message}`));
  }
}

/**
 * Whether the run will want generation workers, as far as the command line
 * and the config tell before the plan: workers asked for, or (by default)
 * counts that reach AUTO_WORKERS_MIN_ROWS already (the preset's and those
 * given; join tables the preset leaves out are not counted): a guess at
 * the plan's bytes, which decide (AUTO_WORKERS_MIN_BYTES); workers the plan
 * does not want stop then, and a plan that wants them starts them. A
 * resumed run's counts are in its ledger, and a shard's share is not known
 * yet: those wait for the plan, unless workers are asked for.
 */
export function workersWanted(command: SeedCommand, config: ReseedConfig): boolean {
  if (command.dryRun || command.writer === 'repository' || command.workers === 0) return false;
  if (command.workers !== undefined) return true;
  if (command.mode === 'resume' || command.shard) return false;
  const preset = command.preset ?? DEFAULT_PRESET;
  const presetCounts = config.presets?.[preset];
  const rows = new Map<string, number>(Object.entries(presetCounts ?? {}));
  for (const [table, count] of Object.entries(command.counts)) rows.set(table, count);
  let known = 0;
  for (const count of rows.values()) known += count;
  // A generic preset gives every table its rows: one table at least.
  if (!presetCounts) known = Math.max(known, GENERIC_PRESET_ROWS[preset] ?? 0);
  return known >= AUTO_WORKERS_MIN_ROWS;
}

/** A path relative to the project when it is inside it, else absolute. */
function displayPath(cwd: string, target: string): string {
  const relative = path.relative(cwd, target);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}

function buildDataSourceOptions(target: DatabaseTarget, config: ReseedConfig): PostgresDataSourceOptions {
  return targetDataSourceOptions(target, config.entities);
}

async function runPendingMigrations(options: PostgresDataSourceOptions, log: (line: string) => void): Promise<void> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    if (ran.length) log(`Applied ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`);
  } finally {
    await dataSource.destroy();
  }
}

