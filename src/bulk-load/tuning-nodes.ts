import type { DataSource } from 'typeorm';
import { withReconnect, type DataSourceManager } from '../connection';
import { readCitusWorkers } from '../connection/citus-nodes';

/** One server reseed tunes: the server itself, or a node of a Citus cluster. */
export interface TuningNode {
  /** `server` for a plain PostgreSQL, else the node's role in the Citus cluster. */
  readonly role: 'server' | 'coordinator' | 'worker';
  /** For messages: `coordinator 127.0.0.1:5432`, `worker 10.0.0.2:5432`; empty for a plain server. */
  readonly label: string;
  readonly host: string;
  readonly port: number;
  /** The coordinator's (or server's) is the load's own manager; each worker has one of its own. */
  readonly manager: DataSourceManager;
}

/** The servers of one tuning, the coordinator (or the plain server) first. */
export interface TuningNodes {
  readonly nodes: readonly TuningNode[];
  /** True on a Citus coordinator: each node is tuned, restarted and restored on its own. */
  readonly cluster: boolean;
  /** Destroys the workers' managers (the load's own manager stays). */
  close(): Promise<void>;
}

/** Options of {@link openTuningNodes}. */
export interface OpenTuningNodesOptions {
  signal?: AbortSignal;
  /**
   * A worker that cannot be reached: told, and left out (restore goes on with
   * the others and says what it could not reach). Default: the error is thrown
   * (tuning needs every node).
   */
  onUnreachable?(node: TuningNode, error: unknown): void;
}

/**
 * The servers behind `manager`: on a Citus coordinator, the coordinator and
 * every active worker of pg_dist_node (citus_get_active_worker_nodes()), each
 * worker reached with the coordinator's options (user, password, database,
 * TLS) at the host and port the coordinator uses for it, through its own
 * DataSourceManager (readiness probe, reconnects); elsewhere the server alone.
 * Tuning is per node: every node has its own settings, restart and state.
 */
export async function openTuningNodes(manager: DataSourceManager, options: OpenTuningNodesOptions = {}): Promise<TuningNodes> {
  const workers = await withReconnect(manager, (ds) => readCitusWorkers(ds), { signal: options.signal });
  const { host, port } = manager.target;
  if (!workers) return serverOnly(manager);
  const nodes: TuningNode[] = [{ role: 'coordinator', label: `coordinator ${host}:${port}`, host, port, manager }];
  const close = () => Promise.all(nodes.slice(1).map((n) => n.manager.destroy().catch(() => undefined))).then(() => undefined);
  try {
    for (const w of workers) {
      const node: TuningNode = { role: 'worker', label: `worker ${w.host}:${w.port}`, host: w.host, port: w.port, manager: manager.forNode(w.host, w.port) };
      try {
        await node.manager.initialize();
      } catch (error) {
        await node.manager.destroy().catch(() => undefined);
        if (!options.onUnreachable) throw error;
        options.onUnreachable(node, error);
        continue;
      }
      nodes.push(node);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, cluster: true, close };
}

/**
 * The load's own server alone, as one node: what a plain server is, and all an
 * untuned load on a Citus coordinator needs (no connection to the workers).
 */
export function serverOnly(manager: DataSourceManager): TuningNodes {
  const { host, port } = manager.target;
  return { nodes: [{ role: 'server', label: '', host, port, manager }], cluster: false, close: async () => undefined };
}

/** Runs idempotent work on one node, on a fresh connection when that node goes away mid-step. */
export function onNode<T>(node: TuningNode, work: (dataSource: DataSource) => Promise<T>, signal?: AbortSignal): Promise<T> {
  return withReconnect(node.manager, work, { signal });
}

/** `text` for a node: as it is for a plain server, prefixed with the node's label on a cluster. */
export function forNode(node: TuningNode, text: string): string {
  return node.label ? `${node.label}: ${text}` : text;
}
