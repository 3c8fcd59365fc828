import { HealthCheckFailedError } from '../connection/health-check-failed-error';
import type { HealthReport } from '../connection/health-check';
import { settingValuesEqual } from '../connection/setting-value';
import type { Queryable } from '../queryable';
import { summarizeVerification, type SettingsVerification } from '../connection/settings-verification';
import { SILENT_LOGGER, type Logger } from '../logger';
import type { Prompter } from './prompter';
import type { RestartCommandHint } from './restart-command-hint';
import type { RestartNode, RestartStrategy } from './restart-strategy';

/** How many times the person is asked to restart before the run carries on untuned. */
export const DEFAULT_RESTART_ATTEMPTS = 3;

/** Options of {@link restartAndVerify}. */
export interface RestartAndVerifyOptions {
  strategy: RestartStrategy;
  /**
   * Values of the settings before they were changed: when the verification
   * comes from a health report (no pending_restart there), a setting still at
   * its old value counts as pending (the server did not restart), any other
   * mismatch as overridden. Default: none (every mismatch is overridden).
   */
  originalValues?: Readonly<Record<string, string>>;
  /** Settings waiting for the restart (TuningResult.pendingSettings). */
  pendingSettings: readonly string[];
  /**
   * A connection to the restarted server, e.g.
   * `() => manager.recreate('tuning restart')`: waits for readiness and
   * builds a new pool. Called after every restart attempt (also for skip).
   */
  reconnect(): Promise<Queryable>;
  /**
   * The connection to check when reconnect() rejects with HealthCheckFailedError
   * (DataSourceManager.recreate() given expectedSettings keeps the new
   * DataSource and throws when they are not in effect), e.g.
   * `() => manager.ready()`. Default: none; the verification is then taken
   * from the error's health report.
   */
  current?(): Promise<Queryable>;
  /** How to restart this server (describeRestartCommand), shown by prompt and exit. Default: none. */
  hint?: RestartCommandHint;
  /** On a cluster: every node that must restart (RestartContext.nodes). Default: none, a single server. */
  nodes?: readonly RestartNode[];
  /** Asks whether to try again when the values are still pending. Default: none, the run carries on untuned. */
  prompter?: Prompter;
  /** Checks the restarted server: are the settings in effect (e.g. verifyTuning for a tuning, verifyRestored for a restore)? */
  verify(runner: Queryable): Promise<SettingsVerification>;
  /** Words for the messages. Default: 'tuning'. */
  reason?: string;
  /** Default: {@link DEFAULT_RESTART_ATTEMPTS}. */
  maxAttempts?: number;
  /** Default: silent. */
  logger?: Logger;
  signal?: AbortSignal;
}

/** How the restart went. */
export interface RestartOutcome {
  /**
   * active: every tuned value is in effect. untuned: they are not (Enter
   * without a restart, or something overrides them) and the run carries on
   * with what is active. skipped: the skip strategy ran.
   */
  status: 'active' | 'untuned' | 'skipped';
  verification: SettingsVerification;
  /** Restart attempts made. */
  attempts: number;
  /**
   * The connection from the last reconnect() (or current()): use it, or the
   * manager's new DataSource, from now on. Undefined when the verification
   * came from a HealthCheckFailedError's report.
   */
  runner: Queryable | undefined;
}

/**
 * Gets the server restarted with a strategy, reconnects and checks the tuned
 * values. When they are still pending (the person pressed Enter without
 * restarting) it says so and, with a prompter, asks whether to try again or
 * carry on untuned. The exit strategy's RestartExitRequested passes through.
 */
export async function restartAndVerify(options: RestartAndVerifyOptions): Promise<RestartOutcome> {
  const logger = options.logger ?? SILENT_LOGGER;
  const maxAttempts = options.maxAttempts ?? DEFAULT_RESTART_ATTEMPTS;
  const verify = (runner: Queryable) => options.verify(runner);
  let pending = options.pendingSettings;
  for (let attempts = 1; ; attempts++) {
    await options.strategy.restart({
      reason: options.reason ?? 'tuning',
      pendingSettings: pending,
      hint: options.hint,
      nodes: options.nodes,
      logger,
      signal: options.signal,
    });
    const { runner, verification } = await reconnectAndVerify(options, verify);
    if (verification.ok) {
      logger.info(verification.summary);
      return { status: 'active', verification, attempts, runner };
    }
    if (options.strategy.name === 'skip') return { status: 'skipped', verification, attempts, runner };
    const problem =
      verification.stillPending.length > 0
        ? `the server has not restarted: ${verification.summary}`
        : `the tuned values are not in effect after the restart: ${verification.summary}`;
    logger.warn(problem);
    options.signal?.throwIfAborted();
    const again =
      options.prompter !== undefined &&
      attempts < maxAttempts &&
      (await options.prompter.confirm(`${problem}.\nRestart it and check again? (No carries on untuned)`, true));
    if (!again) {
      logger.warn('carrying on untuned: the load runs with the settings that are active');
      return { status: 'untuned', verification, attempts, runner };
    }
    pending = verification.stillPending.length > 0 ? verification.stillPending : pending;
  }
}

/** reconnect() then verify; a failed health check of the new connection is a verification result, not an error. */
async function reconnectAndVerify(
  options: RestartAndVerifyOptions,
  verify: (runner: Queryable) => Promise<SettingsVerification>,
): Promise<{ runner: Queryable | undefined; verification: SettingsVerification }> {
  let runner: Queryable;
  try {
    runner = await options.reconnect();
  } catch (error) {
    if (!(error instanceof HealthCheckFailedError)) throw error;
    if (!options.current) return { runner: undefined, verification: verificationFromReport(error.report, options.originalValues ?? {}) };
    runner = await options.current();
  }
  return { runner, verification: await verify(runner) };
}

/**
 * A verification from a health report, which has no pending_restart: a
 * setting still at its value from before tuning counts as pending (the
 * server did not restart), any other mismatch as overridden.
 */
function verificationFromReport(report: HealthReport, originalValues: Readonly<Record<string, string>>): SettingsVerification {
  const settings: SettingsVerification['settings'] = {};
  const stillPending: string[] = [];
  const mismatched: string[] = [];
  for (const [name, check] of Object.entries(report.settings)) {
    const original = originalValues[name];
    const unchanged = !check.ok && original !== undefined && settingValuesEqual(original, check.actual);
    settings[name] = { expected: check.expected, actual: check.actual, ok: check.ok, pendingRestart: unchanged };
    if (check.ok) continue;
    if (unchanged) stillPending.push(name);
    else mismatched.push(name);
  }
  const ok = stillPending.length === 0 && mismatched.length === 0 && report.ok;
  return { ok, settings, stillPending, mismatched, summary: summarizeVerification(settings, ok, report.problems.join('; ')) };
}
