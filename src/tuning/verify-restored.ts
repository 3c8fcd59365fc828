import { readSettings } from './pg-settings';
import type { Queryable } from '../queryable';
import type { SettingsVerification } from '../connection/settings-verification';

/**
 * After the restart that finishes a restore (RestoreResult.pendingSettings):
 * checks that none of the settings still waits for a restart. Shaped like
 * verifyTuning's result, so restartAndVerify can use it as `verify`.
 */
export async function verifyRestored(runner: Queryable, names: readonly string[]): Promise<SettingsVerification> {
  const now = await readSettings(runner, names);
  const settings: SettingsVerification['settings'] = {};
  const stillPending: string[] = [];
  for (const name of names) {
    const s = now.get(name);
    const pendingRestart = s?.pendingRestart ?? false;
    settings[name] = { expected: 'configured value', actual: s?.display, ok: !pendingRestart, pendingRestart };
    if (pendingRestart) stillPending.push(name);
  }
  const ok = stillPending.length === 0;
  return {
    ok,
    settings,
    stillPending,
    mismatched: [],
    summary: ok
      ? `restored settings active: ${names.map((n) => `${n} = ${settings[n].actual}`).join(', ')}`
      : `${stillPending.join(', ')} still wait for a restart to be restored`,
  };
}
