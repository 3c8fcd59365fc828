import path from 'node:path';
import type { BulkLoadTuningOptions } from '../bulk-load/tuned-load';
import type { Logger } from '../logger';
import type { Queryable } from '../queryable';
import { createRestartStrategy, defaultRestartStrategyName } from '../restart/create-restart-strategy';
import { InquirerPrompter } from '../restart/inquirer-prompter';
import type { RestartStrategy, RestartStrategyName } from '../restart/restart-strategy';
import type { ResolvedDatabase } from '../server/resolve-database';
import { TuningStateStore } from '../tuning/tuning-state-store';
import type { SeedCommand } from './args';
import { isInteractive } from '../is-interactive';
import { CLI_HINT_WORDS } from './cli-hint-words';
import type { CliIo } from './cli-io';
import { commandLine, runArguments } from './invocation';

/** Folder of reseed's local state (tuning state file, restart log): RESEED_STATE_DIR, else <project>/.reseed. */
export function stateDir(io: Pick<CliIo, 'env' | 'cwd'>): string {
  return path.resolve(io.cwd, io.env.RESEED_STATE_DIR ?? '.reseed');
}

/** The tuning state of the cluster and database behind `runner`: one file per (cluster, database) in {@link stateDir}. */
export function tuningStateStore(runner: Queryable, io: Pick<CliIo, 'env' | 'cwd'>, logger: Logger): Promise<TuningStateStore> {
  return TuningStateStore.forServer(runner, { folder: stateDir(io), logger });
}

/** What {@link cliRestartStrategy} maps from the command line. */
export interface CliRestartChoice {
  /** --restart; default: embedded for the embedded server, prompt in a terminal, else exit. */
  restart: RestartStrategyName | undefined;
  /** --restart-command. */
  restartCommand: string | undefined;
  /** --restart-pass-secrets: the command gets PGPASSWORD and friends. */
  restartPassSecrets: boolean;
}

/**
 * The restart strategy a command asks for (--restart, --restart-command), with
 * the CLI's prompter (ended by `signal`), restart log and resume command.
 * Built up front, so that a strategy that cannot work here (prompt without a
 * terminal, embedded with DATABASE_URL) is refused before anything is written.
 */
export function cliRestartStrategy(
  choice: CliRestartChoice,
  context: {
    database: ResolvedDatabase;
    io: CliIo;
    signal?: AbortSignal;
    resumeCommand?: string;
    /** Ctrl-C at the prompt: what to throw instead of inquirer's ExitPromptError (see InquirerPrompterOptions.onForceClose). */
    onForceClose?: () => unknown;
  },
): RestartStrategy {
  const interactive = isInteractive(context.io);
  return createRestartStrategy(choice.restart ?? defaultRestartStrategyName({ embeddedServer: context.database.embedded !== undefined, interactive }), {
    prompter: interactive ? new InquirerPrompter({ signal: context.signal, onForceClose: context.onForceClose }) : undefined,
    command: choice.restartCommand,
    passSecrets: choice.restartPassSecrets,
    logFile: path.join(stateDir(context.io), 'restart.log'),
    server: context.database.embedded,
    resumeCommand: context.resumeCommand,
  });
}

/** What the seed command maps into {@link BulkLoadTuningOptions}. */
export interface SeedTuningContext {
  command: SeedCommand;
  database: ResolvedDatabase;
  io: CliIo;
  /** Notes above the progress bars. */
  display: { note(message: string): void };
  signal: AbortSignal;
  /** Ctrl-C at a prompt of the load: stops the run as SIGINT does; returns what to throw. Default: the prompt's error is thrown. */
  interruptedAtPrompt?: () => unknown;
}

/**
 * The tuning of `reseed seed` from its flags: --tuning, --tuning-threshold,
 * --unsafe, --restart and --restart-command, the tuning state file under the
 * state folder, prompts when a person is at the terminal, notes through the
 * display (details with --verbose).
 */
export function seedTuningOptions({ command, database, io, display, signal, interruptedAtPrompt }: SeedTuningContext): BulkLoadTuningOptions {
  const logger: Logger = {
    info: (m) => (command.verbose ? display.note(`  ${m}`) : undefined),
    warn: (m) => display.note(`warning: ${m}`),
  };
  const interactive = isInteractive(io);
  const resume = resumeCommand(command, io.invokedAs ?? 'reseed');
  return {
    openStore: (runner) => tuningStateStore(runner, io, logger),
    profile: command.tuning,
    threshold: command.tuningThreshold,
    allowUnsafe: command.unsafe,
    restart: cliRestartStrategy(command, { database, io, signal, resumeCommand: resume, onForceClose: interruptedAtPrompt }),
    // No abort signal: restoring is what Ctrl-C asks for, so it must not be cut short by it.
    restoreRestart: () => cliRestartStrategy(command, { database, io, resumeCommand: resume }),
    prompter: interactive ? new InquirerPrompter({ signal, onForceClose: interruptedAtPrompt }) : undefined,
    restorePrompter: interactive ? new InquirerPrompter() : undefined,
    logger,
    onNote: (m) => display.note(m),
    deferIndexes: command.deferIndexes,
    emptyTables: command.mode === 'fresh' || command.mode === 'truncate',
    hintWords: CLI_HINT_WORDS,
  };
}

/** The command that continues a two-phase run: the profile comes back from the recorded tuning state. */
function resumeCommand(command: SeedCommand, invokedAs: string): string {
  const parts = ['--resume'];
  if (command.unsafe) parts.push('--unsafe');
  parts.push(...runArguments(command, 'resume'));
  return commandLine(invokedAs, parts.join(' '));
}
