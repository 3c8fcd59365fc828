import type { ShutdownMode } from '../server/local-postgres';
import { RestartError } from './restart-error';
import type { RestartContext, RestartStrategy } from './restart-strategy';

/** The slice of LocalPostgres this strategy needs. */
export interface RestartableServer {
  restart(options?: { mode?: ShutdownMode }): Promise<void>;
}

/** How the embedded server is stopped before it starts again. */
export const DEFAULT_EMBEDDED_SHUTDOWN_MODE: ShutdownMode = 'fast';

/** Restarts the server reseed started itself (LocalPostgres): no question to ask. */
export class EmbeddedRestartStrategy implements RestartStrategy {
  readonly name = 'embedded';
  readonly #server: RestartableServer;
  readonly #mode: ShutdownMode;

  constructor(options: { server: RestartableServer; mode?: ShutdownMode }) {
    this.#server = options.server;
    this.#mode = options.mode ?? DEFAULT_EMBEDDED_SHUTDOWN_MODE;
  }

  async restart(context: RestartContext): Promise<void> {
    context.signal?.throwIfAborted();
    if (context.nodes?.length) throw embeddedOnClusterError();
    context.logger.info(`restarting the embedded PostgreSQL (${context.reason})`);
    try {
      await this.#server.restart({ mode: this.#mode });
    } catch (cause) {
      throw new RestartError('RESEED_RESTART_FAILED', `The embedded PostgreSQL did not restart: ${cause instanceof Error ? cause.message : String(cause)}`, {
        cause,
      });
    }
  }
}

/** The embedded strategy asked to restart a Citus cluster, which reseed never starts itself. */
export function embeddedOnClusterError(): RestartError {
  return new RestartError(
    'RESEED_RESTART_BAD_OPTION',
    "{restart} embedded restarts the server reseed started itself, and a Citus cluster is never one: use {restart} command (a {restartCommand} with {host}, {port} or {data_directory} per node), prompt, exit or skip",
  );
}
