import { spawn } from 'node:child_process';
import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { maskCommand } from '../mask-url';
import type { RestartContext, RestartStrategy } from './restart-strategy';
import { RestartError } from './restart-error';

/** How long a restart command may run. */
export const DEFAULT_RESTART_COMMAND_TIMEOUT_MS = 300_000;
/** The shell that runs the command. */
export const DEFAULT_RESTART_SHELL = '/bin/sh';

/** Options of {@link CommandRestartStrategy}. */
export interface CommandRestartStrategyOptions {
  /** `--restart-command`, run by the shell. */
  command: string;
  /** Where the command's output goes (appended). */
  logFile: string;
  /** Default: {@link DEFAULT_RESTART_COMMAND_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Default: {@link DEFAULT_RESTART_SHELL}. */
  shell?: string;
  /** The environment the command starts from. Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /**
   * Leave {@link SECRET_ENV_NAMES} in the command's environment (`--restart-pass-secrets`).
   * Default: false, they are removed (the command restarts a server; it rarely needs the app's password).
   */
  passSecrets?: boolean;
}

/** Environment variables that carry the database password. */
export const SECRET_ENV_NAMES = ['DATABASE_URL', 'PGPASSWORD'] as const;

/**
 * Runs `--restart-command` in its own session and process group, its output
 * appended to a log file rather than piped to reseed: a pg_ctl whose parent
 * dies while its output is piped dies too, leaving the server stopped. For
 * the same reason an abort or timeout stops the wait, not the command.
 */
export class CommandRestartStrategy implements RestartStrategy {
  readonly name = 'command';
  readonly #options: CommandRestartStrategyOptions;

  constructor(options: CommandRestartStrategyOptions) {
    if (!options.command.trim()) {
      throw new RestartError('RESEED_RESTART_BAD_OPTION', '{restartCommand} is empty; give the shell command that restarts PostgreSQL');
    }
    this.#options = options;
  }

  async restart(context: RestartContext): Promise<void> {
    context.signal?.throwIfAborted();
    const { command, logFile } = this.#options;
    const shown = maskCommand(command);
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_RESTART_COMMAND_TIMEOUT_MS;
    mkdirSync(path.dirname(path.resolve(logFile)), { recursive: true });
    const fd = openSync(logFile, 'a', 0o600);
    fchmodSync(fd, 0o600); // a log from an older reseed may be world-readable
    writeSync(fd, `\n# ${new Date().toISOString()} reseed restart (${context.reason}): ${shown}\n`);
    context.logger.info(`restarting PostgreSQL: ${shown} (output in ${logFile})`);
    try {
      const child = spawn(this.#options.shell ?? DEFAULT_RESTART_SHELL, ['-c', command], {
        detached: true,
        stdio: ['ignore', fd, fd],
        env: commandEnv(this.#options.env ?? process.env, this.#options.passSecrets ?? false),
      });
      const exitCode = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new RestartError('RESEED_RESTART_TIMEOUT', `The restart command did not finish within ${timeoutMs} ms: ${shown} (see ${logFile}; it keeps running)`, { logFile })),
          timeoutMs,
        );
        const onAbort = () =>
          reject(new RestartError('RESEED_RESTART_ABORTED', `Stopped waiting for the restart command: ${shown} (see ${logFile}; it keeps running)`, { cause: context.signal?.reason, logFile }));
        context.signal?.addEventListener('abort', onAbort, { once: true });
        const done = () => {
          clearTimeout(timer);
          context.signal?.removeEventListener('abort', onAbort);
        };
        child.once('error', (cause) => {
          done();
          reject(new RestartError('RESEED_RESTART_COMMAND_FAILED', `Could not run the restart command ${shown}: ${cause.message}`, { cause, logFile }));
        });
        child.once('exit', (code, signal) => {
          done();
          resolve(code ?? (signal ? 128 : 1));
        });
      });
      if (exitCode !== 0) {
        throw new RestartError('RESEED_RESTART_COMMAND_FAILED', `The restart command exited with code ${exitCode}: ${shown} (its output is in ${logFile})`, {
          exitCode,
          logFile,
        });
      }
    } finally {
      closeSync(fd);
    }
  }
}

function commandEnv(env: NodeJS.ProcessEnv, passSecrets: boolean): NodeJS.ProcessEnv {
  if (passSecrets) return env;
  const clean = { ...env };
  for (const name of SECRET_ENV_NAMES) delete clean[name];
  return clean;
}
