import type { DataSource } from 'typeorm';
import { prePingPoolOf } from './pre-ping-driver';

/** How long a polite close may take before the sockets are cut. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 3_000;

/**
 * Destroys a DataSource whose connections may already be dead, without ever
 * throwing: errors go to `debug`. When the polite close does not finish in
 * time (a black-holed link never answers a goodbye), every socket of its pool
 * is destroyed. Also closes the pool of a DataSource whose initialize() failed
 * half way, which TypeORM would otherwise leave open.
 */
export async function closeDataSourceQuietly(
  dataSource: DataSource,
  debug: (message: string) => void,
  timeoutMs: number = DEFAULT_CLOSE_TIMEOUT_MS,
): Promise<void> {
  const pool = (dataSource.driver as { master?: { end(): Promise<void>; ending?: boolean } }).master;
  const polite = dataSource.isInitialized ? dataSource.destroy() : pool && !pool.ending ? pool.end() : Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([polite.then(() => 'closed' as const), timedOut]);
    if (result === 'timeout') {
      debug(`closing the old DataSource took over ${timeoutMs} ms; cutting its sockets`);
      prePingPoolOf(dataSource)?.forceClose();
      polite.catch(() => undefined);
    }
  } catch (error) {
    debug(`closing the old DataSource failed, ignored: ${error instanceof Error ? error.message : String(error)}`);
    prePingPoolOf(dataSource)?.forceClose();
  } finally {
    clearTimeout(timer);
  }
}
