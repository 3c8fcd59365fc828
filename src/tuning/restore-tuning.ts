import { settingValuesEqual } from '../connection/setting-value';
import { messageOf } from './pg-settings';
import { recreateRecordedIndexes } from './recreate-indexes-and-foreign-keys';
import type { SqlRunner } from './sql-runner';
import { quoteIdent, quoteLiteral } from './sql-quote';
import { restoreAutovacuum } from './table-autovacuum';
import { TuningError } from './tuning-error';
import { SILENT_LOGGER, type TuningLogger } from './tuning-logger';
import { DEFAULT_RELOAD_SETTLE_MS, reloadConfiguration } from './reload-configuration';
import type { TuningStateStore } from './tuning-state-store';


/** Options of {@link restoreTuning}. */
export interface RestoreTuningOptions {
  store: TuningStateStore;
  /** Default: silent. */
  logger?: TuningLogger;
  /** How long to wait for pg_reload_conf() to reach the backends. Default: {@link DEFAULT_RELOAD_SETTLE_MS}. */
  reloadSettleMs?: number;
  signal?: AbortSignal;
}

/** What {@link restoreTuning} put back. */
export interface RestoreResult {
  /** True when no state was recorded: nothing was done. */
  nothingToRestore: boolean;
  /** Settings put back (ALTER SYSTEM RESET or SET to the recorded value). */
  settingsRestored: string[];
  /**
   * True when pg_reload_conf() was refused to this role: the restored values
   * are in postgresql.auto.conf and take effect at the next reload by a superuser.
   */
  reloadNeeded: boolean;
  /** True when a restored setting needs a restart to become active again. */
  restartNeeded: boolean;
  pendingSettings: string[];
  /** Tables whose autovacuum_enabled is back as it was. */
  tablesRestored: string[];
  indexesRecreated: string[];
  constraintsRecreated: string[];
}

/**
 * Puts back everything the recorded state says reseed changed: indexes, then
 * foreign keys (only those still missing), autovacuum per table, and every
 * setting (ALTER SYSTEM RESET when postgresql.auto.conf did not hold it, else
 * ALTER SYSTEM SET to the value it held), then reloads and reports whether a
 * restart is due to finish. The state is cleared only once all of that
 * succeeded, so a failed restore can simply be run again; with nothing
 * recorded it does nothing.
 */
export async function restoreTuning(runner: SqlRunner, options: RestoreTuningOptions): Promise<RestoreResult> {
  const logger = options.logger ?? SILENT_LOGGER;
  const result: RestoreResult = {
    nothingToRestore: true,
    settingsRestored: [],
    reloadNeeded: false,
    restartNeeded: false,
    pendingSettings: [],
    tablesRestored: [],
    indexesRecreated: [],
    constraintsRecreated: [],
  };
  const state = await options.store.load(runner);
  if (!state) return result;
  result.nothingToRestore = false;

  const recreated = await recreateRecordedIndexes(runner, state, { logger, signal: options.signal });
  result.indexesRecreated = recreated.indexes;
  result.constraintsRecreated = recreated.constraints;
  await options.store.save(runner, state);

  for (const table of state.autovacuum) {
    options.signal?.throwIfAborted();
    if (await restoreAutovacuum(runner, table)) result.tablesRestored.push(table.table);
  }

  const system = state.settings.filter((s) => s.scope !== 'session');
  for (const setting of system) {
    options.signal?.throwIfAborted();
    const sql =
      setting.inAutoConf && setting.autoConfValue !== null
        ? `ALTER SYSTEM SET ${quoteIdent(setting.name)} = ${quoteLiteral(setting.autoConfValue)}`
        : `ALTER SYSTEM RESET ${quoteIdent(setting.name)}`;
    try {
      await runner.query(sql);
    } catch (cause) {
      throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not restore ${setting.name}: ${messageOf(cause)} (run restore again)`, { cause });
    }
    result.settingsRestored.push(setting.name);
    logger.info(`${setting.name} restored (was ${setting.original} before reseed)`);
  }
  if (system.length > 0) {
    const outcome = await reloadConfiguration(runner, system.map((s) => s.name), { settleMs: options.reloadSettleMs, signal: options.signal });
    if (!outcome.reloaded) {
      result.reloadNeeded = true;
      logger.warn(`restored settings wait for a configuration reload (SELECT pg_reload_conf() as a superuser): ${outcome.error}`);
    } else {
      // PostgreSQL keeps pending_restart set after ALTER SYSTEM RESET even when the tuned value never went live;
      // a restart is due only where the server really runs on another value than the original.
      result.pendingSettings = system
        .filter((recorded) => {
          const now = outcome.settings.get(recorded.name);
          return now?.pendingRestart && !settingValuesEqual(now.display, recorded.original, { unit: now.unit, vartype: now.vartype });
        })
        .map((s) => s.name)
        .sort();
    }
    result.restartNeeded = result.pendingSettings.length > 0;
    if (result.restartNeeded) {
      logger.warn(`restart the server to finish restoring ${result.pendingSettings.join(', ')}`);
    }
  }
  await options.store.clear(runner);
  return result;
}
