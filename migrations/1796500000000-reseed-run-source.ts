import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_STEPS } from '../src/seeding/ledger/ledger-schema';

/**
 * Where a run's config came from (reseed_runs.source): how the caller named
 * it (`--config ...`) and a digest of each file behind it, so `--resume` with
 * another config names the one the run was started with, and an edited
 * factory is not resumed without a word. Optional: reseed upgrades its ledger
 * itself (src/seeding/ledger/ledger-schema.ts, the same step).
 */
export class ReseedRunSource1796500000000 implements MigrationInterface {
  name = 'ReseedRunSource1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of LEDGER_STEPS[3]!) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reseed_runs" DROP COLUMN IF EXISTS "source"`);
  }
}
