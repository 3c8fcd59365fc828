import { isInsufficientPrivilege } from '../../connection/classify-error';
import type { Queryable } from '../../queryable';
import { LedgerCreateDeniedError } from './ledger-create-denied-error';

/** Something that runs a function in one transaction: a DataSource. */
interface Transactional {
  transaction<T>(run: (tx: Queryable) => Promise<T>): Promise<T>;
}

/**
 * The ledger's DDL, one step per version: step i brings the tables from
 * version i to i + 1. Every statement is idempotent, so reseed's own upgrade
 * ({@link ensureLedger}) and the exported migrations (which run the same
 * steps) can meet on one database in any order.
 */
export const LEDGER_STEPS: readonly (readonly string[])[] = [
  // 1: runs and their tables (ReseedLedger1796100000000).
  [
    `CREATE TABLE IF NOT EXISTS "reseed_runs" (
      "run_id" uuid NOT NULL,
      "seed" bigint NOT NULL,
      "preset" text NOT NULL,
      "counts" jsonb NOT NULL,
      "config_hash" text NOT NULL,
      "append" boolean NOT NULL DEFAULT false,
      "status" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "finished_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_reseed_runs" PRIMARY KEY ("run_id"),
      CONSTRAINT "chk_reseed_runs_status" CHECK ("status" IN ('running', 'interrupted', 'done', 'abandoned'))
    )`,
    // At most one unfinished run per database: two seeders never interleave.
    `CREATE UNIQUE INDEX IF NOT EXISTS "uq_reseed_runs_unfinished" ON "reseed_runs" ((true)) WHERE "status" IN ('running', 'interrupted')`,
    `CREATE TABLE IF NOT EXISTS "reseed_run_tables" (
      "run_id" uuid NOT NULL,
      "table_name" text NOT NULL,
      "position" integer NOT NULL,
      "target_rows" bigint NOT NULL,
      "rows_done" bigint NOT NULL DEFAULT 0,
      "id_start" bigint,
      "status" text NOT NULL DEFAULT 'pending',
      "started_at" TIMESTAMP WITH TIME ZONE,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_reseed_run_tables" PRIMARY KEY ("run_id", "table_name"),
      CONSTRAINT "fk_reseed_run_tables_run" FOREIGN KEY ("run_id") REFERENCES "reseed_runs"("run_id") ON DELETE CASCADE,
      CONSTRAINT "chk_reseed_run_tables_rows" CHECK ("rows_done" >= 0 AND "rows_done" <= "target_rows"),
      CONSTRAINT "chk_reseed_run_tables_status" CHECK ("status" IN ('pending', 'loading', 'done'))
    )`,
  ],
  // 2: the run's owner and its heartbeat (ReseedRunOwner1796150000000).
  [`ALTER TABLE "reseed_runs" ADD COLUMN IF NOT EXISTS "owner" text, ADD COLUMN IF NOT EXISTS "heartbeat_at" TIMESTAMP WITH TIME ZONE`],
  // 3: shards of a run, `--shard K/N` (ReseedRunShards1796400000000): each shard is a run of its
  // own with its row range per table (row_start, target_rows); the shards of one load share a
  // shard_group; at most one unfinished run per shard instead of one in all.
  [
    `ALTER TABLE "reseed_runs" ADD COLUMN IF NOT EXISTS "shard" integer NOT NULL DEFAULT 1,
       ADD COLUMN IF NOT EXISTS "shard_count" integer NOT NULL DEFAULT 1, ADD COLUMN IF NOT EXISTS "shard_group" uuid`,
    `UPDATE "reseed_runs" SET "shard_group" = "run_id" WHERE "shard_group" IS NULL`,
    `ALTER TABLE "reseed_run_tables" ADD COLUMN IF NOT EXISTS "row_start" bigint NOT NULL DEFAULT 0`,
    `DROP INDEX IF EXISTS "uq_reseed_runs_unfinished"`,
    `CREATE UNIQUE INDEX IF NOT EXISTS "uq_reseed_runs_unfinished_shard" ON "reseed_runs" ("shard") WHERE "status" IN ('running', 'interrupted')`,
  ],
  // 4: where the run's config came from (ReseedRunSource1796500000000): how the caller names it and
  // a digest of each file behind it, so a resume can name the config and say which code changed.
  [`ALTER TABLE "reseed_runs" ADD COLUMN IF NOT EXISTS "source" jsonb`],
];

/** The ledger version this reseed reads and writes. */
export const LEDGER_VERSION = LEDGER_STEPS.length;

/** Key of the advisory lock that serializes ledger upgrades between processes. */
const UPGRADE_LOCK_KEY = 'reseed ledger upgrade';

/**
 * The ledger version the database has: recorded in the comment on
 * reseed_runs, or, for tables made by the migrations, read from their shape.
 */
async function installedVersion(db: Queryable): Promise<number> {
  const [row] = await db.query(
    `SELECT to_regclass('reseed_runs') IS NOT NULL AND to_regclass('reseed_run_tables') IS NOT NULL AS tables,
            EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('reseed_runs') AND attname = 'heartbeat_at' AND NOT attisdropped) AS owned,
            EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('reseed_runs') AND attname = 'shard_group' AND NOT attisdropped)
              AND to_regclass('uq_reseed_runs_unfinished_shard') IS NOT NULL AS sharded,
            EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('reseed_runs') AND attname = 'source' AND NOT attisdropped) AS sourced,
            obj_description(to_regclass('reseed_runs'), 'pg_class') AS comment`,
  );
  const recorded = /reseed ledger version (\d+)/.exec(row?.comment ?? '')?.[1];
  if (recorded !== undefined) return Number(recorded);
  return !row?.tables ? 0 : row.sharded && row.sourced ? 4 : row.sharded ? 3 : row.owned ? 2 : 1;
}

/**
 * Creates reseed's ledger tables when they are missing and upgrades older
 * ones in place, so an app's migrations need not mention reseed. Reads only
 * when the ledger is current; otherwise one transaction, serialized between
 * processes by an advisory lock, runs the missing {@link LEDGER_STEPS} and
 * records the version. A role that may not create tables gets
 * {@link LedgerCreateDeniedError}, which names the grant it needs.
 */
export async function ensureLedger(db: Queryable & Transactional): Promise<void> {
  if ((await installedVersion(db)) >= LEDGER_VERSION) return;
  try {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [UPGRADE_LOCK_KEY]);
      const from = await installedVersion(tx);
      for (const step of LEDGER_STEPS.slice(from)) for (const sql of step) await tx.query(sql);
      if (from < LEDGER_VERSION) await tx.query(`COMMENT ON TABLE "reseed_runs" IS 'reseed ledger version ${LEDGER_VERSION}'`);
    });
  } catch (error) {
    if (!isInsufficientPrivilege(error)) throw error;
    const [who] = await db.query('SELECT current_user AS role, current_schema() AS schema').catch(() => [undefined]);
    throw new LedgerCreateDeniedError(who?.role ?? 'this role', who?.schema ?? 'public', { cause: error });
  }
}
