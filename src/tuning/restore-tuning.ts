import { settingValuesEqual } from '../connection/setting-value';
import { messageOf } from './pg-settings';
import { recreateRecordedIndexes } from './recreate-indexes-and-foreign-keys';
import type { Queryable } from '../queryable';
import { quoteIdent, quoteLiteral } from '../sql-quote';
import { restoreAutovacuum } from './table-autovacuum';
import { SILENT_LOGGER, type Logger } from '../logger';
import { DEFAULT_RELOAD_SETTLE_MS, reloadConfiguration } from './reload-configuration';
import type { TuningStateStore } from './tuning-state-store';
import { isTuningStateEmpty, type RecordedSetting } from './tuning-state';
import { isConnectionLost, isInsufficientPrivilege } from '../connection/classify-error';
import { isSettingName } from './recorded-definitions';
import { TuningError } from './tuning-error';

/** SQLSTATE of a permission refusal. */

/** Setting name to the database whose pending state (same cluster, same folder) records it too. */
function heldByOtherDatabases(store: TuningStateStore, systemIdentifier: string): Map<string, string> {
  const held = new Map<string, string>();
  for (const other of store.otherDatabaseStates(systemIdentifier)) {
    for (const setting of other.settings) if (setting.scope !== 'session') held.set(setting.name, other.database);
  }
  return held;
}


/** Options of {@link restoreTuning}. */
export interface RestoreTuningOptions {
  store: TuningStateStore;
  /** Default: silent. */
  logger?: Logger;
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
  /** What could not be restored, one sentence each; it stays recorded for the next restore. Empty on success. */
  problems: string[];
}

/** The result of a restore that found nothing recorded; the start of every restore's result. */
export function emptyRestoreResult(): RestoreResult {
  return {
    nothingToRestore: true,
    settingsRestored: [],
    reloadNeeded: false,
    restartNeeded: false,
    pendingSettings: [],
    tablesRestored: [],
    indexesRecreated: [],
    constraintsRecreated: [],
    problems: [],
  };
}

/**
 * Puts back everything the recorded state says reseed changed: first every
 * setting (ALTER SYSTEM RESET when postgresql.auto.conf did not hold it,
 * else ALTER SYSTEM SET to the value it held) with a reload, then autovacuum
 * per table, then indexes and foreign keys still missing. One failed step
 * does not stop the others: it lands in `problems` and stays recorded, so
 * restore can be run again; the state is cleared only when nothing failed.
 * With nothing recorded it does nothing. A lost connection is thrown as it
 * is: run it again on a new one (withReconnect), it redoes only what is left.
 */
export async function restoreTuning(runner: Queryable, options: RestoreTuningOptions): Promise<RestoreResult> {
  const logger = options.logger ?? SILENT_LOGGER;
  const result = emptyRestoreResult();
  const state = await options.store.load(runner);
  if (!state) return result;
  result.nothingToRestore = false;

  const system = state.settings.filter((s) => s.scope !== 'session');
  const restored: RecordedSetting[] = [];
  const done = new Set<RecordedSetting>();
  const heldElsewhere = heldByOtherDatabases(options.store, state.systemIdentifier);
  for (const setting of system) {
    options.signal?.throwIfAborted();
    if (!isSettingName(setting.name)) {
      result.problems.push(`setting ${String(setting.name)}: not a setting name; refused, nothing was run`);
      done.add(setting);
      continue;
    }
    const holder = heldElsewhere.get(setting.name);
    if (holder) {
      // Settings are per cluster: another database's pending tuning still needs it, and its restore puts it back.
      logger.info(`${setting.name} stays tuned for database "${holder}", whose tuning is still pending; its restore puts it back`);
      done.add(setting);
      continue;
    }
    const sql =
      setting.inAutoConf && setting.autoConfValue !== null
        ? `ALTER SYSTEM SET ${quoteIdent(setting.name)} = ${quoteLiteral(setting.autoConfValue)}`
        : `ALTER SYSTEM RESET ${quoteIdent(setting.name)}`;
    try {
      await runner.query(sql);
      restored.push(setting);
      done.add(setting);
      result.settingsRestored.push(setting.name);
      logger.info(`${setting.name} restored (was ${setting.original} before reseed)`);
    } catch (cause) {
      // A lost connection is thrown for the caller's reconnect path: restoring again is harmless.
      if (isConnectionLost(cause)) throw cause;
      if (!setting.applied && isInsufficientPrivilege(cause)) {
        // Recorded just before an ALTER SYSTEM that never ran (a crash in between): a role that may not
        // ALTER SYSTEM cannot have changed it, so there is nothing to put back.
        done.add(setting);
        continue;
      }
      result.problems.push(`setting ${setting.name}: ${messageOf(cause)}`);
    }
  }
  if (restored.length > 0) {
    const outcome = await reloadConfiguration(runner, restored.map((s) => s.name), { settleMs: options.reloadSettleMs, signal: options.signal });
    if (!outcome.reloaded) {
      result.reloadNeeded = true;
      logger.warn(`restored settings wait for a configuration reload (SELECT pg_reload_conf() as a superuser): ${outcome.error}`);
    } else {
      // PostgreSQL keeps pending_restart set after ALTER SYSTEM RESET even when the tuned value never went live;
      // a restart is due only where the server really runs on another value than the original.
      result.pendingSettings = restored
        .filter((recorded) => {
          const now = outcome.settings.get(recorded.name);
          return now?.pendingRestart && !settingValuesEqual(now.display, recorded.original, { unit: now.unit, vartype: now.vartype });
        })
        .map((s) => s.name)
        .sort();
    }
    result.restartNeeded = result.pendingSettings.length > 0;
    if (result.restartNeeded) logger.warn(`restart the server to finish restoring ${result.pendingSettings.join(', ')}`);
  }
  state.settings = state.settings.filter((s) => s.scope !== 'session' && !done.has(s));

  for (const table of [...state.autovacuum]) {
    options.signal?.throwIfAborted();
    try {
      if (await restoreAutovacuum(runner, table)) result.tablesRestored.push(table.table);
      state.autovacuum = state.autovacuum.filter((t) => t !== table);
    } catch (cause) {
      if (isConnectionLost(cause)) throw cause;
      result.problems.push(`autovacuum of ${table.table}: ${messageOf(cause)}`);
      // A record that is not an autovacuum option of a table is dropped: it cannot be restored, ever.
      if (cause instanceof TuningError && cause.code === 'RESEED_TUNING_REFUSED') state.autovacuum = state.autovacuum.filter((t) => t !== table);
    }
  }

  const recreated = await recreateRecordedIndexes(runner, state, { logger, signal: options.signal });
  result.indexesRecreated = recreated.indexes;
  result.constraintsRecreated = recreated.constraints;
  result.problems.push(...recreated.failures, ...recreated.refused);

  if (isTuningStateEmpty(state)) {
    await options.store.clear(runner);
  } else {
    await options.store.save(runner, state);
    // Details: the caller reports result.problems (the CLI prints each once).
    for (const problem of result.problems) logger.info(`not restored: ${problem}`);
  }
  return result;
}
