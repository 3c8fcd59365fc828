import { messageOf, PG_SETTING_COLUMNS, settingsByName, type PgSetting, type PgSettingRow } from './pg-settings';
import type { Queryable } from '../queryable';

/** How long to wait for a configuration reload to reach the backends. */
export const DEFAULT_RELOAD_SETTLE_MS = 5_000;
const POLL_MS = 25;

/** Options of {@link reloadConfiguration}. */
export interface ReloadConfigurationOptions {
  /** How long to wait for a backend that has read the new files. Default: {@link DEFAULT_RELOAD_SETTLE_MS}. */
  settleMs?: number;
  signal?: AbortSignal;
}

/** The outcome of {@link reloadConfiguration}. */
export type ReloadOutcome =
  | { reloaded: true; settings: Map<string, PgSetting> }
  /** pg_reload_conf() was refused (a role without EXECUTE on it) or failed. */
  | { reloaded: false; error: string };

/**
 * pg_reload_conf(), then the named settings as seen by a backend that has
 * processed the reload. The function only signals the postmaster; each
 * backend re-reads the files at its next command, and until then its
 * pg_settings (pending_restart included) is stale. So the settings are read
 * in the same statement as pg_conf_load_time() and read again until that
 * backend's load time is after the reload.
 */
export async function reloadConfiguration(
  runner: Queryable,
  names: readonly string[],
  options: ReloadConfigurationOptions = {},
): Promise<ReloadOutcome> {
  const [{ at }] = await runner.query<{ at: string }>('SELECT clock_timestamp()::text AS at');
  try {
    await runner.query('SELECT pg_reload_conf()');
  } catch (cause) {
    return { reloaded: false, error: messageOf(cause) };
  }
  const deadline = Date.now() + (options.settleMs ?? DEFAULT_RELOAD_SETTLE_MS);
  for (;;) {
    const rows = await runner.query<PgSettingRow & { loaded: boolean }>(
      `SELECT pg_conf_load_time() > $2::timestamptz AS loaded, ${PG_SETTING_COLUMNS}
         FROM pg_settings WHERE name = ANY($1::text[])`,
      [names, at],
    );
    if (rows.length === 0 || rows[0].loaded || Date.now() >= deadline) return { reloaded: true, settings: settingsByName(rows) };
    options.signal?.throwIfAborted();
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
