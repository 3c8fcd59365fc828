import { readSettings } from './pg-settings';
import { settingValuesEqual } from '../connection/setting-value';
import type { SqlRunner } from './sql-runner';
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
export async function verifyTuning(runner: SqlRunner, state: TuningState): Promise<TuningVerification> {
  const expected = expectedSettings(state);
  const names = Object.keys(expected);
  const now = await readSettings(runner, names);
  const settings: Record<string, VerifiedSetting> = {};
  const stillPending: string[] = [];
  const mismatched: string[] = [];
  const lines: string[] = [];
  for (const name of names) {
    const s = now.get(name);
    const ok = s !== undefined && settingValuesEqual(s.setting, expected[name], { unit: s.unit, vartype: s.vartype });
    settings[name] = { expected: expected[name], actual: s?.display, ok, pendingRestart: s?.pendingRestart ?? false };
    if (ok) continue;
    if (s?.pendingRestart) stillPending.push(name);
    else mismatched.push(name);
    lines.push(`${name} is ${s?.display ?? 'unknown'}, expected ${expected[name]}${s?.pendingRestart ? ' (restart pending)' : ''}`);
  }
  const ok = lines.length === 0;
  return {
    ok,
    settings,
    stillPending,
    mismatched,
    summary: ok
      ? names.length > 0
        ? `tuned settings active: ${names.map((n) => `${n} = ${settings[n].actual}`).join(', ')}`
        : 'no server settings to verify'
      : lines.join('; '),
  };
}
