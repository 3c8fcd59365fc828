import { MigrationInterface, QueryRunner } from "typeorm";

export class Blog1796163366233 implements MigrationInterface {
    name = 'Blog1796163366233'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "authors" ("id" SERIAL NOT NULL, "email" character varying NOT NULL, "name" character varying NOT NULL, "joined_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_ea066641108f693660071dfa790" UNIQUE ("email"), CONSTRAINT "PK_d2ed02fabd9b52847ccb85e6b88" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "tags" ("id" SERIAL NOT NULL, "name" character varying NOT NULL, CONSTRAINT "UQ_d90243459a697eadb8ad56e9092" UNIQUE ("name"), CONSTRAINT "PK_e7dc17249a1148a1970748eda99" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "articles" ("id" SERIAL NOT NULL, "title" character varying NOT NULL, "body" character varying NOT NULL, "published" boolean NOT NULL, "views" integer NOT NULL, "published_at" TIMESTAMP NOT NULL, "author_id" integer NOT NULL, CONSTRAINT "PK_0a6e2c450d83e0b6052c2793334" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "article_tags" ("articles_id" integer NOT NULL, "tags_id" integer NOT NULL, CONSTRAINT "PK_8394170d2ea0fcec67fe9d46525" PRIMARY KEY ("articles_id", "tags_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_5dab431dd9a34e1546407705e2" ON "article_tags"  ("articles_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_9944f6e770519308af29261415" ON "article_tags"  ("tags_id") `);
        await queryRunner.query(`ALTER TABLE "articles" ADD CONSTRAINT "FK_6515da4dff8db423ce4eb841490" FOREIGN KEY ("author_id") REFERENCES "authors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "article_tags" ADD CONSTRAINT "FK_5dab431dd9a34e1546407705e20" FOREIGN KEY ("articles_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
        await queryRunner.query(`ALTER TABLE "article_tags" ADD CONSTRAINT "FK_9944f6e770519308af292614151" FOREIGN KEY ("tags_id") REFERENCES "tags"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "article_tags" DROP CONSTRAINT "FK_9944f6e770519308af292614151"`);
        await queryRunner.query(`ALTER TABLE "article_tags" DROP CONSTRAINT "FK_5dab431dd9a34e1546407705e20"`);
        await queryRunner.query(`ALTER TABLE "articles" DROP CONSTRAINT "FK_6515da4dff8db423ce4eb841490"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_9944f6e770519308af29261415"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_5dab431dd9a34e1546407705e2"`);
        await queryRunner.query(`DROP TABLE "article_tags"`);
        await queryRunner.query(`DROP TABLE "articles"`);
        await queryRunner.query(`DROP TABLE "tags"`);
        await queryRunner.query(`DROP TABLE "authors"`);
    }

}
