import path from 'node:path';
import { tuningChecks } from '../tuning/verify-tuning';
import type { DataSource } from 'typeorm';
import { withReconnect, type DataSourceManager } from '../connection';
import { createRestartStrategy, defaultRestartStrategyName } from '../restart/create-restart-strategy';
import { InquirerPrompter } from '../restart/inquirer-prompter';
import { restartAndVerify } from '../restart/restart-and-verify';
import { describeRestartCommand } from '../restart/restart-command-hint';
import { readServerFacts } from '../tuning/server-facts';
import type { RestartStrategy } from '../restart/restart-strategy';
import type { SeedHookContext } from '../seeding/seed';
import type { ResolvedDatabase } from '../server/resolve-database';
import { applyTuning } from '../tuning/apply-tuning';
import { chooseTuningProfile } from '../tuning/choose-tuning-profile';
import { dropIndexesAndForeignKeys } from '../tuning/drop-indexes-and-foreign-keys';
import { recreateIndexesAndForeignKeys } from '../tuning/recreate-indexes-and-foreign-keys';
import type { Queryable } from '../queryable';
import type { Logger } from '../logger';
import { TuningStateStore } from '../tuning/tuning-state-store';
import { isTuningStateEmpty } from '../tuning/tuning-state';
import { expectedSettings } from '../tuning/verify-tuning';
import type { SeedCommand } from './args';
import { isInteractive, type CliIo } from './cli-io';
import { commandLine } from './invocation';
import { restoreWithRestart } from './restore-with-restart';

/** Folder of reseed's local state (tuning state file, restart log): RESEED_STATE_DIR, else <project>/.reseed. */
export function stateDir(io: Pick<CliIo, 'env' | 'cwd'>): string {
  return path.resolve(io.cwd, io.env.RESEED_STATE_DIR ?? '.reseed');
}

/** The tuning state of the cluster and database behind `runner`: one file per (cluster, database) in {@link stateDir}. */
export function tuningStateStore(runner: Queryable, io: Pick<CliIo, 'env' | 'cwd'>, logger: Logger): Promise<TuningStateStore> {
  return TuningStateStore.forServer(runner, { folder: stateDir(io), logger });
}

/** What the seed command needs from the tuning step. */
export interface SeedTuning {
  hooks: { beforeLoad(ctx: SeedHookContext): Promise<void>; afterLoad(ctx: SeedHookContext): Promise<void> };
  /**
   * Puts every changed setting back (and restarts again when one needs it); a
   * no-op when nothing was tuned. Resolves to what could not be restored.
   */
  restore(): Promise<string[]>;
  /** The profile that ran: 'off' until beforeLoad chose one. */
  profileName(): string;
}

/** Options of {@link seedTuningHooks}. */
export interface SeedTuningOptions {
  command: SeedCommand;
  database: ResolvedDatabase;
  manager: DataSourceManager;
  io: CliIo;
  /** Notes above the progress bars. */
  display: { note(message: string): void };
  signal: AbortSignal;
}

/**
 * The tuning step of `npm run seed`, as seed() hooks: before the load, pick
 * the profile from the plan's rows, apply it (recording the originals first),
 * restart through the chosen strategy when a setting needs it and verify the
 * new values, and drop secondary indexes and FKs for the fast profiles; after
 * the load, recreate them; at the end, restore everything.
 */
