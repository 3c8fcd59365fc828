import type { DataSource } from 'typeorm';
import { quoteIdent, quoteTable } from '../../sql-quote';
import { SeedInputError } from '../seed-input-error';
import type { SeedPlan } from '../seed-plan';
import type { CitusState } from './citus-state';
import type { PlannedDistribution } from './plan-distribution';

/** reseed's ledger tables: Citus local tables on the coordinator (see {@link applyDistribution}). */
const LEDGER_TABLES = ['reseed_runs', 'reseed_run_tables'] as const;

/** What {@link applyDistribution} changed. */
export interface AppliedDistribution {
  /** Tables distributed or made reference tables by this call, in plan order. */
  readonly tables: readonly string[];
  /** Whether the ledger tables were added to Citus' metadata by this call. */
  readonly ledger: boolean;
}

/**
 * Puts the plan's tables where its distribution says, on a Citus coordinator.
 * A table already distributed must match (column, co-location, kind); one
 * that is not yet must be empty. Everything is checked before anything
 * changes, then one transaction distributes the tables in FK order (parents
 * first) and makes the ledger tables Citus local tables: they stay on the
 * coordinator only (a reference table would write every ledger advance to
 * every node), yet Citus then treats a batch's ledger advance as part of the
 * distributed transaction and commits batch and advance with two-phase commit,
 * even when every row of the batch goes to one worker (with a plain local
 * table it would commit that worker first, one phase, and a coordinator crash
 * in between would keep rows the ledger never counted).
 * Throws SeedInputError, with nothing changed, when the cluster disagrees.
 */
export async function applyDistribution(db: DataSource, plan: SeedPlan, state: Extract<CitusState, { citus: true }>): Promise<AppliedDistribution> {
  const todo: PlannedDistribution[] = [];
  for (const wanted of plan.distribution) {
    const now = state.tables.get(wanted.table);
    const says = wanted.kind === 'reference' ? 'a reference table' : `distributed by ${wanted.column}`;
    if (!now || now.kind === 'local') {
      todo.push(wanted);
      continue;
    }
    if (now.kind !== wanted.kind || (wanted.kind === 'distributed' && now.column !== wanted.column)) {
      const is = now.kind === 'reference' ? 'a reference table' : `distributed by ${now.column}`;
      throw new SeedInputError(`"${wanted.table}" is ${is} on the cluster, but the config's distribution says ${says}: make them agree (or leave distribution out to seed by the cluster's)`);
    }
    if (wanted.colocateWith !== undefined) {
      const target = state.tables.get(wanted.colocateWith);
      if (target && target.colocationId !== now.colocationId) {
        throw new SeedInputError(`"${wanted.table}" is not co-located with "${wanted.colocateWith}" on the cluster, as the config's distribution says: redistribute it with colocate_with => '${wanted.colocateWith}'`);
      }
    }
  }
  const byTable = new Map(plan.tables.map((t) => [t.table, t]));
  for (const t of todo) {
    const path = quoteTable(byTable.get(t.table)!.metadata);
    const [row] = await db.query(`SELECT EXISTS (SELECT 1 FROM ${path}) AS any`);
    if (row.any) {
      throw new SeedInputError(`"${t.table}" holds rows but is not distributed yet: reseed distributes empty tables only; empty it (--truncate on a plain table) or distribute it yourself`);
    }
  }
  const ledger = await db.query(
    `SELECT count(*)::int AS n FROM unnest($1::text[]) AS t(name) WHERE to_regclass(t.name) IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass(t.name))`,
    [[...LEDGER_TABLES]],
  );
  const ledgerTodo = Number(ledger[0]?.n ?? 0) > 0;
  if (todo.length === 0 && !ledgerTodo) return { tables: [], ledger: false };
  let applied: PlannedDistribution[] = [];
  await db.transaction(async (tx) => {
    // Several reseed processes (--shard) may start at once: one distributes, the others find it done.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('reseed distribution'))`);
    const placedNow = await tx.query(`SELECT c.relname AS name FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid WHERE pg_table_is_visible(c.oid)`);
    const already = new Set(placedNow.map((r: { name: string }) => r.name));
    applied = todo.filter((t) => !already.has(t.table));
    const paths = applied.map((t) => quoteTable(byTable.get(t.table)!.metadata));
    // FKs to reference tables created in the same transaction need one connection per worker.
    await tx.query(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
    // Citus refuses FKs between a table it places and one still local, so the FKs touching
    // these tables come off while they are placed, and go back on once all are.
    const fks: { child: string; name: string; def: string }[] = await tx.query(
      `SELECT conrelid::regclass::text AS child, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE contype = 'f' AND (conrelid = ANY ($1::regclass[]) OR confrelid = ANY ($1::regclass[])) ORDER BY conrelid, conname`,
      [paths],
    );
    for (const fk of fks) await tx.query(`ALTER TABLE ${fk.child} DROP CONSTRAINT ${quoteIdent(fk.name)}`);
    // Reference tables first: then every FK to them is allowed whatever the order of the rest.
    const ordered = [...applied.filter((t) => t.kind === 'reference'), ...applied.filter((t) => t.kind === 'distributed')];
    for (const t of ordered) {
      const path = quoteTable(byTable.get(t.table)!.metadata);
      if (t.kind === 'reference') await tx.query(`SELECT create_reference_table($1)`, [path]);
      else await tx.query(`SELECT create_distributed_table($1, $2, colocate_with => $3)`, [path, t.column, t.colocateWith ?? 'none']);
    }
    for (const fk of fks) await tx.query(`ALTER TABLE ${fk.child} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.def}`);
    if (ledgerTodo) {
      await tx.query(
        `SELECT citus_add_local_table_to_metadata($1::text::regclass, cascade_via_foreign_keys => true)
           WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass($1::text))`,
        [LEDGER_TABLES[0]],
      );
    }
  });
  return { tables: applied.map((t) => t.table), ledger: ledgerTodo };
}
