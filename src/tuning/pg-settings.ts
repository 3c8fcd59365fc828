import type { Queryable } from '../queryable';
import { TuningError } from './tuning-error';

/** One row of pg_settings, the columns tuning needs. */
export interface PgSetting {
  name: string;
  /** Active value in the base unit, as pg_settings.setting. */
  setting: string;
  /** Base unit of `setting` (8kB, kB, MB, ms, s, min) or null. */
  unit: string | null;
  /** Active value as SHOW prints it, e.g. 32MB. */
  display: string;
  /** postmaster, sighup, superuser, user, ...: when a change takes effect. */
  context: string;
  vartype: string;
  /** Where the active value comes from: default, configuration file, command line, ... */
  source: string;
  bootVal: string | null;
  resetVal: string | null;
  /** The file that set the active value; null when unknown or hidden from this role. */
  sourcefile: string | null;
  /** True when the configuration holds a value that needs a restart to become active. */
  pendingRestart: boolean;
}

/** The pg_settings columns behind {@link PgSetting}, for queries that read more alongside. */
export const PG_SETTING_COLUMNS = `name, setting, unit, current_setting(name) AS display, context, vartype, source,
       boot_val, reset_val, sourcefile, pending_restart`;

/** A pg_settings row selected with {@link PG_SETTING_COLUMNS}. */
export interface PgSettingRow {
  name: string;
  setting: string;
  unit: string | null;
  display: string;
  context: string;
  vartype: string;
  source: string;
  boot_val: string | null;
  reset_val: string | null;
  sourcefile: string | null;
  pending_restart: boolean;
}

/** Rows selected with {@link PG_SETTING_COLUMNS}, by name. */
export function settingsByName(rows: readonly PgSettingRow[]): Map<string, PgSetting> {
  const map = new Map<string, PgSetting>();
  for (const row of rows) {
    map.set(row.name, {
      name: row.name,
      setting: row.setting,
      unit: row.unit,
      display: row.display,
      context: row.context,
      vartype: row.vartype,
      source: row.source,
      bootVal: row.boot_val,
      resetVal: row.reset_val,
      sourcefile: row.sourcefile,
      pendingRestart: row.pending_restart,
    });
  }
  return map;
}

/** Reads the named settings from pg_settings; names the server does not know are left out. */
export async function readSettings(runner: Queryable, names: readonly string[]): Promise<Map<string, PgSetting>> {
  try {
    const rows = await runner.query<PgSettingRow>(`SELECT ${PG_SETTING_COLUMNS} FROM pg_settings WHERE name = ANY($1::text[])`, [names]);
    return settingsByName(rows);
  } catch (cause) {
    throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not read pg_settings: ${messageOf(cause)}`, { cause });
  }
}

/**
 * The settings written by ALTER SYSTEM (postgresql.auto.conf), name to value
 * as written. Undefined when this role may not read pg_file_settings
 * (superusers only by default).
 */
export async function readAutoConf(runner: Queryable): Promise<Map<string, string> | undefined> {
  try {
    const rows = await runner.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_file_settings
        WHERE sourcefile LIKE '%postgresql.auto.conf' AND error IS NULL ORDER BY seqno`,
    );
    // Later lines win, as when the server reads the file.
    return new Map(rows.map((r) => [r.name, r.setting]));
  } catch {
    return undefined;
  }
}

/** Names among `names` (all settings when omitted) whose new value waits for a restart. */
export async function pendingRestartSettings(runner: Queryable, names?: readonly string[]): Promise<string[]> {
  const rows = await runner.query<{ name: string }>(
    names
      ? 'SELECT name FROM pg_settings WHERE pending_restart AND name = ANY($1::text[]) ORDER BY name'
      : 'SELECT name FROM pg_settings WHERE pending_restart ORDER BY name',
    names ? [names] : [],
  );
  return rows.map((r) => r.name);
}

/** The message of an unknown thrown value, for error texts. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
