import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_STEPS } from '../src/seeding/ledger/ledger-schema';

/**
 * The owner of a run: the process loading it (`pid@host#call`) and when it
 * last said so. Every batch checks that its process still owns the run, and
 * another process may take an unfinished run over (resume it, or discard it
 * with --truncate) only once its owner is gone: released, dead, or silent for
 * longer than the lease.
 */
export class ReseedRunOwner1796150000000 implements MigrationInterface {
  name = 'ReseedRunOwner1796150000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of LEDGER_STEPS[1]!) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reseed_runs" DROP COLUMN IF EXISTS "heartbeat_at", DROP COLUMN IF EXISTS "owner"`);
  }
}
