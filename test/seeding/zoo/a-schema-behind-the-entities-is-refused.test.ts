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
});
