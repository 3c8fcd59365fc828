import type { PgSetting } from './pg-settings';
import type { ServerFacts } from './server-facts';
import { settingValuesEqual } from '../connection/setting-value';
import type { TuningProfile } from './tuning-profile';

/**
 * How a change takes effect: `session` by SET on each connection, `reload`
 * by ALTER SYSTEM and pg_reload_conf(), `restart` by ALTER SYSTEM and a
 * server restart. Derived from pg_settings.context.
 */
export type SettingScope = 'session' | 'reload' | 'restart';

/** One setting the plan will change. */
export interface PlannedChange {
  name: string;
  /** Active value, as SHOW prints it. */
  from: string;
  to: string;
  context: string;
  scope: SettingScope;
  reason: string;
  unsafe: boolean;
}

/** A setting of the profile that the plan leaves alone, and why. */
export interface SkippedSetting {
  name: string;
  reason: string;
}

/** What applying a profile to this server would do. */
export interface TuningPlan {
  profile: TuningProfile;
  changes: PlannedChange[];
  skipped: SkippedSetting[];
  /** Reasons the whole plan must not run; empty when it may. */
  refusals: string[];
  warnings: string[];
}

/** Inputs of {@link planTuning}, read from the server beforehand. */
export interface PlanTuningInput {
  settings: ReadonlyMap<string, PgSetting>;
  facts: ServerFacts;
  /** Consent to unsafe settings (`--unsafe`). */
  allowUnsafe: boolean;
  /** Whether this role may ALTER SYSTEM SET this setting. */
  canAlterSystem(name: string): boolean;
  /** Whether this role may call pg_reload_conf() (superuser or GRANT EXECUTE). Default: true. */
  canReload?: boolean;
}

/** Sources that outrank postgresql.auto.conf: ALTER SYSTEM cannot change the active value. */
const OUTRANKS_ALTER_SYSTEM = new Set(['command line', 'override']);

/** Scope of a pg_settings.context, or undefined when reseed cannot change it at all. */
export function scopeOfContext(context: string): SettingScope | undefined {
  switch (context) {
    case 'user':
    case 'superuser':
      return 'session';
    case 'sighup':
      return 'reload';
    case 'postmaster':
      return 'restart';
    default:
      return undefined;
  }
}

/**
 * Plans a profile against the server's current settings; pure, so the CLI
 * can print it before anything changes. Refusals cover unsafe settings
 * without consent, a standby, and wal_level = minimal where replication or
 * archiving is in use (the server would refuse to start, or backups break).
 */
export function planTuning(profile: TuningProfile, input: PlanTuningInput): TuningPlan {
  const { settings, facts } = input;
  const changes: PlannedChange[] = [];
  const skipped: SkippedSetting[] = [];
  const refusals: string[] = [];
  const warnings: string[] = [];
  if (profile.unsafe && !input.allowUnsafe) {
    const names = profile.settings.filter((s) => s.unsafe).map((s) => s.name);
    refusals.push(
      `profile "${profile.name}" turns off ${names.join(' and ')}: a crash during the load can corrupt the whole cluster, ` +
        'not only the seeded tables; it needs explicit consent ({unsafe})',
    );
  }
  if (facts.inRecovery && profile.settings.length > 0) {
    refusals.push('the server is a standby (in recovery): it takes no writes, so there is nothing to tune');
  }
  let noAlterSystem = false;
  let noReload = false;
  for (const spec of profile.settings) {
    const current = settings.get(spec.name);
    if (!current) {
      skipped.push({ name: spec.name, reason: 'this server has no such setting' });
      continue;
    }
    const to = spec.value(facts, current);
    if (to === undefined) {
      skipped.push({ name: spec.name, reason: `already ${current.display}` });
      continue;
    }
    if (settingValuesEqual(current.setting, to, { unit: current.unit, vartype: current.vartype })) {
      skipped.push({ name: spec.name, reason: `already ${current.display}` });
      continue;
    }
    const scope = scopeOfContext(current.context);
    if (!scope) {
      skipped.push({ name: spec.name, reason: `context "${current.context}" cannot be changed on a running server` });
      continue;
    }
    if (scope === 'session' && current.context === 'superuser' && !facts.isSuperuser) {
      skipped.push({ name: spec.name, reason: `only a superuser may set it (context "superuser")` });
      continue;
    }
    if (scope !== 'session') {
      if (OUTRANKS_ALTER_SYSTEM.has(current.source)) {
        skipped.push({ name: spec.name, reason: `set on the server's ${current.source} (${current.display}), which ALTER SYSTEM cannot override` });
        warnings.push(`${spec.name} stays ${current.display}: it is set on the server's ${current.source}, which ALTER SYSTEM cannot override`);
        continue;
      }
      if (!input.canAlterSystem(spec.name)) {
        skipped.push({ name: spec.name, reason: `role ${facts.currentUser} may not ALTER SYSTEM` });
        noAlterSystem = true;
        continue;
      }
      if (scope === 'reload' && input.canReload === false) {
        skipped.push({ name: spec.name, reason: `role ${facts.currentUser} may not call pg_reload_conf()` });
        noReload = true;
        continue;
      }
    }
    changes.push({
      name: spec.name,
      from: current.display,
      to,
      context: current.context,
      scope,
      reason: spec.reason,
      unsafe: spec.unsafe ?? false,
    });
  }
  if (noAlterSystem) {
    warnings.push(
      `role ${facts.currentUser} may not ALTER SYSTEM (needs superuser or GRANT ALTER SYSTEM ON PARAMETER): ` +
        'only session settings are applied',
    );
  }
  if (noReload) {
    warnings.push(
      `role ${facts.currentUser} may not call pg_reload_conf() (needs superuser or GRANT EXECUTE): reload settings are left alone`,
    );
  }
  const walMinimal = changes.find((c) => c.name === 'wal_level' && c.to === 'minimal');
  if (walMinimal) {
    const why: string[] = [];
    if (facts.replicationSlots.length > 0) {
      why.push(`replication slots exist (${facts.replicationSlots.join(', ')}); the server would not start with them`);
    }
    if (facts.standbys > 0) why.push(`${facts.standbys} standby or WAL receiver(s) are connected (pg_stat_replication)`);
    const archive = settings.get('archive_mode');
    if (archive && archive.setting !== 'off') why.push(`archive_mode is ${archive.setting}: WAL archiving (backups) would stop`);
    const summarize = settings.get('summarize_wal');
    if (summarize && summarize.setting === 'on') why.push('summarize_wal is on, which needs wal_level replica or logical');
    for (const reason of why) refusals.push(`wal_level = minimal refused: ${reason}`);
  }
  return { profile, changes, skipped, refusals, warnings };
}

/** Settings the plan reads besides the profile's own: those its refusals look at. */
export const PLAN_EXTRA_SETTINGS: readonly string[] = ['archive_mode', 'summarize_wal', 'wal_level'];
