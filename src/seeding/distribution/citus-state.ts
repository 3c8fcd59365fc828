import type { Queryable } from '../../queryable';
import { SeedInputError } from '../seed-input-error';
import type { DistributionConfig } from './distribution-config';

/** How Citus has one table now. */
export interface CitusTable {
  readonly kind: 'distributed' | 'reference' | 'local';
  /** Distribution column, for distributed tables. */
  readonly column: string | undefined;
  readonly colocationId: number;
}

/** What the server says about Citus: absent, or the placement of the tables asked about. */
export type CitusState =
  | { readonly citus: false }
  | { readonly citus: true; readonly version: string; readonly tables: ReadonlyMap<string, CitusTable> };

/**
 * Reads whether the server runs Citus and how it holds `tables` (by name).
 * A worker is refused (SeedInputError naming the coordinator when the worker
 * knows it): rows written there would bypass the coordinator's metadata.
 */
export async function readCitusState(db: Queryable, tables: readonly string[]): Promise<CitusState> {
  const [ext] = await db.query(`SELECT extversion FROM pg_extension WHERE extname = 'citus'`);
  if (!ext) return { citus: false };
  const [role] = await db.query(`SELECT citus_is_coordinator() AS coordinator, current_setting('port') AS port`);
  if (!role.coordinator) {
    const [coordinator] = await db.query(`SELECT nodename, nodeport FROM pg_dist_node WHERE groupid = 0 LIMIT 1`).catch(() => []);
    const where = coordinator ? ` (the coordinator is ${coordinator.nodename}:${coordinator.nodeport})` : '';
    throw new SeedInputError(`the database URL points at a Citus worker, not the coordinator${where}: connect to the coordinator, which routes rows to the shards`);
  }
  const rows: { name: string; method: string; repmodel: string; col: string | null; colocationid: number }[] = await db.query(
    `SELECT c.relname AS name, p.partmethod AS method, p.repmodel, column_to_column_name(p.logicalrelid, p.partkey) AS col, p.colocationid
       FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid
      WHERE c.relname = ANY ($1) AND pg_table_is_visible(c.oid)`,
    [[...tables]],
  );
  const placed = new Map<string, CitusTable>();
  for (const r of rows) {
    const kind = r.method === 'h' ? 'distributed' : r.repmodel === 't' ? 'reference' : 'local';
    placed.set(r.name, { kind, column: kind === 'distributed' ? (r.col ?? undefined) : undefined, colocationId: Number(r.colocationid) });
  }
  return { citus: true, version: ext.extversion, tables: placed };
}

/**
 * The distribution the cluster already has for `tables` (in order): what a
 * config without one seeds by. Co-location comes from the colocation groups:
 * a table is co-located with the first earlier table of its group.
 */
export function distributionFromCluster(state: CitusState, tables: readonly string[]): DistributionConfig {
  if (!state.citus) return {};
  const config: DistributionConfig = {};
  const firstOfGroup = new Map<number, string>();
  for (const table of tables) {
    const t = state.tables.get(table);
    if (!t || t.kind === 'local') continue;
    if (t.kind === 'reference') {
      config[table] = 'reference';
      continue;
    }
    const first = firstOfGroup.get(t.colocationId);
    config[table] = first === undefined ? { by: t.column! } : { by: t.column!, colocateWith: first };
    if (first === undefined) firstOfGroup.set(t.colocationId, table);
  }
  return config;
}
