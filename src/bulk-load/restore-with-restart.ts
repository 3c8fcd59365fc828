import { withReconnect, type DataSourceManager } from '../connection';
import type { Prompter } from '../restart/prompter';
import type { RestartStrategy } from '../restart/restart-strategy';
import { restoreTuning, type RestoreResult } from '../tuning/restore-tuning';
import type { Logger } from '../logger';
import type { TuningStateStore } from '../tuning/tuning-state-store';
import { verifyRestored } from '../tuning/verify-restored';
import { restartManagedServer } from './restart-managed-server';

/** Options of {@link restoreWithRestart}. */
export interface RestoreWithRestartOptions {
  manager: DataSourceManager;
  store: TuningStateStore;
  /** The strategy for the second restart, built only when one is due. */
  strategy(): RestartStrategy;
  prompter?: Prompter;
  logger: Logger;
  /** One line for the person. */
  note(message: string): void;
  signal?: AbortSignal;
}

/**
 * Restores every recorded setting, autovacuum option, index and FK, and when
 * a restored setting needs a restart, gets the server restarted through the
 * same strategies as the tuning restart (exit and skip only say so) and
 * verifies the original values are back. Shared by the end of a seed, Ctrl-C
 * and `reseed restore`. The caller reports `problems`.
 */
export async function restoreWithRestart(options: RestoreWithRestartOptions): Promise<RestoreResult> {
  const { manager, store, logger, note, signal } = options;
  // The restart that finishes restoring is announced and carried out below: the library's reminder would say it twice.
  const quiet: Logger = { info: logger.info, warn: (m) => (m.startsWith('restart the server to finish restoring') ? logger.info(m) : logger.warn(m)) };
  // The same reconnect path as the load: a restart or crash half-way through is waited out and the rest restored.
  const result = await withReconnect(manager, (ds) => restoreTuning(ds, { store, logger: quiet, signal }), { signal });
  if (result.nothingToRestore) return result;
  // Back to the server's defaults for whatever reseed still runs; a dead connection here changes nothing restored.
  await manager.setSessionSettings({}).catch(() => undefined);
  const anything = result.settingsRestored.length + result.tablesRestored.length + result.indexesRecreated.length + result.constraintsRecreated.length > 0;
  if (anything) note(
    `Restored ${result.settingsRestored.length} settings` +
      (result.tablesRestored.length ? `, autovacuum on ${result.tablesRestored.length} tables` : '') +
      (result.indexesRecreated.length || result.constraintsRecreated.length
        ? `, ${result.indexesRecreated.length} indexes and ${result.constraintsRecreated.length} foreign keys`
        : ''),
  );
  if (result.reloadNeeded) note('This role may not reload the configuration: a superuser must run SELECT pg_reload_conf()');
  if (!result.restartNeeded) return result;

  const pending = result.pendingSettings;
  const strategy = options.strategy();
  if (strategy.name === 'exit' || strategy.name === 'skip') {
    note(`Restart PostgreSQL when convenient: ${pending.join(', ')} go back to their original values then`);
    return result;
  }
  note(`PostgreSQL must restart again to bring back ${pending.join(', ')}`);
  const outcome = await restartManagedServer(manager, {
    strategy,
    pendingSettings: pending,
    reason: 'restore the original settings',
    reconnect: () => manager.recreate('restart after restoring settings'),
    verify: (runner) => verifyRestored(runner, pending),
    prompter: options.prompter,
    logger,
    signal,
  });
  note(
    outcome.status === 'active'
      ? 'Restarted; the original settings are active'
      : `The server has not restarted yet: ${pending.join(', ')} return to their original values at its next restart`,
  );
  return result;
}
