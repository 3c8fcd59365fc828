import { readAutoConf, readSettings, messageOf } from './pg-settings';
import { readTuningPlan } from './read-tuning-plan';
import { DEFAULT_RELOAD_SETTLE_MS, reloadConfiguration } from './reload-configuration';
import { resolveTables } from './resolve-tables';
import { readServerIdentity } from './server-identity';
import type { ServerFacts } from './server-facts';
import { settingValuesEqual } from '../connection/setting-value';
import { isConnectionLost } from '../connection/classify-error';
import type { Queryable } from '../queryable';
import { quoteIdent, quoteLiteral } from '../sql-quote';
import { disableAutovacuum, readAutovacuumOption } from './table-autovacuum';
import { TuningError } from './tuning-error';
import { SILENT_LOGGER, type Logger } from '../logger';
import type { TuningProfile } from './tuning-profile';
import type { PlannedChange, TuningPlan } from './tuning-plan';
import { emptyTuningState, type TuningState } from './tuning-state';
import type { TuningStateStore } from './tuning-state-store';


/** Options of {@link applyTuning}. */
export interface ApplyTuningOptions {
  profile: TuningProfile;
  /** Where the original values are recorded before anything changes. */
  store: TuningStateStore;
  /** Seeded tables: autovacuum goes off on them when the profile says so. Default: none. */
  tables?: readonly string[];
  /** Consent to unsafe settings (`--unsafe`). Default: false. */
  allowUnsafe?: boolean;
  /** Memory of the server host in bytes, when the caller knows better. Default: detected. */
  totalMemoryBytes?: number;
  /** Default: silent. */
  logger?: Logger;
  /** How long to wait for pg_reload_conf() to reach the backends. Default: {@link DEFAULT_RELOAD_SETTLE_MS}. */
  reloadSettleMs?: number;
  /**
   * The profile was chosen by the load's size, not asked for: that the role
   * may not ALTER SYSTEM (or reload) is a detail (logger.info), not a
   * warning about a privilege the user never asked to use. Default: false.
   */
  automatic?: boolean;
  signal?: AbortSignal;
}

/** A warning that only says the role lacks a privilege (the session settings still apply). */
const PRIVILEGE_WARNING = /^role .* may not (?:ALTER SYSTEM|call pg_reload_conf)/;

/** What {@link applyTuning} did and what the caller still has to do. */
export interface TuningResult {
  profile: string;
  plan: TuningPlan;
  facts: ServerFacts;
  /** True when some applied setting waits for a server restart. */
  restartNeeded: boolean;
  /** Settings written by ALTER SYSTEM that need a restart to become active. */
  pendingSettings: string[];
  /** Settings active after the reload. */
  reloadedSettings: string[];
  /**
   * Settings each new connection must SET (synchronous_commit, ...): pass
   * them to the pool with {@link sessionSettingsOptions}, or SET them with applySessionSettings.
   */
  sessionSettings: Record<string, string>;
  /** Tables whose autovacuum is now off. */
  autovacuumOff: string[];
  warnings: string[];
  state: TuningState;
}

/**
 * Applies a tuning profile: plan, refuse (throws RESEED_TUNING_REFUSED with
 * every reason, having changed nothing), record every original value in the
 * store, ALTER SYSTEM SET, pg_reload_conf(), then read pending_restart.
 * A role that may not ALTER SYSTEM gets a warning and the session settings
 * only. A change the server refuses (ALTER SYSTEM or ALTER TABLE) is a
 * warning: it is left as it was and not recorded, so restore never trips on
 * it. Running it again after a crash keeps the first recorded originals.
 */
