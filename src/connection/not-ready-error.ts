import { ReseedError } from '../errors';

/** Code of NotReadyError. */
export const NOT_READY = 'RESEED_NOT_READY';

/** The DataSourceManager was used before initialize(), while recreating, after a failed recreate or after destroy(). */
export class NotReadyError extends ReseedError {
  constructor(message: string, options?: ErrorOptions) {
    super(NOT_READY, message, options);
  }
}
