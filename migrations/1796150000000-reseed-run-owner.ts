import type { MigrationInterface, QueryRunner } from 'typeorm';

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
    await queryRunner.query(`ALTER TABLE "reseed_runs" ADD COLUMN IF NOT EXISTS "owner" text, ADD COLUMN IF NOT EXISTS "heartbeat_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reseed_runs" DROP COLUMN IF EXISTS "heartbeat_at", DROP COLUMN IF EXISTS "owner"`);
  }
}
