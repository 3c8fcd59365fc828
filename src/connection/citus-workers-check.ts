import type { DataSource } from 'typeorm';
import { ConnectionLostError } from './connection-lost-error';

/**
 * On a Citus coordinator, throws ConnectionLostError when a worker does not
 * answer: the coordinator accepts connections while a worker restarts, but
 * every write to its shards fails until it is back, so the cluster is ready
 * only when every worker is. Does nothing on a server without Citus.
 */
export async function checkCitusWorkers(dataSource: DataSource): Promise<void> {
  const [citus] = (await dataSource.query(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS present`)) as Array<{ present: boolean }>;
  if (!citus?.present) return;
  const [role] = (await dataSource.query(`SELECT citus_is_coordinator() AS coordinator`)) as Array<{ coordinator: boolean }>;
  if (!role?.coordinator) return;
  const down = (await dataSource.query(
    `SELECT nodename, nodeport, result FROM run_command_on_workers('SELECT 1') WHERE NOT success ORDER BY nodename, nodeport`,
  )) as Array<{ nodename: string; nodeport: number; result: string }>;
  if (down.length === 0) {
    // Every worker is back: the commits the coordinator decided before the outage are finished on them first.
    await finishCitusCommits(dataSource);
    return;
  }
  const which = down.map((w) => `${w.nodename}:${w.nodeport} (${w.result.split('\n')[0]})`).join(', ');
  throw new ConnectionLostError(`Citus worker${down.length === 1 ? '' : 's'} not reachable from the coordinator: ${which}`);
}

/**
 * On a Citus coordinator, finishes the two-phase commits it decided but could
 * not finish on a worker (one that restarted between PREPARE and COMMIT
 * PREPARED): until then those rows are committed for the ledger but invisible
 * on the worker, and a child batch would not find its parents. Citus does
 * this itself every citus.recover_2pc_interval (a minute); reseed does not
 * wait for it. Returns how many it finished; 0 on a server without Citus.
 */
export async function finishCitusCommits(dataSource: Pick<DataSource, 'query'>): Promise<number> {
  const [citus] = (await dataSource.query(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS present`)) as Array<{ present: boolean }>;
  if (!citus?.present) return 0;
  const [role] = (await dataSource.query(`SELECT citus_is_coordinator() AS coordinator`)) as Array<{ coordinator: boolean }>;
  if (!role?.coordinator) return 0;
  const [row] = (await dataSource.query(`SELECT recover_prepared_transactions() AS n`)) as Array<{ n: number }>;
  return Number(row?.n ?? 0);
}
