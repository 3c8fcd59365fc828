import { ReseedError } from '../errors';

/** Code of {@link DatabaseUrlError}. */
export const BAD_DATABASE_URL = 'RESEED_BAD_DATABASE_URL';

/** A DATABASE_URL (or PG* variable) that cannot be used as given; the message names what is wrong, password masked. */
export class DatabaseUrlError extends ReseedError {
  constructor(message: string, options?: ErrorOptions) {
    super(BAD_DATABASE_URL, message, options);
  }
}
