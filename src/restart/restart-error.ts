import { ReseedError } from '../errors';

/** Stable codes of {@link RestartError}. */
export type RestartErrorCode =
  /** The restart command exited with a non-zero code or could not be started. */
  | 'RESEED_RESTART_COMMAND_FAILED'
  /** The restart did not finish in time. */
  | 'RESEED_RESTART_TIMEOUT'
  /** The restart was aborted through the signal (Ctrl-C). */
  | 'RESEED_RESTART_ABORTED'
  /** The embedded server could not be restarted. */
  | 'RESEED_RESTART_FAILED'
  /** A restart option has a value that is not accepted. */
  | 'RESEED_RESTART_BAD_OPTION';

/** A failed restart: one message, a stable code, the cause, and the log when there is one. */
export class RestartError extends ReseedError {
  declare readonly code: RestartErrorCode;
  /** Exit code of the restart command, when it ran and failed. */
  readonly exitCode: number | undefined;
  /** File holding the restart command's output, when there is one. */
  readonly logFile: string | undefined;

  constructor(code: RestartErrorCode, message: string, options: { cause?: unknown; exitCode?: number; logFile?: string } = {}) {
    super(code, message, { cause: options.cause });
    this.exitCode = options.exitCode;
    this.logFile = options.logFile;
  }
}
