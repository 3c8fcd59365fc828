import { Client } from 'pg';
import { exampleConfig } from '../../src/factories/example-config';
import { expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { SeedInputError } from '../../src/seeding/seed-input-error';
import { rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 30, posts: 40, comments: 30, tags: 6, post_tags: 20, follows: 20 };

const db = useServer({ migrate: true, manager: true });
const query = db.query;

it('refuses --truncate with a SeedInputError, writing nothing, when an application transaction keeps a planned table locked past the lock timeout', async () => {
  await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 1 });
  const runsBefore = await query(`SELECT run_id, status FROM reseed_runs ORDER BY created_at`);
  // A long application transaction that has read posts.
  const app = new Client({ connectionString: db.pg.url });
  await app.connect();
  try {
    await app.query('BEGIN');
    await app.query('SELECT count(*) FROM posts');
    const started = Date.now();
    const error = await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 2, mode: 'truncate', lockTimeoutMs: 300, confirm: async () => true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedInputError);
    expect((error as Error).message).toMatch(/lock/);
    expect((error as Error).message).toMatch(/[Nn]othing was changed/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await app.query('COMMIT');
  } finally {
    await app.end();
  }
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await query(`SELECT run_id, status FROM reseed_runs ORDER BY created_at`)).toEqual(runsBefore);
}, 30_000);
