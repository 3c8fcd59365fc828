import 'reflect-metadata';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyCliError } from '../../../src/cli/cli-io';
import { ExitCode } from '../../../src/cli/exit-codes';
import { defineFactory } from '../../../src/seeding/define-factory';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { seed } from '../../../src/seeding/seed';
import type { BatchWriter } from '../../../src/seeding/batch-writer';
import type { BatchSourceOpener } from '../../../src/seeding/batch-source';
import { generationWorkers } from '../../../src/loading/workers/generation-workers';
import { CopyBatchWriter } from '../../../src/seeding/copy-batch-writer';
import { RepositoryBatchWriter } from '../../../src/seeding/repository-batch-writer';
import { SeedDataError } from '../../../src/seeding/seed-data-error';
import { FactoryError } from '../../../src/seeding/factory-error';
import { useServer } from '../../support/use-server';
import { createZooDatabase } from './zoo-database';
import { Article, Team, zooEntities, ZooUser } from './zoo-entities';
import { nulTitleFactory } from './zoo-nul-title-config';

const NUL_TITLE_CONFIG = path.join(__dirname, 'zoo-nul-title-config.ts');

const server = useServer();
let databases = 0;
const COUNTS = { zoo_users: 30, zoo_articles: 40, zoo_teams: 10 };

/** Seeds the zoo's users, articles and teams with `factories`; returns the error and the run's state after it. */
async function failingSeed(factories: ReturnType<typeof defineFactory>[], writer?: BatchWriter, batches?: BatchSourceOpener) {
  const manager = await createZooDatabase(server.pg, `zoo_bad_${++databases}`);
  try {
    const config = defineConfig({ entities: zooEntities.filter((e) => e === ZooUser || e === Article || e === Team), factories });
    const error = await seed({ manager, config, counts: COUNTS, seed: 1, batchSize: 10, writer, batches }).then(() => undefined, (e: unknown) => e);
    const runs = await manager.dataSource.query(`SELECT status, owner FROM reseed_runs`);
    // Still resumable: a resume meets the same refusal, not a run held by a gone owner.
    const again = await seed({ manager, config, mode: 'resume', writer, batches }).then(() => undefined, (e: unknown) => e);
    return { error, runs, again };
  } finally {
    await manager.destroy();
  }
}

describe('a batch PostgreSQL refuses', () => {
  it('names the table, the unique constraint, the column, the row COPY names, its batch and the factory; exit 1; the run is left interrupted and resumable', async () => {
    const { error, runs, again } = await failingSeed([defineFactory(Team, () => ({ name: 'same name' }))]);
    expect(error).toBeInstanceOf(SeedDataError);
    expect((error as Error).message).toMatch(/^unique violation in zoo_teams, constraint \S+, column name \(row 2 in rows 1-10, made by the factory of Team\): Key \(name\)=\(same name\) already exists; nothing of that batch was written/);
    expect((error as Error).message).toMatch(/the run is resumable/);
    expect(classifyCliError(error)).toMatchObject({ code: ExitCode.Failed, expected: true });
    expect(runs).toEqual([{ status: 'interrupted', owner: null }]);
    expect(again).toBeInstanceOf(SeedDataError);
  });

  it('names the column of a NOT NULL violation', async () => {
    const { error } = await failingSeed([defineFactory(Article, () => ({ title: null }))]);
    expect((error as Error).message).toMatch(/^NOT NULL violation in zoo_articles, column title \(row 1 in rows 1-10, made by the factory of Article\)/);
  });

  it('names the constraint and the column of a foreign key the factory set to a missing parent', async () => {
    const { error } = await failingSeed([defineFactory(Article, () => ({ author: 99_999 }))]);
    expect((error as Error).message).toMatch(/^foreign key violation in zoo_articles, constraint \S+, column author_id \(rows 1-10, made by the factory of Article\): Key \(author_id\)=\(99999\) is not present in table "zoo_users"/);
  });

  it('names the CHECK constraint a generated row breaks', async () => {
    const { error } = await failingSeed([defineFactory(Team, () => ({ budget: '-5.00' }))]);
    expect((error as Error).message).toMatch(/^CHECK violation in zoo_teams, constraint zoo_teams_budget_not_negative \(row 1 in rows 1-10, made by the factory of Team\)/);
  });
});

