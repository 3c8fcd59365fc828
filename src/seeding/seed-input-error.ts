import { ReseedError, type ReseedErrorOptions } from '../errors';

/** Stable code of {@link SeedInputError}. */
export const SEED_INPUT_ERROR = 'RESEED_BAD_SEED_INPUT';

/**
 * The request cannot be carried out as given: a bad count, an unknown table or
 * preset, a config that differs from an unfinished run, tables holding rows
 * reseed did not write. Raised before anything is written; the message names
 * the bad value and what would be accepted, the hint what to do (worded for
 * seed()'s options; the CLI words it with its flags and exits 2).
 */
export class SeedInputError extends ReseedError {
  constructor(message: string, options?: ReseedErrorOptions) {
    super(SEED_INPUT_ERROR, message, options);
  }
}
