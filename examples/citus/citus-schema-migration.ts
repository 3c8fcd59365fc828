import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Citus variant of the example schema (examples/citus/entities.ts), as
 * plain tables: reseed distributes them (create_distributed_table,
 * create_reference_table) from the config's `distribution` before seeding.
 * Runs on any PostgreSQL too, where the same config seeds the same rows.
 */
export class CitusExampleSchema1796300000000 implements MigrationInterface {
  name = 'CitusExampleSchema1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" character varying(320) NOT NULL, "username" character varying(64) NOT NULL, "display_name" character varying(120) NOT NULL, "profile" jsonb NOT NULL DEFAULT '{}', "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TYPE "public"."post_status" AS ENUM('draft', 'published', 'archived')`);
    await queryRunner.query(`CREATE TABLE "posts" ("author_id" integer NOT NULL, "id" SERIAL NOT NULL, "title" character varying(200) NOT NULL, "slug" character varying(240) NOT NULL, "body" text NOT NULL, "status" "public"."post_status" NOT NULL DEFAULT 'draft', "view_count" integer NOT NULL DEFAULT '0', "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_posts_author_slug" UNIQUE ("author_id", "slug"), CONSTRAINT "PK_630fd533510157ab89f80fe9dc6" PRIMARY KEY ("author_id", "id"))`);
    await queryRunner.query(`CREATE TABLE "comments" ("post_author_id" integer NOT NULL, "id" SERIAL NOT NULL, "post_id" integer NOT NULL, "author_id" integer NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e7f1f9f6323bfa8e8445d8cb1bc" PRIMARY KEY ("post_author_id", "id"))`);
    await queryRunner.query(`CREATE INDEX "idx_comments_post_id" ON "comments"  ("post_id")`);
    await queryRunner.query(`CREATE INDEX "idx_comments_author_id" ON "comments"  ("author_id")`);
    await queryRunner.query(`CREATE TABLE "tags" ("id" SERIAL NOT NULL, "name" character varying(64) NOT NULL, "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d90243459a697eadb8ad56e9092" UNIQUE ("name"), CONSTRAINT "PK_e7dc17249a1148a1970748eda99" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "post_tags" ("post_author_id" integer NOT NULL, "post_id" integer NOT NULL, "tag_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ce1a535c289d861af4ae349dac7" PRIMARY KEY ("post_author_id", "post_id", "tag_id"))`);
    await queryRunner.query(`CREATE INDEX "idx_post_tags_tag_id" ON "post_tags"  ("tag_id")`);
    await queryRunner.query(`CREATE TABLE "follows" ("follower_id" integer NOT NULL, "followee_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_follows_not_self" CHECK ("follower_id" <> "followee_id"), CONSTRAINT "PK_f9294bbb1517cfd99f06f534fe7" PRIMARY KEY ("follower_id", "followee_id"))`);
    await queryRunner.query(`CREATE INDEX "idx_follows_followee_id" ON "follows"  ("followee_id")`);
    await queryRunner.query(`ALTER TABLE "posts" ADD CONSTRAINT "fk_posts_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "comments" ADD CONSTRAINT "fk_comments_post" FOREIGN KEY ("post_author_id", "post_id") REFERENCES "posts"("author_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_tags" ADD CONSTRAINT "fk_post_tags_post" FOREIGN KEY ("post_author_id", "post_id") REFERENCES "posts"("author_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_tags" ADD CONSTRAINT "fk_post_tags_tag" FOREIGN KEY ("tag_id") REFERENCES "tags"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "follows" ADD CONSTRAINT "fk_follows_follower" FOREIGN KEY ("follower_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['follows', 'post_tags', 'tags', 'comments', 'posts', 'users']) await queryRunner.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    await queryRunner.query(`DROP TYPE IF EXISTS "public"."post_status"`);
  }
}
