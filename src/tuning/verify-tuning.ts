import { readSettings } from './pg-settings';
import { settingValuesEqual } from '../connection/setting-value';
import type { Queryable } from '../queryable';
import type { TuningState } from './tuning-state';
import { summarizeVerification, type SettingsVerification, type VerifiedSetting } from '../connection/settings-verification';

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
export async function verifyTuning(runner: Queryable, state: TuningState): Promise<SettingsVerification> {
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

/**
 * What a restart needs to check a tuning (restartAndVerify's `verify` and
 * `originalValues`): restart/ gets these functions, not the tuning state.
 */
export function tuningChecks(state: TuningState): {
  verify(runner: Queryable): Promise<SettingsVerification>;
  originalValues: Record<string, string>;
} {
  return {
    verify: (runner) => verifyTuning(runner, state),
    originalValues: Object.fromEntries(state.settings.map((s) => [s.name, s.original])),
  };
}
