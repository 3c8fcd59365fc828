import { ReseedError } from '../errors';

/** Stable codes of {@link EmbeddedServerError}. */
export type EmbeddedServerErrorCode =
  /** No PostgreSQL binaries where they should be (the platform package, or the binDir given). */
  | 'RESEED_SERVER_NO_BINARIES'
  /** The OS user PostgreSQL runs as (root cannot) does not exist or cannot reach the cluster folder. */
  | 'RESEED_SERVER_OS_USER'
  /** The server did not start (its log says why). */
  | 'RESEED_SERVER_START_FAILED';

/** The embedded PostgreSQL could not be found, prepared or started; the message says what to do. */
export class EmbeddedServerError extends ReseedError {
  declare readonly code: EmbeddedServerErrorCode;
  /** The server's log, when it got far enough to write one. */
  readonly logFile: string | undefined;

  constructor(code: EmbeddedServerErrorCode, message: string, options: { cause?: unknown; logFile?: string } = {}) {
    super(code, message, { cause: options.cause });
    this.logFile = options.logFile;
  }
}
