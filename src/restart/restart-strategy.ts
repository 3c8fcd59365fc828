import type { Logger } from '../logger';
import type { RestartCommandHint } from './restart-command-hint';

/** Names accepted by `--restart`. */
export type RestartStrategyName = 'prompt' | 'command' | 'embedded' | 'exit' | 'skip';

/** Every accepted strategy name, for validation messages. */
export const RESTART_STRATEGY_NAMES: readonly RestartStrategyName[] = ['prompt', 'command', 'embedded', 'exit', 'skip'];

/** What a strategy knows when it is asked to restart the server. */
export interface RestartContext {
  /** Why, for the messages: e.g. "tuning" or "restore". */
  reason: string;
  /** Settings waiting for the restart. */
  pendingSettings: readonly string[];
  /** How this server can be restarted, when reseed can tell (see describeRestartCommand). */
  hint?: RestartCommandHint;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * One way to get the server restarted. `restart` resolves once the server
 * should be back (or, for skip, at once); reconnecting and verifying is the
 * caller's (see restartAndVerify). The exit strategy throws RestartExitRequested.
 */
export interface RestartStrategy {
  readonly name: RestartStrategyName;
  restart(context: RestartContext): Promise<void>;
}
