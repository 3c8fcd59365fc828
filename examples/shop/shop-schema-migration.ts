import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of the shop example (your project has its own migrations). */
export class ShopSchema1796200000000 implements MigrationInterface {
  name = 'ShopSchema1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "products" ("id" SERIAL PRIMARY KEY, "sku" varchar(32) NOT NULL UNIQUE, "name" varchar(120) NOT NULL, "price_cents" integer NOT NULL, "created_at" timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "orders" ("id" SERIAL PRIMARY KEY, "product_id" integer NOT NULL, "quantity" integer NOT NULL, "total_cents" integer NOT NULL, "ordered_at" timestamptz NOT NULL,
      CONSTRAINT "fk_orders_product" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "orders"`);
    await queryRunner.query(`DROP TABLE "products"`);
  }
}
