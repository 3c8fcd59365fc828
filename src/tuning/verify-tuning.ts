import { readSettings } from './pg-settings';
import { settingValuesEqual } from '../connection/setting-value';
import type { Queryable } from '../queryable';
import type { TuningState } from './tuning-state';

/** One tuned setting as verified: the value reseed set and the one in effect. */
export interface VerifiedSetting {
  expected: string;
  actual: string | undefined;
  ok: boolean;
  /** The server still waits for a restart to make `expected` active. */
  pendingRestart: boolean;
}

/** Whether the tuned values are in effect, after a restart or on `--resume`. */
export interface TuningVerification {
  ok: boolean;
  settings: Record<string, VerifiedSetting>;
  /** Not active yet and pending_restart: the server was not restarted (Enter pressed without a restart). */
  stillPending: string[];
  /** Not active and not pending: something else overrides the value (command line, another ALTER SYSTEM). */
  mismatched: string[];
  /** One line for the user, e.g. "wal_level is replica, expected minimal (restart pending)". */
  summary: string;
}

/**
 * The values a health check should find once the server has restarted: the
 * reload and restart settings reseed applied. Matches the
 * `expectedSettings` of DataSourceManager.recreate().
 */
export function expectedSettings(state: TuningState): Record<string, string> {
  const expected: Record<string, string> = {};
  for (const s of state.settings) if (s.applied && s.scope !== 'session') expected[s.name] = s.target;
  return expected;
}

/**
 * Checks that the settings recorded in `state` are active now. A value still
 * pending means the server did not restart: the caller may ask again or
 * carry on untuned. Session settings are per connection and not checked here.
 */
export async function verifyTuning(runner: Queryable, state: TuningState): Promise<TuningVerification> {
  const expected = expectedSettings(state);
  const names = Object.keys(expected);
  const now = await readSettings(runner, names);
  const settings: Record<string, VerifiedSetting> = {};
  const stillPending: string[] = [];
  const mismatched: string[] = [];
  for (const name of names) {
    const s = now.get(name);
    const ok = s !== undefined && settingValuesEqual(s.setting, expected[name], { unit: s.unit, vartype: s.vartype });
    settings[name] = { expected: expected[name], actual: s?.display, ok, pendingRestart: s?.pendingRestart ?? false };
    if (ok) continue;
    if (s?.pendingRestart) stillPending.push(name);
    else mismatched.push(name);
  }
  const ok = stillPending.length === 0 && mismatched.length === 0;
  return { ok, settings, stillPending, mismatched, summary: summarizeVerification(settings, ok) };
}

/** One line for a person: the active values when all is well, else each setting that is off and why. */
export function summarizeVerification(settings: Record<string, VerifiedSetting>, ok: boolean, fallback = 'no server settings to verify'): string {
  const entries = Object.entries(settings);
  if (ok) return entries.length > 0 ? `tuned settings active: ${entries.map(([name, v]) => `${name} = ${v.actual}`).join(', ')}` : fallback;
  return (
    entries
      .filter(([, v]) => !v.ok)
      .map(([name, v]) => `${name} is ${v.actual ?? 'unknown'}, expected ${v.expected}${v.pendingRestart ? ' (restart pending)' : ''}`)
      .join('; ') || fallback
  );
}