export async function applyTuning(runner: Queryable, options: ApplyTuningOptions): Promise<TuningResult> {
  const logger = options.logger ?? SILENT_LOGGER;
  const { profile, store } = options;
  const { plan, facts } = await readTuningPlan(runner, profile, {
    allowUnsafe: options.allowUnsafe,
    totalMemoryBytes: options.totalMemoryBytes,
  });
  if (plan.refusals.length > 0) {
    throw new TuningError(
      'RESEED_TUNING_REFUSED',
      `Tuning profile "${profile.name}" refused, nothing was changed:\n  - ${plan.refusals.join('\n  - ')}`,
      { reasons: plan.refusals },
    );
  }
  for (const warning of plan.warnings) {
    if (options.automatic && PRIVILEGE_WARNING.test(warning)) logger.info(warning);
    else logger.warn(warning);
  }
  const tables = profile.autovacuumOff && options.tables?.length ? await resolveTables(runner, options.tables) : [];
  options.signal?.throwIfAborted();

  // Record first: nothing changes before the originals are on disk.
  const state = (await store.load(runner)) ?? emptyTuningState(store.key, String(profile.name), await readServerIdentity(runner));
  const plannedSystem = plan.changes.filter((c) => c.scope !== 'session');
  const autoConf = plannedSystem.length > 0 ? await readAutoConf(runner) : new Map<string, string>();
  const current = await readSettings(runner, plan.changes.map((c) => c.name));
  const siblings = store.otherDatabaseStates(state.systemIdentifier);
  for (const change of plan.changes) {
    if (state.settings.some((s) => s.name === change.name)) continue;
    // Settings are per cluster: when another database's pending tuning changed this one, its record holds the original.
    const inherited = change.scope === 'session' ? undefined : siblings.flatMap((o) => o.settings).find((s) => s.name === change.name && s.scope !== 'session');
    if (inherited) {
      state.settings.push({ ...inherited, target: change.to, applied: false });
      continue;
    }
    const now = current.get(change.name);
    if (!now) continue;
    // Without pg_file_settings (superusers only) a value from "a configuration file" might be from
    // postgresql.auto.conf: restore then pins the original with ALTER SYSTEM SET rather than risk a RESET losing it.
    const inAutoConf = autoConf
      ? autoConf.has(change.name)
      : now.sourcefile
        ? now.sourcefile.endsWith('postgresql.auto.conf')
        : now.source === 'configuration file';
    if (!autoConf && !now.sourcefile && inAutoConf) {
      logger.warn(
        `${change.name} comes from a configuration file this role may not read (pg_read_all_settings); ` +
          `restore will pin it with ALTER SYSTEM SET ${change.name} = '${now.display}' rather than risk resetting a value set there`,
      );
    }
    state.settings.push({
      name: change.name,
      scope: change.scope,
      context: change.context,
      original: now.display,
      source: now.source,
      bootVal: now.bootVal,
      resetVal: now.resetVal,
      inAutoConf,
      autoConfValue: autoConf?.get(change.name) ?? (inAutoConf ? now.display : null),
      target: change.to,
      applied: false,
    });
  }
  for (const table of tables) {
    if (state.autovacuum.some((t) => t.table === table.qualified)) continue;
    state.autovacuum.push(await readAutovacuumOption(runner, table));
  }
  await store.save(runner, state);

  const sessionSettings: Record<string, string> = {};
  const warnings = [...plan.warnings];
  const refused = (warning: string) => {
    warnings.push(warning);
    logger.warn(warning);
  };
  const appliedChanges: PlannedChange[] = [];
  for (const change of plan.changes) {
    options.signal?.throwIfAborted();
    const recorded = state.settings.find((s) => s.name === change.name);
    if (change.scope === 'session') {
      sessionSettings[change.name] = change.to;
    } else {
      try {
        await runner.query(`ALTER SYSTEM SET ${quoteIdent(change.name)} = ${quoteLiteral(change.to)}`);
      } catch (cause) {
        if (isConnectionLost(cause)) throw cause;
        // Refused: nothing changed, so nothing stays recorded for it (unless an earlier run changed it).
        if (recorded && !recorded.applied) state.settings = state.settings.filter((s) => s !== recorded);
        refused(`could not change ${change.name} (ALTER SYSTEM SET ${change.name} = ${change.to}): ${messageOf(cause)}; left as it is`);
        continue;
      }
      logger.info(`ALTER SYSTEM SET ${change.name} = ${change.to} (was ${change.from}): ${change.reason}`);
      if (change.unsafe) {
        logger.warn(
          `UNSAFE: ${change.name} = ${change.to} until restore. A crash of the server or the machine before then can ` +
            'corrupt the whole cluster, not only the seeded tables; do not do this where other data matters',
        );
      }
    }
    appliedChanges.push(change);
    if (recorded) {
      recorded.applied = true;
      recorded.target = change.to;
    }
  }
  await store.save(runner, state);

  const autovacuumOff: string[] = [];
  for (const table of tables) {
    options.signal?.throwIfAborted();
    const recorded = state.autovacuum.find((t) => t.table === table.qualified);
    try {
      await disableAutovacuum(runner, table.qualified);
      autovacuumOff.push(table.qualified);
    } catch (cause) {
      if (isConnectionLost(cause)) throw cause;
      // Recorded just before; refused, so it was not changed and is forgotten again (the original stays the table's).
      if (recorded && recorded.original === (await readAutovacuumOption(runner, table)).original) {
        state.autovacuum = state.autovacuum.filter((t) => t !== recorded);
      }
      refused(`${messageOf(cause)}; autovacuum stays as it is there`);
    }
  }
  if (autovacuumOff.length < tables.length) await store.save(runner, state);

  const systemChanges = appliedChanges.filter((c) => c.scope !== 'session');
  let pendingSettings: string[] = [];
  const reloadedSettings: string[] = [];
  if (systemChanges.length > 0) {
    const outcome = await reloadConfiguration(runner, systemChanges.map((c) => c.name), {
      settleMs: options.reloadSettleMs,
      signal: options.signal,
    });
    if (!outcome.reloaded) {
      // Only restart settings get here (the plan leaves reload settings alone for a role that may not reload): a restart reads them.
      const warning = `could not reload the configuration: ${outcome.error}`;
      warnings.push(warning);
      logger.warn(warning);
      pendingSettings = systemChanges.filter((c) => c.scope === 'restart').map((c) => c.name);
    } else {
      for (const change of systemChanges) {
        const s = outcome.settings.get(change.name);
        if (s && settingValuesEqual(s.setting, change.to, { unit: s.unit, vartype: s.vartype })) reloadedSettings.push(change.name);
        else if (change.scope === 'restart') pendingSettings.push(change.name);
        else {
          const warning = `${change.name} was written by ALTER SYSTEM but is ${s?.display ?? 'unknown'} after the reload`;
          warnings.push(warning);
          logger.warn(warning);
        }
      }
    }
  }
  if (pendingSettings.length > 0) logger.info(`a server restart is needed for ${pendingSettings.join(', ')}`);
  return {
    profile: String(profile.name),
    plan,
    facts,
    restartNeeded: pendingSettings.length > 0,
    pendingSettings,
    reloadedSettings,
    sessionSettings,
    autovacuumOff,
    warnings,
    state,
  };
}
