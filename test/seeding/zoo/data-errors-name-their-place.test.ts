import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { classifyCliError } from '../../../src/cli/cli-io';
import { ExitCode } from '../../../src/cli/exit-codes';
import { defineFactory } from '../../../src/seeding/define-factory';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { seed } from '../../../src/seeding/seed';
import { SeedDataError } from '../../../src/seeding/seed-data-error';
import { FactoryError } from '../../../src/seeding/factory-error';
import { useServer } from '../../support/use-server';
import { createZooDatabase } from './zoo-database';
import { Article, Team, zooEntities, ZooUser } from './zoo-entities';

const server = useServer();
let databases = 0;
const COUNTS = { zoo_users: 30, zoo_articles: 40, zoo_teams: 10 };

/** Seeds the zoo's users, articles and teams with `factories`; returns the error and the run's state after it. */
async function failingSeed(factories: ReturnType<typeof defineFactory>[]) {
  const manager = await createZooDatabase(server.pg, `zoo_bad_${++databases}`);
  try {
    const config = defineConfig({ entities: zooEntities.filter((e) => e === ZooUser || e === Article || e === Team), factories });
    const error = await seed({ manager, config, counts: COUNTS, seed: 1, batchSize: 10 }).then(() => undefined, (e: unknown) => e);
    const runs = await manager.dataSource.query(`SELECT status, owner FROM reseed_runs`);
    // Still resumable: a resume meets the same refusal, not a run held by a gone owner.
    const again = await seed({ manager, config, mode: 'resume' }).then(() => undefined, (e: unknown) => e);
    return { error, runs, again };
  } finally {
    await manager.destroy();
  }
}

describe('a batch PostgreSQL refuses', () => {
  it('names the table, the unique constraint, the column, the rows and the factory; exit 1; the run is left interrupted and resumable', async () => {
    const { error, runs, again } = await failingSeed([defineFactory(Team, () => ({ name: 'same name' }))]);
    expect(error).toBeInstanceOf(SeedDataError);
    expect((error as Error).message).toMatch(/^unique violation in zoo_teams, constraint \S+, column name \(rows 1-10, made by the factory of Team\): Key \(name\)=\(same name\) already exists; nothing of that batch was written/);
    expect((error as Error).message).toMatch(/the run is resumable/);
    expect(classifyCliError(error)).toMatchObject({ code: ExitCode.Failed, expected: true });
    expect(runs).toEqual([{ status: 'interrupted', owner: null }]);
    expect(again).toBeInstanceOf(SeedDataError);
  });

  it('names the column of a NOT NULL violation', async () => {
    const { error } = await failingSeed([defineFactory(Article, () => ({ title: null }))]);
    expect((error as Error).message).toMatch(/^NOT NULL violation in zoo_articles, column title \(rows 1-10, made by the factory of Article\)/);
  });

  it('names the constraint and the column of a foreign key the factory set to a missing parent', async () => {
    const { error } = await failingSeed([defineFactory(Article, () => ({ author: 99_999 }))]);
    expect((error as Error).message).toMatch(/^foreign key violation in zoo_articles, constraint \S+, column author_id \(rows 1-10, made by the factory of Article\): Key \(author_id\)=\(99999\) is not present in table "zoo_users"/);
  });

  it('names the CHECK constraint a generated row breaks', async () => {
    const { error } = await failingSeed([defineFactory(Team, () => ({ budget: '-5.00' }))]);
    expect((error as Error).message).toMatch(/^CHECK violation in zoo_teams, constraint zoo_teams_budget_not_negative \(rows 1-10, made by the factory of Team\)/);
  });
});

describe('a factory that throws', () => {
  it('names the factory, the table and the row, keeps the message, and writes nothing of that table', async () => {
    const { error } = await failingSeed([
      defineFactory(Article, (ctx) => {
        if (ctx.index === 20) throw new TypeError('no title for this one');
        return {};
      }),
    ]);
    expect(error).toBeInstanceOf(FactoryError);
    expect((error as Error).message).toMatch(/^the factory of Article threw on row 21 of zoo_articles: no title for this one; fix the factory/);
    expect((error as FactoryError).cause).toBeInstanceOf(TypeError);
    expect(classifyCliError(error)).toMatchObject({ code: ExitCode.Failed, expected: true });
  });
});
