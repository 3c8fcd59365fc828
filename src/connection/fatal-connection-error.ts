import { ReseedError } from '../errors';

/** Code of FatalConnectionError. */
export const CONNECTION_FATAL = 'RESEED_CONNECTION_FATAL';

/** Retrying cannot help: bad password, missing database, no permission to connect. */
export class FatalConnectionError extends ReseedError {
  constructor(message: string, options?: ErrorOptions) {
    super(CONNECTION_FATAL, message, options);
  }
}
