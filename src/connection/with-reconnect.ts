import type { DataSource } from 'typeorm';
import type { DataSourceManager } from './data-source-manager';
import { isConnectionLost } from './classify-error';
import { ConnectionLostError } from './connection-lost-error';
import { describeConnectionError } from './describe-connection-error';

/** Reconnects allowed for one unit of work before giving up. */
export const DEFAULT_MAX_RECONNECTS = 10;

/** When withReconnect gives up. */
export interface ReconnectPolicy {
  /** Reconnect-and-redo at most this many times. Default: {@link DEFAULT_MAX_RECONNECTS}. */
  maxReconnects?: number;
  /** Stops before the next try; the promise rejects with the signal's reason. Default: none. */
  signal?: AbortSignal;
  /** Told before every redo, with the error that caused it and the redo number (1-based). Default: none. */
  onRetry?(error: unknown, attempt: number): void;
}

/**
 * Runs a unit of work on the manager's current DataSource; when it fails
 * because the connection was lost, recreates the DataSource (once, however
 * many workers hit the same outage) and runs the work again. The work must be
 * safe to redo: one transaction that either committed or did not. Any other
 * error is thrown as is. When an earlier reconnect failed (state 'failed'),
 * it first tries once more to reconnect, which counts as one reconnect.
 */
export async function withReconnect<T>(
  manager: DataSourceManager,
  work: (dataSource: DataSource) => Promise<T>,
  policy: ReconnectPolicy = {},
): Promise<T> {
  const maxReconnects = policy.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
  if (!Number.isInteger(maxReconnects) || maxReconnects < 0) {
    throw new TypeError(`maxReconnects must be an integer >= 0, got ${maxReconnects}`);
  }
  let reconnects = 0;
  const reconnect = async (reason: string, error: unknown, stale: DataSource | undefined): Promise<void> => {
    if (reconnects >= maxReconnects) {
      throw new ConnectionLostError(`gave up after ${maxReconnects} reconnects: ${describeConnectionError(error, manager.target)}`, { cause: error });
    }
    reconnects += 1;
    policy.signal?.throwIfAborted();
    policy.onRetry?.(error, reconnects);
    await manager.recreate(reason, { error, stale, signal: policy.signal });
  };
  for (;;) {
    policy.signal?.throwIfAborted();
    if (manager.state === 'failed') await reconnect('an earlier reconnect failed; trying again', manager.lastError, undefined);
    const dataSource = await manager.ready();
    try {
      return await work(dataSource);
    } catch (error) {
      if (!isConnectionLost(error)) throw error;
      await reconnect(`connection lost: ${describeConnectionError(error, manager.target)}`, error, dataSource);
    }
  }
}
