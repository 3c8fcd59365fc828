import { Client } from 'pg';
import { exampleConfig } from '../../src/factories/example-config';
import { expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { batchApplicationName } from '../../src/seeding/ledger/leftover-backends';
import type { SeedProgressEvent } from '../../src/seeding/seed-progress-event';
import { integrityProblems, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 60, posts: 80, comments: 90, tags: 10, post_tags: 70, follows: 50 };

const db = useServer({ migrate: true, manager: true });
const query = db.query;

/**
 * A backend inside a batch transaction of `applicationName` that advanced the
 * users ledger row (and so holds the run's and the table's row locks) and
 * never commits: what a connection lost through a partition leaves behind.
 */
async function holdLedgerRow(applicationName: string, runId: string): Promise<Client> {
  const client = new Client({ connectionString: db.pg.url, application_name: applicationName });
  client.on('error', () => undefined); // terminated on purpose
  await client.connect();
  await client.query('BEGIN');
  // As a batch holds them: the run's row shared, its table's row for the advance.
  await client.query(`SELECT 1 FROM reseed_runs WHERE run_id = $1 FOR SHARE`, [runId]);
  await client.query(`UPDATE reseed_run_tables SET rows_done = 20, status = 'loading' WHERE run_id = $1 AND table_name = 'users'`, [runId]);
  return client;
}

it("terminates its own lost connection's backend that still holds the ledger row, then loads every row once", async () => {
  let holder: Client | undefined;
  const events: SeedProgressEvent[] = [];
  const report = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: COUNTS,
    seed: 3,
    batchSize: 20,
    lockTimeoutMs: 300,
    onProgress: (event) => events.push(event),
    hooks: {
      beforeLoad: async () => {
        const [run] = await query(`SELECT run_id, owner FROM reseed_runs WHERE status = 'running'`);
        holder = await holdLedgerRow(batchApplicationName(run.owner, 'users'), run.run_id);
      },
    },
  });
  // The holder was ended by the seed, and its uncommitted advance went with it.
  await expect(holder!.query('SELECT 1')).rejects.toThrow();
  await holder!.end().catch(() => undefined);
  expect(report.totalRows).toBe(Object.values(COUNTS).reduce((a, b) => a + b, 0));
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await integrityProblems(query)).toEqual([]);
  const notes = events.filter((e) => e.type === 'note').map((e) => (e as { message: string }).message);
  expect(notes.some((m) => /ended 1 backend/.test(m))).toBe(true);
}, 30_000);

it("waits, saying so, for a lock another session holds on the ledger row, without ending that session", async () => {
  await query(`TRUNCATE users, posts, comments, tags, post_tags, follows RESTART IDENTITY`);
  await query(`DELETE FROM reseed_run_tables`);
  await query(`DELETE FROM reseed_runs`);
  let holder: Client | undefined;
  const notes: string[] = [];
  const report = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: COUNTS,
    seed: 4,
    batchSize: 20,
    lockTimeoutMs: 300,
    onProgress: (event) => {
      if (event.type !== 'note') return;
      notes.push(event.message);
      // After two timed-out waits, the other session finishes its transaction (rolled back).
      if (notes.length === 2) void holder!.query('ROLLBACK');
    },
    hooks: {
      beforeLoad: async () => {
        const [run] = await query(`SELECT run_id FROM reseed_runs WHERE status = 'running'`);
        holder = await holdLedgerRow('someone else', run.run_id);
      },
    },
  });
  // Still connected: not ours to end.
  expect((await holder!.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  await holder!.end();
  expect(notes.length).toBeGreaterThanOrEqual(2);
  expect(notes[0]).toMatch(/waiting/);
  expect(report.totalRows).toBe(Object.values(COUNTS).reduce((a, b) => a + b, 0));
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await integrityProblems(query)).toEqual([]);
}, 30_000);
