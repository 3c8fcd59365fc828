import { LIBRARY_HINT_WORDS, renderHint, ReseedError } from '../errors';

/** Stable codes of {@link TuningError}; the CLI maps them to messages and exit codes. */
export type TuningErrorCode =
  /** The profile or one of its settings is refused (unsafe without consent, replication in use, standby). */
  | 'RESEED_TUNING_REFUSED'
  /** A query while reading, applying or restoring settings failed. */
  | 'RESEED_TUNING_SQL_FAILED'
  /** The local state file or the state table could not be read or written. */
  | 'RESEED_TUNING_STATE_FAILED'
  /** A table named for autovacuum or index changes does not exist. */
  | 'RESEED_TUNING_UNKNOWN_TABLE'
  /** An option has a value that is not accepted. */
  | 'RESEED_TUNING_BAD_OPTION';

/** Any failure of the tuning library: one message, a stable code, the underlying cause. */
export class TuningError extends ReseedError {
  declare readonly code: TuningErrorCode;
  /** For RESEED_TUNING_REFUSED: every reason, also listed in the message (in the library's words). */
  readonly reasons: readonly string[];

  constructor(code: TuningErrorCode, message: string, options: { cause?: unknown; reasons?: readonly string[] } = {}) {
    super(code, message, { cause: options.cause });
    this.reasons = (options.reasons ?? []).map((reason) => renderHint(reason, LIBRARY_HINT_WORDS));
  }
}
