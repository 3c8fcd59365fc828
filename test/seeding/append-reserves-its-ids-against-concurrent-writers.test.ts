import { Client } from 'pg';
import { exampleConfig } from '../../src/factories/example-config';
import { expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { integrityProblems, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';
import { waitFor } from '../support/wait-for';

const COUNTS = { users: 30, posts: 40, comments: 50, tags: 6, post_tags: 30, follows: 20 };
const twice = Object.fromEntries(Object.entries(COUNTS).map(([t, n]) => [t, 2 * n]));

const db = useServer({ migrate: true, manager: true });
const query = db.query;

const appUser = (name: string) => `INSERT INTO users (email, username, display_name) VALUES ('${name}@app.invalid', '${name}-app', 'App ${name}') RETURNING id`;

/** Waits until some backend of the test database waits for a lock. */
async function untilSomeoneWaits(): Promise<void> {
  await waitFor('a backend to wait for a lock', async () => (await db.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`))[0]!.n > 0, {
    timeoutMs: 5_000,
    everyMs: 25,
  });
}

it('reads the id starts under lock in the transaction that creates the run: a row being inserted meanwhile is waited for, not collided with', async () => {
  await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 1 });
  // The application is inserting a user (id 31 from the sequence) and has not committed yet.
  const writer = new Client({ connectionString: db.pg.url });
  await writer.connect();
  try {
    await writer.query('BEGIN');
    const [{ id }] = (await writer.query(appUser('first'))).rows;
    expect(id).toBe(31);
    const appending = seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 2, mode: 'append' });
    appending.catch(() => undefined);
    await untilSomeoneWaits();
    await writer.query('COMMIT');
    const report = await appending;
    expect(report.plan.tables.find((t) => t.table === 'users')!.idStart).toBe(32);
  } finally {
    await writer.end();
  }
  expect(await rowCounts(query)).toEqual({ ...twice, users: 2 * COUNTS.users + 1 });
  expect(await integrityProblems(query)).toEqual([]);
});

it('moves the id sequences past the appended ids when the run is created: the application inserting during the load gets free ids', async () => {
  let appId: number | undefined;
  const report = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: COUNTS,
    seed: 3,
    mode: 'append',
    hooks: {
      // The run exists, nothing is loaded yet: the application inserts a user through the sequence.
      beforeLoad: async () => {
        appId = (await db.pg.query<{ id: number }>(appUser('second')))[0]!.id;
      },
    },
  });
  const users = report.plan.tables.find((t) => t.table === 'users')!;
  expect(users.idStart).toBe(2 * COUNTS.users + 2);
  expect(appId).toBe(users.idStart! + COUNTS.users);
  expect(await rowCounts(query)).toEqual({ ...Object.fromEntries(Object.entries(COUNTS).map(([t, n]) => [t, 3 * n])), users: 3 * COUNTS.users + 2 });
  expect(await integrityProblems(query)).toEqual([]);
});
