import { beforeEach, describe, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { Post, User } from '../../src/entities';
import { defineFactory } from '../../src/seeding/define-factory';
import { defineConfig } from '../../src/seeding/reseed-config';
import { CLI_HINT_WORDS } from '../../src/cli/cli-hint-words';
import { seed, type SeedMode, type SeedOptions } from '../../src/seeding/seed';
import { SeedInputError } from '../../src/seeding/seed-input-error';
import { EXAMPLE_TABLES, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const db = useServer({ migrate: true, manager: true });
const query = db.query;

/** Everything reseed could have written: table counts and ledger rows. */
async function snapshot() {
  return { rows: await rowCounts(query), runs: await query('SELECT run_id, status FROM reseed_runs ORDER BY run_id'), progress: await query('SELECT * FROM reseed_run_tables ORDER BY run_id, position') };
}

/** Rejected with a SeedInputError whose text, as the CLI words it, matches `message`; the library's own words name no flag. */
async function expectRejected(options: Omit<SeedOptions, 'manager'>, message: RegExp) {
  const before = await snapshot();
  const error = await seed({ manager: db.manager, ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SeedInputError);
  expect((error as SeedInputError).code).toBe('RESEED_BAD_SEED_INPUT');
  expect((error as SeedInputError).describe(CLI_HINT_WORDS)).toMatch(message);
  expect((error as Error).message).not.toMatch(/--[a-z]/);
  expect(await snapshot()).toEqual(before);
}

describe('on an empty database', () => {
  it('rejects an unknown table and lists the known ones', () =>
    expectRejected({ config: exampleConfig, counts: { nope: 5 } }, /unknown table "nope" in counts: known tables are users, posts, comments, tags, post_tags, follows/));
  it('rejects a negative count', () => expectRejected({ config: exampleConfig, counts: { users: -1 } }, /bad row count for "users" in counts: -1 \(a whole number, 0 or more\)/));
  it('rejects a count that is not a whole number', () => expectRejected({ config: exampleConfig, counts: { posts: 2.5 } }, /bad row count for "posts"/));
  it('rejects an unknown preset and names the accepted ones', () => expectRejected({ config: exampleConfig, preset: 'huge' }, /unknown preset "huge": use one of small, medium, large/));
  it('rejects more join rows than distinct pairs exist', () =>
    expectRejected({ config: exampleConfig, counts: { posts: 10, tags: 3, post_tags: 31 } }, /too many rows for "post_tags": 31 asked, at most 30/));
  it('rejects a bad batch size', () => expectRejected({ config: exampleConfig, batchSize: 0 }, /bad batch size 0/));
  it('rejects an unknown mode and names the accepted ones', () =>
    expectRejected({ config: exampleConfig, mode: 'wipe' as SeedMode }, /mode must be one of 'fresh', 'resume', 'truncate', 'append', got "wipe"/));
  it('rejects a resume when no run is unfinished', () => expectRejected({ config: exampleConfig, mode: 'resume' }, /nothing to resume/));
  it('rejects a relation it cannot fill, naming the entity and the relation, instead of writing NULL', () =>
    expectRejected(
      { config: defineConfig({ entities: [Post], factories: [defineFactory(Post, (ctx) => ({ title: `post ${ctx.id}` }))] }) },
      /Post\.author references users, which this run does not seed, and the factory does not set it: add its entity to the config's entities/,
    ));
  it('rejects a null ratio on a NOT NULL relation', () =>
    expectRejected(
      { config: defineConfig({ entities: [User, Post], factories: [defineFactory(Post, () => ({}), { relations: { author: { nullRatio: 0.5 } } })] }) },
      /Post\.author: nullRatio 0\.5 on a NOT NULL relation/,
    ));
});

describe('with rows reseed did not write', () => {
  beforeEach(async () => {
    await query('TRUNCATE users, posts, comments, tags, post_tags, follows, reseed_runs, reseed_run_tables');
    await query(`INSERT INTO users (email, username, display_name) VALUES ('me@example.com', 'me', 'Me')`);
  });
  it('refuses to mix with them without --truncate or --append', () =>
    expectRejected({ config: exampleConfig, counts: { users: 5, posts: 5, comments: 0, tags: 0, post_tags: 0, follows: 0 } }, /users already hold rows that this run did not write; --truncate empties them first .* or --append adds rows after them/));
  it('does not truncate without consent and names --yes', () => expectRejected({ config: exampleConfig, mode: 'truncate' }, /not truncating without consent; --yes with --truncate empties users/));
});

describe('with an unfinished run', () => {
  beforeEach(async () => {
    await query(`TRUNCATE ${EXAMPLE_TABLES.join(', ')}, reseed_runs, reseed_run_tables`);
    const controller = new AbortController();
    await seed({
      config: exampleConfig,
      manager: db.manager,
      seed: 5,
      batchSize: 50,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'batch' && event.done >= 100) controller.abort();
      },
    }).catch(() => undefined);
    expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'interrupted' }]);
  });
  it('refuses to resume it with a different seed', () => expectRejected({ config: exampleConfig, mode: 'resume', seed: 6 }, /unfinished run .* different config .*--resume without --seed/));
  it('refuses a plain run with a different config and names --resume and --truncate', () =>
    expectRejected({ config: exampleConfig, seed: 6 }, /unfinished run .*seed 5.* different config.*--resume.*--truncate/));
  it('does not resume a matching run without consent', () => expectRejected({ config: exampleConfig, seed: 5 }, /an unfinished run .* exists; --resume continues it/));
  it('does not resume when the user answers no', () => expectRejected({ config: exampleConfig, seed: 5, confirm: async () => false }, /--resume continues it/));
});
