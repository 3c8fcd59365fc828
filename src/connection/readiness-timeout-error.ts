import { ReseedError } from '../errors';

/** Code of ReadinessTimeoutError. */
export const NOT_READY_IN_TIME = 'RESEED_NOT_READY_IN_TIME';

/** The server did not accept connections within the readiness budget. */
export class ReadinessTimeoutError extends ReseedError {
  constructor(message: string, options?: ErrorOptions) {
    super(NOT_READY_IN_TIME, message, options);
  }
}
