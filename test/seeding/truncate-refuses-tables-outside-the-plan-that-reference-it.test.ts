import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { SeedInputError } from '../../src/seeding/seed-input-error';
import { integrityProblems, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 40, posts: 60, comments: 50, tags: 8, post_tags: 40, follows: 30 };

const db = useServer({ migrate: true, manager: true });
const query = db.query;

it('refuses --truncate up front, naming the tables outside the plan that hold rows referencing planned ones; nothing is written', async () => {
  await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 5 });
  // The application's own tables, which reseed does not seed: sessions → users, session_events → sessions.
  await query(`CREATE TABLE sessions (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users (id))`);
  await query(`CREATE TABLE session_events (id serial PRIMARY KEY, session_id int NOT NULL REFERENCES sessions (id))`);
  await query(`INSERT INTO sessions (user_id) VALUES (1), (2)`);
  const runsBefore = await query(`SELECT run_id, status FROM reseed_runs ORDER BY created_at`);

  const questions: string[] = [];
  const error = await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 6, mode: 'truncate', confirm: async (q) => (questions.push(q), true) }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SeedInputError);
  expect((error as Error).message).toMatch(/sessions \(references users\)/);
  expect((error as Error).message).toMatch(/TRUNCATE sessions/);
  expect((error as Error).message).not.toMatch(/session_events/); // empty: truncated along, not in the way
  // Refused before the question, and nothing was written.
  expect(questions).toEqual([]);
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await query(`SELECT count(*)::int AS n FROM sessions`)).toEqual([{ n: 2 }]);
  expect(await query(`SELECT run_id, status FROM reseed_runs ORDER BY created_at`)).toEqual(runsBefore);
});

it('truncates empty referencing tables outside the plan together with the planned ones', async () => {
  await query(`DELETE FROM sessions`);
  const questions: string[] = [];
  const report = await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 6, mode: 'truncate', confirm: async (q) => (questions.push(q), true) });
  expect(questions).toHaveLength(1);
  expect(questions[0]).toMatch(/^Truncate users, posts, comments, tags, post_tags, follows\? Every row in them is deleted\./);
  expect(questions[0]).toMatch(/session_events, sessions/);
  expect(report.totalRows).toBe(Object.values(COUNTS).reduce((a, b) => a + b, 0));
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await integrityProblems(query)).toEqual([]);
  expect(await query(`SELECT status FROM reseed_runs ORDER BY created_at`)).toEqual([{ status: 'done' }, { status: 'done' }]);
});
