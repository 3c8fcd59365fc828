import type { Queryable } from '../queryable';

/** One node of a Citus cluster, where the coordinator reaches it (pg_dist_node). */
export interface CitusNodeAddress {
  readonly role: 'coordinator' | 'worker';
  readonly host: string;
  readonly port: number;
}

/**
 * The workers of the Citus coordinator behind `runner`, as the coordinator
 * reaches them (citus_get_active_worker_nodes(): active primaries, in
 * pg_dist_node order), or undefined when the server is no Citus coordinator
 * (no extension, or a worker: reseed refuses a worker URL elsewhere).
 */
export async function readCitusWorkers(runner: Queryable): Promise<CitusNodeAddress[] | undefined> {
  const [citus] = await runner.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS present`);
  if (!citus?.present) return undefined;
  const [role] = await runner.query<{ coordinator: boolean }>(`SELECT citus_is_coordinator() AS coordinator`);
  if (!role?.coordinator) return undefined;
  const rows = await runner.query<{ host: string; port: number }>(
    `SELECT w.node_name AS host, w.node_port::int AS port
       FROM citus_get_active_worker_nodes() w
       LEFT JOIN pg_dist_node n ON n.nodename = w.node_name AND n.nodeport = w.node_port
      ORDER BY n.nodeid NULLS LAST, w.node_name, w.node_port`,
  );
  return rows.map((r) => ({ role: 'worker', host: r.host, port: Number(r.port) }));
}
