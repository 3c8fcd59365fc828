import path from 'node:path';
import type { DataSourceManager } from '../connection';
import { createRestartStrategy, defaultRestartStrategyName } from '../restart/create-restart-strategy';
import { InquirerPrompter } from '../restart/inquirer-prompter';
import { restartAndVerify } from '../restart/restart-and-verify';
import { describeRestartCommand } from '../restart/restart-command-hint';
import type { RestartStrategy } from '../restart/restart-strategy';
import type { SeedHookContext } from '../seeding/seed';
import type { ResolvedDatabase } from '../server/resolve-database';
import { applyTuning } from '../tuning/apply-tuning';
import { chooseTuningProfile } from '../tuning/choose-tuning-profile';
import { dropIndexesAndForeignKeys } from '../tuning/drop-indexes-and-foreign-keys';
import { recreateIndexesAndForeignKeys } from '../tuning/recreate-indexes-and-foreign-keys';
import type { TuningLogger } from '../tuning/tuning-logger';
import { TuningStateStore } from '../tuning/tuning-state-store';
import { expectedSettings } from '../tuning/verify-tuning';
import type { SeedCommand } from './args';
import type { CliIo } from './cli-io';
import { restoreWithRestart } from './restore-with-restart';

/** Folder of reseed's local state (tuning state file, restart log): RESEED_STATE_DIR, else <project>/.reseed. */
export function stateDir(io: Pick<CliIo, 'env' | 'cwd'>): string {
  return path.resolve(io.cwd, io.env.RESEED_STATE_DIR ?? '.reseed');
}

/** Where the CLI keeps the tuning state file. */
export function tuningStateFile(io: Pick<CliIo, 'env' | 'cwd'>): string {
  return path.join(stateDir(io), 'tuning-state.json');
}

/** What the seed command needs from the tuning step. */
export interface SeedTuning {
  hooks: { beforeLoad(ctx: SeedHookContext): Promise<void>; afterLoad(ctx: SeedHookContext): Promise<void> };
  /** Puts every changed setting back (and restarts again when one needs it); a no-op when nothing was tuned. */
  restore(): Promise<void>;
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
  const logger: TuningLogger = {
    info: (m) => (command.verbose ? display.note(`  ${m}`) : undefined),
    warn: (m) => display.note(`warning: ${m}`),
  };
  const store = new TuningStateStore({ file: tuningStateFile(io), logger });
  const interactive = io.stdin.isTTY === true && (io.stdout as { isTTY?: boolean }).isTTY === true;
  const prompter = interactive ? new InquirerPrompter({ signal }) : undefined;
  let profile = 'off';
  let applied = false;
  let strategy: RestartStrategy | undefined;

  const restartStrategy = (): RestartStrategy => {
    strategy ??= createRestartStrategy(command.restart ?? defaultRestartStrategyName({ embeddedServer: database.embedded !== undefined, interactive }), {
      prompter,
      command: command.restartCommand,
      logFile: path.join(stateDir(io), 'restart.log'),
      server: database.embedded,
      resumeCommand: resumeCommand(command, profile),
    });
    return strategy;
  };

  return {
    profileName: () => profile,
    hooks: {
      async beforeLoad({ plan }) {
        const chosen = chooseTuningProfile({ requested: command.tuning, rows: plan.totalRows, threshold: command.tuningThreshold });
        profile = chosen.name;
        if (chosen.name === 'off') return;
        const tables = plan.tables.map((t) => t.table);
        const result = await applyTuning(manager.dataSource, { profile: chosen, store, tables, allowUnsafe: command.unsafe, logger, signal });
        applied = true;
        for (const warning of result.warnings) display.note(`warning: ${warning}`);
        const changed = [...result.reloadedSettings, ...result.pendingSettings, ...Object.keys(result.sessionSettings)];
        display.note(`Tuning ${chosen.name}: ${changed.length ? changed.join(', ') : 'no setting changed'}${result.autovacuumOff.length ? `; autovacuum off on ${result.autovacuumOff.length} tables` : ''}`);
        if (Object.keys(result.sessionSettings).length) {
          await manager.setSessionSettings(result.sessionSettings);
        }
        if (result.restartNeeded) {
          display.note(`PostgreSQL must restart for ${result.pendingSettings.join(', ')}`);
          const hint = await describeRestartCommand(manager.dataSource).catch(() => undefined);
          const outcome = await restartAndVerify({
            strategy: restartStrategy(),
            state: result.state,
            pendingSettings: result.pendingSettings,
            reconnect: () => manager.recreate('restart for tuning', { expectedSettings: pick(expectedSettings(result.state), result.pendingSettings) }),
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
          const dropped = await dropIndexesAndForeignKeys(manager.dataSource, tables, { store, profile: chosen.name, logger, signal });
          display.note(`Dropped ${dropped.indexes.length} secondary indexes and ${dropped.constraints.length} foreign keys for the load (recorded; recreated afterwards)`);
        }
      },
      async afterLoad() {
        if (!applied) return;
        const created = await recreateIndexesAndForeignKeys(manager.dataSource, { store, logger, signal });
        if (created.indexes.length || created.constraints.length) {
          display.note(`Recreated ${created.indexes.length} indexes and ${created.constraints.length} foreign keys`);
        }
      },
    },
    async restore() {
      if (!applied) return;
      applied = false;
      // No abort signal: restoring is what Ctrl-C asks for, so it must not be cut short by it.
      const result = await restoreWithRestart({
        manager,
        store,
        strategy: restartStrategy,
        prompter: interactive ? new InquirerPrompter() : undefined,
        logger,
        note: (m) => display.note(m),
      });
      for (const problem of result.problems) display.note(`warning: not restored: ${problem}`);
      if (result.problems.length) display.note('Run `npm run seed -- restore` once the problem is fixed');
    },
  };
}

/** The command that continues a two-phase run with the same tuning and restart choices. */
function resumeCommand(command: SeedCommand, profile: string): string {
  const parts = ['npm run seed -- --resume', `--tuning ${profile}`];
  if (command.unsafe) parts.push('--unsafe');
  if (command.config) parts.push(`--config ${command.config}`);
  return parts.join(' ');
}

function pick(settings: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([name]) => names.includes(name)));
}