// Workers compile reseed's sources as they start (tsx): seconds apiece on a busy machine.
describe('a value its column cannot hold', { timeout: 240_000 }, () => {
  /** Team's name is varchar(40); its time column has no binary codec, so Team goes as COPY text. */
  const longName = defineFactory(Team, (ctx) => (ctx.index === 6 ? { name: `${'n'.repeat(50)}${ctx.index}` } : {}));

  it('COPY text: names the column, the very row, the server\'s reason and the value the factory gave, cut, with its length', async () => {
    const { error, runs, again } = await failingSeed([longName]);
    expect(error).toBeInstanceOf(SeedDataError);
    expect((error as SeedDataError).row).toBe(7);
    expect((error as Error).message).toBe(
      'bad value in zoo_teams, column name (row 7 in rows 1-10, made by the factory of Team): value too long for type character varying(40); ' +
        `the factory gave "${'n'.repeat(40)}..." (51 characters); nothing of that batch was written and the run is resumable: ` +
        "fix the factory (or the counts), then continue with mode: 'resume', or start over with mode: 'truncate'",
    );
    expect(classifyCliError(error)).toMatchObject({ code: ExitCode.Failed, expected: true });
    expect(runs).toEqual([{ status: 'interrupted', owner: null }]);
    expect(again).toBeInstanceOf(SeedDataError);
  });

  // Rows 21-24 leave description to its default, row 25 gives it: two COPY statements in that batch.
  // A NUL is no UTF-8 text PostgreSQL stores; either format sends it as it is.
  const nulTitle = nulTitleFactory;

  it('COPY binary: the row counts across the batch\'s statements (rows that leave a column to its default are a COPY of their own)', async () => {
    const { error } = await failingSeed([nulTitle]);
    expect((error as SeedDataError).row).toBe(25);
    expect((error as Error).message).toMatch(
      /^bad value in zoo_articles, column title \(row 25 in rows 21-30, made by the factory of Article\): invalid byte sequence for encoding "UTF8": 0x00; the factory gave "nul\\u0000here"; nothing of that batch/,
    );
  });

  it('the text format and generation workers name the same row; the repository writer, whose INSERT the server names no row of, the batch', async () => {
    const text = await failingSeed([nulTitle], new CopyBatchWriter({ format: 'text' }));
    expect((text.error as SeedDataError).row).toBe(25);
    expect((text.error as Error).message).toMatch(/^bad value in zoo_articles.* \(row 25 in rows 21-30, made by the factory of Article\): invalid byte sequence for encoding "UTF8": 0x00/);
    // Workers encode the batch (text) and the main thread, which never had its rows, makes row 25 again for the value.
    const workers = await failingSeed([nulTitle], undefined, generationWorkers({ workers: 2, configPath: NUL_TITLE_CONFIG }));
    expect((workers.error as SeedDataError).row).toBe(25);
    // Whether the server names the column of a NUL depends on where its input buffer was cut: not compared.
    expect((workers.error as Error).message).toMatch(/^bad value in zoo_articles.* \(row 25 in rows 21-30, made by the factory of Article\): invalid byte sequence for encoding "UTF8": 0x00/);
    const repository = await failingSeed([longName], new RepositoryBatchWriter());
    expect(repository.error).toBeInstanceOf(SeedDataError);
    expect((repository.error as SeedDataError).row).toBeUndefined();
    expect((repository.error as Error).message).toMatch(/^bad value in zoo_teams \(rows 1-10, made by the factory of Team\): value too long for type character varying\(40\); nothing of that batch/);
  });
});

describe('a run that wrote no row', () => {
  it('does not block the next run with other counts: discarded, said in a note, and the next one loads', async () => {
    const manager = await createZooDatabase(server.pg, `zoo_bad_${++databases}`);
    try {
      const entities = zooEntities.filter((e) => e === ZooUser || e === Article);
      // zoo_users is loaded first, alone (zoo_articles waits for it): its first batch is refused, nothing is committed.
      const broken = defineConfig({ entities, factories: [defineFactory(ZooUser, () => ({ email: 'same@example.com' }))] });
      const counts = { zoo_users: 30, zoo_articles: 40 };
      await expect(seed({ manager, config: broken, counts, seed: 1, batchSize: 10 })).rejects.toBeInstanceOf(SeedDataError);
      const left = await manager.dataSource.query(`SELECT status FROM reseed_runs`);
      expect(left).toEqual([{ status: 'interrupted' }]);
      const notes: string[] = [];
      const fixed = defineConfig({ entities });
      const report = await seed({ manager, config: fixed, counts: { ...counts, zoo_articles: 5 }, seed: 1, batchSize: 10, onProgress: (e) => e.type === 'note' && notes.push(e.message) });
      expect(report.tables.find((t) => t.table === 'zoo_articles')?.rows).toBe(5);
      expect(notes).toContainEqual(expect.stringMatching(/^the unfinished run \S+ \(seed 1, preset \S+, 0 of \d+ rows, started [^)]+\) wrote no row: discarded, this run starts afresh$/));
      const runs = await manager.dataSource.query(`SELECT status FROM reseed_runs ORDER BY created_at`);
      expect(runs).toEqual([{ status: 'abandoned' }, { status: 'done' }]);
    } finally {
      await manager.destroy();
    }
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
