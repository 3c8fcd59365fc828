import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { classifyCliError } from '../../../src/cli/cli-io';
import { ExitCode } from '../../../src/cli/exit-codes';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { seed } from '../../../src/seeding/seed';
import { SeedInputError } from '../../../src/seeding/seed-input-error';
import { useServer } from '../../support/use-server';
import { openManager } from '../support/seeding-database';
import { zooDataSourceOptions } from './zoo-data-source';
import { Article, ZooUser } from './zoo-entities';

const server = useServer();
const config = defineConfig({ entities: [ZooUser, Article] });
const COUNTS = { zoo_users: 20, zoo_articles: 30 };

/** A database with reseed's ledger (its migrations) and, when asked, the zoo's tables (synchronize), then `alter` run on it. */
async function database(name: string, tables: boolean, alter?: string) {
  await server.pg.query(`CREATE DATABASE ${name}`);
  const options = zooDataSourceOptions(server.pg.urlFor(name));
  const ds = new DataSource({ ...options, synchronize: tables });
  await ds.initialize();
  try {
    await ds.runMigrations();
    if (alter) await ds.query(alter);
  } finally {
    await ds.destroy();
  }
  return openManager(options);
}

/** seed() and seed({ dryRun }) on the database: both errors, and the runs the ledger holds after them. */
async function refusals(name: string, tables: boolean, alter?: string) {
  const manager = await database(name, tables, alter);
  try {
    const dry = await seed({ manager, config, counts: COUNTS, dryRun: true }).then(() => undefined, (e: unknown) => e);
    const real = await seed({ manager, config, counts: COUNTS }).then(() => undefined, (e: unknown) => e);
    const runs = await manager.dataSource.query(`SELECT count(*)::int AS n FROM reseed_runs`);
    return { dry, real, runs: runs[0].n as number };
  } finally {
    await manager.destroy();
  }
}

describe('a database whose schema is behind the entities', () => {
  it('no tables (migrations not run): refused by name before anything is written, --dry-run too; bad input, exit 2', async () => {
    const { dry, real, runs } = await refusals('zoo_no_tables', false);
    for (const error of [dry, real]) {
      expect(error).toBeInstanceOf(SeedInputError);
      expect((error as Error).message).toBe(
        'no table zoo_users (ZooUser), zoo_articles (Article), zoo_users_favorites_zoo_articles in database "zoo_no_tables": the schema is not the entities\' yet; nothing was written; ' +
          "run your migrations first (typeorm migration:run, or your app's migrate script), then seed again",
      );
      expect(classifyCliError(error)).toMatchObject({ code: ExitCode.BadInput, expected: true });
    }
    expect(runs).toBe(0);
  });

  it('a column the entity has and the table lacks: named with its property, before any table is written', async () => {
    const { dry, real, runs } = await refusals('zoo_no_column', true, `ALTER TABLE zoo_articles DROP COLUMN description`);
    for (const error of [dry, real]) {
      expect(error).toBeInstanceOf(SeedInputError);
      expect((error as Error).message).toMatch(/^no column zoo_articles\.description \(Article\.description\) in database "zoo_no_column": the tables lag behind the entities; nothing was written; run your migrations first/);
    }
    expect(runs).toBe(0);
  });

  it('a resume whose tables were dropped since: the schema check speaks, not "does not fit this config"; the run stays', async () => {
    const manager = await database('zoo_resume_no_table', true);
    try {
      // Stopped once the first batch of articles is committed: the users and 10 articles are kept.
      const stop = new AbortController();
      const stopped = seed({
        manager,
        config,
        counts: COUNTS,
        batchSize: 10,
        streams: 1,
        signal: stop.signal,
        onProgress: (event) => event.type === 'batch' && event.table === 'zoo_articles' && stop.abort(),
      });
      await expect(stopped).rejects.toThrow();
      await manager.dataSource.query(`DROP TABLE zoo_users_favorites_zoo_articles, zoo_articles CASCADE`);
      const error = await seed({ manager, config, mode: 'resume' }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(SeedInputError);
      expect((error as Error).message).toMatch(/^no table zoo_articles \(Article\), zoo_users_favorites_zoo_articles in database "zoo_resume_no_table": the schema is not the entities' yet; nothing was written; run your migrations first/);
      expect((error as Error).message).not.toMatch(/does not fit/);
      const runs = await manager.dataSource.query(`SELECT r.status, t.table_name, t.rows_done::int AS rows_done FROM reseed_runs r JOIN reseed_run_tables t USING (run_id) ORDER BY t.position`);
      expect(runs).toEqual([
        { status: 'interrupted', table_name: 'zoo_users', rows_done: 20 },
        { status: 'interrupted', table_name: 'zoo_articles', rows_done: 10 },
        expect.objectContaining({ table_name: 'zoo_users_favorites_zoo_articles', rows_done: 0 }),
      ]);
    } finally {
      await manager.destroy();
    }
  });
});
