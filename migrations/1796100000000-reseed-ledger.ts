import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_STEPS } from '../src/seeding/ledger/ledger-schema';

/**
 * reseed's ledger: one row per seeding run and one per table of the run. A
 * batch's rows and the advance of rows_done commit in one transaction, so
 * after any failure rows_done says exactly which rows exist. Optional: reseed
 * creates its ledger itself when it is missing; this migration is for teams
 * that want it in their history.
 */
export class ReseedLedger1796100000000 implements MigrationInterface {
  name = 'ReseedLedger1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The same idempotent DDL reseed runs itself when the ledger is missing (src/seeding/ledger-schema.ts).
    for (const sql of LEDGER_STEPS[0]!) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reseed_run_tables"`);
    await queryRunner.query(`DROP TABLE "reseed_runs"`);
  }
}