export function seedTuningHooks(options: SeedTuningOptions): SeedTuning {
  const { command, database, manager, io, display, signal } = options;
  const logger: Logger = {
    info: (m) => (command.verbose ? display.note(`  ${m}`) : undefined),
    warn: (m) => display.note(`warning: ${m}`),
  };
  /** Opened in beforeLoad, on the database being seeded: undefined until then (nothing tuned yet). */
  let store: TuningStateStore | undefined;
  const interactive = isInteractive(io);
  const strategyName = command.restart ?? defaultRestartStrategyName({ embeddedServer: database.embedded !== undefined, interactive });
  let profile = 'off';
  let applied = false;

  /** A strategy whose prompts end with `abortSignal`; the restore's has none, since Ctrl-C is what asks for it. */
  const makeStrategy = (abortSignal: AbortSignal | undefined): RestartStrategy =>
    createRestartStrategy(strategyName, {
      prompter: interactive ? new InquirerPrompter({ signal: abortSignal }) : undefined,
      command: command.restartCommand,
      passSecrets: command.restartPassSecrets,
      logFile: path.join(stateDir(io), 'restart.log'),
      server: database.embedded,
      resumeCommand: resumeCommand(command, io.invokedAs ?? 'reseed'),
    });
  // Built now so that a strategy that cannot work here (prompt without a terminal,
  // embedded with DATABASE_URL) is refused before anything is written.
  const loadStrategy = makeStrategy(signal);
  const prompter = interactive ? new InquirerPrompter({ signal }) : undefined;
  /** Idempotent tuning steps, redone on a fresh connection when the server goes away mid-step. */
  const step = <T>(work: (runner: DataSource) => Promise<T>) => withReconnect(manager, work, { signal });

  return {
    profileName: () => profile,
    hooks: {
      async beforeLoad({ plan }) {
        const opened = await step((ds) => tuningStateStore(ds, io, logger));
        store = opened;
        const leftover = await step((ds) => opened.load(ds));
        const inherited = leftover && !isTuningStateEmpty(leftover) ? leftover : undefined;
        // A run that crashed or stopped for a restart left the server tuned: carry on with that profile
        // unless told otherwise, and restore it at the end whatever this run does.
        const chosen = chooseTuningProfile({
          requested: command.tuning ?? inherited?.profile,
          rows: plan.totalRows,
          threshold: command.tuningThreshold,
        });
        profile = chosen.name;
        if (inherited) {
          applied = true;
          display.note(`A previous run left tuning "${inherited.profile}" in place (${opened.file}); it is restored at the end`);
        }
        if (chosen.name === 'off') return;
        const tables = plan.tables.map((t) => t.table);
        // Before the call: a failure or Ctrl-C half-way through still gets restored.
        applied = true;
        const result = await step((ds) => applyTuning(ds, { profile: chosen, store: opened, tables, allowUnsafe: command.unsafe, logger, signal }));
        // Its warnings reached the person through the logger as they happened.
        const changed = [...result.reloadedSettings, ...result.pendingSettings, ...Object.keys(result.sessionSettings)];
        display.note(`Tuning ${chosen.name}: ${changed.length ? changed.join(', ') : 'no setting changed'}${result.autovacuumOff.length ? `; autovacuum off on ${result.autovacuumOff.length} tables` : ''}`);
        if (Object.keys(result.sessionSettings).length) await manager.setSessionSettings(result.sessionSettings);
        if (result.restartNeeded) {
          display.note(`PostgreSQL must restart for ${result.pendingSettings.join(', ')}`);
          const hint = await readServerFacts(await manager.ready()).then((facts) => describeRestartCommand(facts)).catch(() => undefined);
          const outcome = await restartAndVerify({
            strategy: loadStrategy,
            ...tuningChecks(result.state),
            pendingSettings: result.pendingSettings,
            reconnect: () => manager.recreate('restarted for tuning', { expectedSettings: pick(expectedSettings(result.state), result.pendingSettings) }),
            current: () => manager.ready(),
            hint,
            prompter,
            logger,
            signal,
          });
          display.note(
            outcome.status === 'active'
              ? `Restarted; ${result.pendingSettings.join(', ')} now active`
              : outcome.status === 'skipped'
                ? `Restart skipped: ${result.pendingSettings.join(', ')} stay pending; loading with what is active`
                : `The server did not restart: ${result.pendingSettings.join(', ')} still pending; loading untuned for those`,
          );
        }
        if (chosen.dropIndexes) {
          const dropped = await step((ds) => dropIndexesAndForeignKeys(ds, tables, { store: opened, profile: chosen.name, logger, signal }));
          display.note(`Dropped ${dropped.indexes.length} secondary indexes and ${dropped.constraints.length} foreign keys for the load (recorded; recreated afterwards)`);
        }
      },
      async afterLoad() {
        if (!applied || !store) return;
        const opened = store;
        // The rows are in: back to synchronous commits, so the rebuilt indexes and FKs are durable
        // before the tuning state forgets them (an asynchronous commit could vanish in a crash).
        await manager.setSessionSettings({});
        const created = await step((ds) => recreateIndexesAndForeignKeys(ds, { store: opened, logger, signal }));
        if (created.indexes.length || created.constraints.length) {
          display.note(`Recreated ${created.indexes.length} indexes and ${created.constraints.length} foreign keys`);
        }
      },
    },
    async restore() {
      if (!applied || !store) return [];
      applied = false;
      // No abort signal: restoring is what Ctrl-C asks for, so it must not be cut short by it.
      const result = await restoreWithRestart({
        manager,
        store,
        strategy: () => makeStrategy(undefined),
        prompter: interactive ? new InquirerPrompter() : undefined,
        logger,
        note: (m) => display.note(m),
      });
      return result.problems;
    },
  };
}

/** The command that continues a two-phase run: the profile comes back from the recorded tuning state. */
function resumeCommand(command: SeedCommand, invokedAs: string): string {
  const parts = ['--resume'];
  if (command.unsafe) parts.push('--unsafe');
  if (command.config) parts.push(`--config ${command.config}`);
  if (command.dataSource) parts.push(`--data-source ${command.dataSource}`);
  return commandLine(invokedAs, parts.join(' '));
}

function pick(settings: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([name]) => names.includes(name)));
}
