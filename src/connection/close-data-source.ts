import type { DataSource } from 'typeorm';
import { prePingPoolOf } from './pre-ping-driver';

/** How long a polite close, goodbyes included, may take before the remaining sockets are cut. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 1_000;
/** How often to look whether the sockets of a closed pool are gone. */
const SOCKET_POLL_MS = 25;

/**
 * Destroys a DataSource whose connections may already be dead, without ever
 * throwing: errors go to `debug`. pg's pool.end() resolves before its sockets
 * have closed; on a black-holed link the goodbye is never answered and the
 * sockets would stay half-open for good, so whatever is still open when the
 * timeout ends is destroyed. Also closes the pool of a DataSource whose
 * initialize() failed half way, which TypeORM would otherwise leave open.
 */
export async function closeDataSourceQuietly(
  dataSource: DataSource,
  debug: (message: string) => void,
  timeoutMs: number = DEFAULT_CLOSE_TIMEOUT_MS,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const pool = (dataSource.driver as { master?: { end(): Promise<void>; ending?: boolean } }).master;
  const prePingPool = prePingPoolOf(dataSource);
  const polite = dataSource.isInitialized ? dataSource.destroy() : pool && !pool.ending ? pool.end() : Promise.resolve();
  polite.catch((error: unknown) => debug(`closing the old DataSource failed, ignored: ${error instanceof Error ? error.message : String(error)}`));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([polite.catch(() => undefined), timedOut]);
    while (prePingPool && prePingPool.openClients > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, SOCKET_POLL_MS));
    }
    if (prePingPool && prePingPool.openClients > 0) {
      debug(`${prePingPool.openClients} sockets of the old DataSource got no answer to their goodbye in ${timeoutMs} ms; cutting them`);
      prePingPool.forceClose();
    }
  } finally {
    clearTimeout(timer);
  }
}
