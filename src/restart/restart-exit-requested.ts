import { ResumableStopError } from '../errors';

/** Exit code of a two-phase run that stops for a restart: EX_TEMPFAIL, "try again later". */
export const RESTART_EXIT_CODE = 75;

/**
 * Thrown by the exit strategy: not a failure but the end of phase one (a
 * resumable stop: the run stays resumable). The
 * tuning state is saved; the CLI prints `message` (the restart command and
 * the command that resumes) and sets `process.exitCode = exitCode`.
 */
export class RestartExitRequested extends ResumableStopError {
  declare readonly code: 'RESEED_RESTART_EXIT';
  readonly exitCode: number;
  /** The command that carries on after the restart, e.g. `npm run seed -- --resume`. */
  readonly resumeCommand: string;
  /** The command that restarts this server, when reseed can tell. */
  readonly restartCommand: string | undefined;
  /** Settings that wait for the restart. */
  readonly pendingSettings: readonly string[];

  /** On a cluster: each node that must restart, with its command when reseed can tell. */
  readonly nodes: readonly { label: string; command: string | undefined }[] | undefined;

  constructor(options: {
    exitCode: number;
    resumeCommand: string;
    restartCommand: string | undefined;
    pendingSettings: readonly string[];
    nodes?: readonly { label: string; command: string | undefined }[];
  }) {
    const restart = options.nodes?.length
      ? `restart each of these nodes of the Citus cluster:\n${options.nodes.map((n) => `    ${n.label}: ${n.command ?? 'the way it is managed'}`).join('\n')}`
      : options.restartCommand
        ? `restart it with:\n    ${options.restartCommand}`
        : 'restart the PostgreSQL server';
    super(
      'RESEED_RESTART_EXIT',
      `PostgreSQL must restart for ${options.pendingSettings.join(', ') || 'the new settings'} to take effect; ` +
        `the state is saved. Now ${restart}\n  then resume with:\n    ${options.resumeCommand}`,
    );
    this.exitCode = options.exitCode;
    this.resumeCommand = options.resumeCommand;
    this.restartCommand = options.restartCommand;
    this.pendingSettings = options.pendingSettings;
    this.nodes = options.nodes;
  }
}
