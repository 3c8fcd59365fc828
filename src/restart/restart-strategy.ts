import type { Logger } from '../logger';
import type { RestartCommandHint } from './restart-command-hint';

/** Names accepted by `--restart`. */
export type RestartStrategyName = 'prompt' | 'command' | 'embedded' | 'exit' | 'skip';

/** Every accepted strategy name, for validation messages. */
export const RESTART_STRATEGY_NAMES: readonly RestartStrategyName[] = ['prompt', 'command', 'embedded', 'exit', 'skip'];

/**
 * One server of a cluster (a Citus coordinator or worker) that must restart,
 * as the strategies show it and the command strategy fills its placeholders.
 */
export interface RestartNode {
  /** `coordinator` or `worker`. */
  role: 'coordinator' | 'worker';
  /** For messages: `coordinator 10.0.0.1:5432`, `worker 10.0.0.2:5432`. */
  label: string;
  host: string;
  port: number;
  /** SHOW data_directory on that node; undefined when this role may not see it. */
  dataDirectory: string | undefined;
  /** Settings of this node waiting for the restart. */
  pendingSettings: readonly string[];
  /** How this node can be restarted, when reseed can tell. */
  hint?: RestartCommandHint;
}

/** What a strategy knows when it is asked to restart the server. */
export interface RestartContext {
  /** Why, for the messages: e.g. "tuning" or "restore". */
  reason: string;
  /** Settings waiting for the restart. */
  pendingSettings: readonly string[];
  /** How this server can be restarted, when reseed can tell (see describeRestartCommand). */
  hint?: RestartCommandHint;
  /**
   * On a cluster: every node that must restart, the coordinator last. Each
   * strategy restarts (or names) each of them. Undefined for a single server.
   */
  nodes?: readonly RestartNode[];
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
