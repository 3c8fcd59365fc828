import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * reseed's ledger: one row per seeding run and one per table of the run. A
 * batch's rows and the advance of rows_done commit in one transaction, so
 * after any failure rows_done says exactly which rows exist.
 */
export class ReseedLedger1796100000000 implements MigrationInterface {
  name = 'ReseedLedger1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "reseed_runs" (
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
    )`);
    // At most one unfinished run per database: two seeders never interleave.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reseed_runs_unfinished" ON "reseed_runs" ((true)) WHERE "status" IN ('running', 'interrupted')`);
    await queryRunner.query(`CREATE TABLE "reseed_run_tables" (
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
    )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reseed_run_tables"`);
    await queryRunner.query(`DROP TABLE "reseed_runs"`);
  }
}
