import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_STEPS } from '../src/seeding/ledger/ledger-schema';

/**
 * Shards of a run (`--shard K/N`): each of N processes loads its own run of
 * the ledger, shard K of N, with its own row range per table (row_start and
 * target_rows); the N runs share a shard_group. At most one unfinished run
 * per shard, instead of one in all: the N shards of a group load at once.
 * A run of one process is shard 1 of 1, its own group. Optional: reseed
 * upgrades its ledger itself (src/seeding/ledger/ledger-schema.ts, the same steps).
 */
export class ReseedRunShards1796400000000 implements MigrationInterface {
  name = 'ReseedRunShards1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of LEDGER_STEPS[2]!) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "uq_reseed_runs_unfinished_shard"`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS "uq_reseed_runs_unfinished" ON "reseed_runs" ((true)) WHERE "status" IN ('running', 'interrupted')`);
    await queryRunner.query(`ALTER TABLE "reseed_run_tables" DROP COLUMN IF EXISTS "row_start"`);
    await queryRunner.query(`ALTER TABLE "reseed_runs" DROP COLUMN IF EXISTS "shard_group", DROP COLUMN IF EXISTS "shard_count", DROP COLUMN IF EXISTS "shard"`);
  }
}
