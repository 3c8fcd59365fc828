import { readSettings, messageOf, type PgSetting } from './pg-settings';
import { readServerFacts, type ServerFacts } from './server-facts';
import type { Queryable } from '../queryable';
import { TuningError } from './tuning-error';
import type { TuningProfile } from './tuning-profile';
import { PLAN_EXTRA_SETTINGS, planTuning, type TuningPlan } from './tuning-plan';

/** Options of {@link readTuningPlan}. */
export interface ReadTuningPlanOptions {
  /** Consent to unsafe settings (`--unsafe`). Default: false. */
  allowUnsafe?: boolean;
  /** Memory of the server host in bytes, when the caller knows better. Default: detected (see readServerFacts). */
  totalMemoryBytes?: number;
  /** Root of the /proc file system that tells whether the server is local. Default: `/proc`. */
  procRoot?: string;
}

/** A plan together with what it was made from. */
export interface ReadTuningPlanResult {
  plan: TuningPlan;
  facts: ServerFacts;
  settings: Map<string, PgSetting>;
}

/** Reads the server's facts, settings and privileges and plans the profile; changes nothing. */
export async function readTuningPlan(
  runner: Queryable,
  profile: TuningProfile,
  options: ReadTuningPlanOptions = {},
): Promise<ReadTuningPlanResult> {
  const facts = await readServerFacts(runner, { totalMemoryBytes: options.totalMemoryBytes, procRoot: options.procRoot });
  const names = [...new Set([...profile.settings.map((s) => s.name), ...PLAN_EXTRA_SETTINGS])];
  const settings = await readSettings(runner, names);
  const allowed = await alterSystemPrivileges(runner, facts, names);
  const canReload = facts.isSuperuser || (await mayReload(runner));
  const plan = planTuning(profile, {
    settings,
    facts,
    allowUnsafe: options.allowUnsafe ?? false,
    canAlterSystem: (name) => allowed.has(name),
    canReload,
  });
  return { plan, facts, settings };
}

/** Settings this role may ALTER SYSTEM: all for a superuser, GRANTed ones from PostgreSQL 15, none before. */
async function alterSystemPrivileges(runner: Queryable, facts: ServerFacts, names: string[]): Promise<Set<string>> {
  if (facts.isSuperuser) return new Set(names);
  if (facts.versionNum < 150000) return new Set();
  try {
    const rows = await runner.query<{ name: string; ok: boolean }>(
      `SELECT name, has_parameter_privilege(name, 'ALTER SYSTEM') AS ok FROM unnest($1::text[]) AS name`,
      [names],
    );
    return new Set(rows.filter((r) => r.ok).map((r) => r.name));
  } catch (cause) {
    throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not check the ALTER SYSTEM privilege: ${messageOf(cause)}`, { cause });
  }
}

/** Whether this role may call pg_reload_conf(): revoked from PUBLIC, so a superuser or an explicit GRANT EXECUTE. */
async function mayReload(runner: Queryable): Promise<boolean> {
  const [row] = await runner.query<{ ok: boolean }>(
    `SELECT has_function_privilege('pg_catalog.pg_reload_conf()', 'EXECUTE') AS ok`,
  );
  return row?.ok ?? false;
}
