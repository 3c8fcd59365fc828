import { withReconnect, type DataSourceManager } from '../../connection';
import type { SeedLedger } from './seed-ledger';

/**
 * Tells the ledger, every heartbeatMs whatever the seed is doing (a long
 * hook, an index rebuild, a wait for the server), that this owner still owns
 * the run, so that no other process takes it over; batches say so too. One
 * try each: a miss only ages the heartbeat, and a lock wait longer than
 * heartbeatLockTimeoutMs is a miss. Returns the function that stops it.
 */
export function startHeartbeat(manager: DataSourceManager, ledger: SeedLedger, runId: string): () => void {
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    // Under a short lock timeout: a heartbeat that finds the run's row locked (a batch in
    // flight, a leftover backend about to be ended) tries again at the next tick rather than
    // waiting, and aging, behind it. Whatever goes wrong, the seed goes on.
    withReconnect(manager, (ds) => ds.transaction((tx) => ledger.heartbeat(tx, runId)), { maxReconnects: 0 })
      .catch(() => undefined)
      .finally(() => (beating = false));
  }, ledger.timings.heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
}
