import { CommandRestartStrategy } from './command-restart-strategy';
import { EmbeddedRestartStrategy, type RestartableServer } from './embedded-restart-strategy';
import { ExitRestartStrategy } from './exit-restart-strategy';
import { PromptRestartStrategy } from './prompt-restart-strategy';
import type { Prompter } from './prompter';
import { RestartError } from './restart-error';
import { RESTART_STRATEGY_NAMES, type RestartStrategy, type RestartStrategyName } from './restart-strategy';
import { SkipRestartStrategy } from './skip-restart-strategy';

/** Where the command strategy writes the restart command's output. */
export const DEFAULT_RESTART_LOG_FILE = '.reseed/restart.log';

/** What the strategies need; which parts are required depends on the strategy. */
export interface CreateRestartStrategyOptions {
  /** For prompt. */
  prompter?: Prompter;
  /** For command: `--restart-command`. */
  command?: string;
  /** For command. Default: {@link DEFAULT_RESTART_LOG_FILE}. */
  logFile?: string;
  /** For command: keep DATABASE_URL and PGPASSWORD in its environment. Default: false. */
  passSecrets?: boolean;
  /** For embedded: the server reseed started. */
  server?: RestartableServer;
  /** For exit. Default: `npm run seed -- --resume`. */
  resumeCommand?: string;
  /** For exit. Default: 75. */
  exitCode?: number;
}

/**
 * The `--restart` strategy by name. Throws RESEED_RESTART_BAD_OPTION naming
 * the accepted names, or the missing piece (`--restart-command`, a terminal
 * for prompt, an embedded server).
 */
export function createRestartStrategy(name: string, options: CreateRestartStrategyOptions = {}): RestartStrategy {
  switch (name as RestartStrategyName) {
    case 'prompt':
      if (!options.prompter) throw new RestartError('RESEED_RESTART_BAD_OPTION', '{restart} prompt needs a terminal; use {restart} command, exit or skip');
      return new PromptRestartStrategy({ prompter: options.prompter });
    case 'command':
      if (!options.command) throw new RestartError('RESEED_RESTART_BAD_OPTION', '{restart} command needs {restartCommand} "<shell command that restarts PostgreSQL>"');
      return new CommandRestartStrategy({ command: options.command, logFile: options.logFile ?? DEFAULT_RESTART_LOG_FILE, passSecrets: options.passSecrets });
    case 'embedded':
      if (!options.server) throw new RestartError('RESEED_RESTART_BAD_OPTION', '{restart} embedded works only when reseed started the server itself (no DATABASE_URL)');
      return new EmbeddedRestartStrategy({ server: options.server });
    case 'exit':
      return new ExitRestartStrategy({ resumeCommand: options.resumeCommand, exitCode: options.exitCode });
    case 'skip':
      return new SkipRestartStrategy();
    default:
      throw new RestartError('RESEED_RESTART_BAD_OPTION', `{restart} "${name}" is not known; expected one of ${RESTART_STRATEGY_NAMES.join(', ')}`);
  }
}

/** The strategy when `--restart` is not given: embedded for reseed's own server, prompt in a terminal, else exit. */
export function defaultRestartStrategyName(situation: { embeddedServer: boolean; interactive: boolean }): RestartStrategyName {
  if (situation.embeddedServer) return 'embedded';
  return situation.interactive ? 'prompt' : 'exit';
}
