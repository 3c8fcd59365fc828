import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { integrityProblems, rowCounts, tableChecksums } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 50, posts: 100, comments: 150, tags: 10, post_tags: 120, follows: 90 };

const db = useServer({ migrate: true, manager: true });
const query = db.query;
it('appends after existing rows with ids past max(id), and truncates after consent back to the plain result', async () => {
  await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 4 });
  const fresh = await tableChecksums(query);

  const appended = await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 4, mode: 'append' });
  expect(appended.plan.tables.find((t) => t.table === 'users')!.idStart).toBe(51);
  expect(await rowCounts(query)).toEqual(Object.fromEntries(Object.entries(COUNTS).map(([t, n]) => [t, 2 * n])));
  expect(await integrityProblems(query)).toEqual([]);
  // Appended children reference appended parents only.
  expect(await query('SELECT count(*)::int AS n FROM posts WHERE id > 100 AND author_id <= 50')).toEqual([{ n: 0 }]);
  // The sequence moved past the appended ids.
  expect(await query(`SELECT nextval(pg_get_serial_sequence('users', 'id'))::int AS next`)).toEqual([{ next: 101 }]);

  const questions: string[] = [];
  await seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, seed: 4, mode: 'truncate', confirm: async (q) => (questions.push(q), true) });
  expect(questions).toEqual(['Truncate users, posts, comments, tags, post_tags, follows? Every row in them is deleted.']);
  expect(await tableChecksums(query)).toEqual(fresh);
  expect(await query(`SELECT status, count(*)::int AS n FROM reseed_runs GROUP BY status`)).toEqual([{ status: 'done', n: 3 }]);
});
