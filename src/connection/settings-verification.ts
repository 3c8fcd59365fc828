/** One setting as verified: the value expected and the one in effect. */
export interface VerifiedSetting {
  expected: string;
  actual: string | undefined;
  ok: boolean;
  /** The server still waits for a restart to make `expected` active. */
  pendingRestart: boolean;
}

/** Whether expected server settings are in effect (after a restart, on a resume, after a restore). */
export interface SettingsVerification {
  ok: boolean;
  settings: Record<string, VerifiedSetting>;
  /** Not active yet and pending_restart: the server was not restarted (Enter pressed without a restart). */
  stillPending: string[];
  /** Not active and not pending: something else overrides the value (command line, another ALTER SYSTEM). */
  mismatched: string[];
  /** One line for the user, e.g. "wal_level is replica, expected minimal (restart pending)". */
  summary: string;
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
