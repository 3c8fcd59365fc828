/**
 * How one table is placed on a Citus cluster: distributed by a column
 * (hash-sharded over the workers), optionally co-located with another
 * distributed table (same shard for the same value, so FKs and joins between
 * them stay on one node), or a reference table (a full copy on every node,
 * for small lookups).
 */
export type TableDistribution = { by: string; colocateWith?: string } | 'reference';

/**
 * Placement of the seeded tables by table name (or entity name), e.g.
 * `{ users: { by: 'id' }, posts: { by: 'author_id', colocateWith: 'users' }, tags: 'reference' }`.
 * Columns are database column names (or property names). Tables left out stay
 * local to the coordinator.
 */
export type DistributionConfig = Record<string, TableDistribution>;
