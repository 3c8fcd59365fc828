import { ReseedError } from '../errors';

/** Code of ConnectionLostError. */
export const CONNECTION_LOST = 'RESEED_CONNECTION_LOST';

/** The connection to PostgreSQL went away (restart, crash, network); retrying on a new connection can succeed. */
export class ConnectionLostError extends ReseedError {
  constructor(message: string, options?: ErrorOptions) {
    super(CONNECTION_LOST, message, options);
  }
}
