import { spawn } from 'node:child_process';
import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { maskCommand } from '../mask-url';
import type { RestartContext, RestartNode, RestartStrategy } from './restart-strategy';
import { shellQuote } from './restart-command-hint';
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
 *
 * On a Citus cluster (RestartContext.nodes), a command holding a placeholder
 * ({host}, {port}, {data_directory}, {role}) runs once per node that must
 * restart, workers first and the coordinator last, each filled in and waited
 * for; a command without one runs once, as the command that restarts the
 * whole cluster.
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
    const { command } = this.#options;
    const nodes = context.nodes ?? [];
    if (nodes.length === 0 || !hasNodePlaceholder(command)) return this.#run(command, context.reason, context);
    // One run per node, the coordinator last (the order of context.nodes), each waited for.
    for (const node of nodes) {
      context.signal?.throwIfAborted();
      await this.#run(fillNodePlaceholders(command, node), `${context.reason}, ${node.label}`, context);
    }
  }

  async #run(command: string, reason: string, context: RestartContext): Promise<void> {
    const { logFile } = this.#options;
    const shown = maskCommand(command);
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_RESTART_COMMAND_TIMEOUT_MS;
    mkdirSync(path.dirname(path.resolve(logFile)), { recursive: true });
    const fd = openSync(logFile, 'a', 0o600);
    fchmodSync(fd, 0o600); // a log from an older reseed may be world-readable
    writeSync(fd, `\n# ${new Date().toISOString()} reseed restart (${reason}): ${shown}\n`);
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

/** The placeholders a restart command may hold on a cluster, each filled per node (shell-quoted). */
export const NODE_PLACEHOLDERS = ['{host}', '{port}', '{data_directory}', '{role}'] as const;

/** Whether `command` names a node: then it runs once per node that must restart, else once for the whole cluster. */
export function hasNodePlaceholder(command: string): boolean {
  return NODE_PLACEHOLDERS.some((p) => command.includes(p));
}

/** `command` for one node: each placeholder replaced by the node's value, quoted for the shell. */
export function fillNodePlaceholders(command: string, node: RestartNode): string {
  if (command.includes('{data_directory}') && node.dataDirectory === undefined) {
    throw new RestartError(
      'RESEED_RESTART_BAD_OPTION',
      `{restartCommand} uses {data_directory}, but ${node.label} does not show its data_directory to this role (pg_read_all_settings): use {host} and {port}, or a superuser`,
    );
  }
  const values: Record<(typeof NODE_PLACEHOLDERS)[number], string> = {
    '{host}': node.host,
    '{port}': String(node.port),
    '{data_directory}': node.dataDirectory ?? '',
    '{role}': node.role,
  };
  return command.replace(/\{(?:host|port|data_directory|role)\}/g, (p) => shellQuote(values[p as keyof typeof values]));
}

function commandEnv(env: NodeJS.ProcessEnv, passSecrets: boolean): NodeJS.ProcessEnv {
  if (passSecrets) return env;
  const clean = { ...env };
  for (const name of SECRET_ENV_NAMES) delete clean[name];
  return clean;
}
