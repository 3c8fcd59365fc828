import { ReseedError } from '../errors';

/** Code of {@link UsageError}. */
export const USAGE_ERROR = 'RESEED_USAGE';

/** A command-line mistake: printed as one line, exit code 2, nothing written. */
export class UsageError extends ReseedError {
  constructor(message: string) {
    super(USAGE_ERROR, message);
  }
}
