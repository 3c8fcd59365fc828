import { beforeEach, expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { errorCode } from '../../src/connection';
import { seed } from '../../src/seeding/seed';
import { SeedInputError } from '../../src/seeding/seed-input-error';
import { batchApplicationName } from '../../src/seeding/ledger/leftover-backends';
import { SeedLedger } from '../../src/seeding/ledger/seed-ledger';
import { deadOwnerToken, FAR_OWNER, holdRunRow, interruptedRun, type RunRowHolder } from './support/run-row-holder';
import { integrityProblems, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 60, posts: 80, comments: 60, tags: 10, post_tags: 40, follows: 30 };
const TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0);

const db = useServer({ migrate: true, manager: true });
const query = db.query;

let holders: RunRowHolder[] = [];

beforeEach(async () => {
  for (const h of holders) await h.end();
  holders = [];
  await query(`TRUNCATE users, posts, comments, tags, post_tags, follows RESTART IDENTITY`);
  await query(`DELETE FROM reseed_run_tables`);
  await query(`DELETE FROM reseed_runs`);
});

/** An interrupted run claimed by `owner`, silent for `silentSeconds`, whose row `applicationName`'s backend holds. */
async function blockedRun(owner: string, silentSeconds: number, applicationName: string): Promise<{ runId: string; holder: RunRowHolder }> {
  const runId = await interruptedRun(db.manager, COUNTS);
  await query(`UPDATE reseed_runs SET owner = '${owner}', status = 'running', heartbeat_at = now() - interval '${silentSeconds} seconds'`);
  // Silent: no batch of it committed since either (a batch is a sign of life too).
  await query(`UPDATE reseed_run_tables SET updated_at = now() - interval '${silentSeconds} seconds'`);
  const holder = await holdRunRow(db.pg.url, applicationName, runId);
  holders.push(holder);
  return { runId, holder };
}

/** `work`, or a failure after `ms` instead of hanging until the test's timeout. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} still waiting after ${ms}ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

it("resuming a run whose owner went silent ends that owner's leftover backend holding the run's row, and loads the rest", async () => {
  const { holder } = await blockedRun(FAR_OWNER, 60, batchApplicationName(FAR_OWNER, 'users'));
  const notes: string[] = [];
  const started = Date.now();
  const report = await within(
    15_000,
    'the resume',
    seed({ config: exampleConfig, manager: db.manager, mode: 'resume', lockTimeoutMs: 1_000, onProgress: (e) => e.type === 'note' && notes.push(e.message) }),
  );
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(await holder.alive()).toBe(false);
  expect(notes[0]).toMatch(/^taking over run [0-9a-f-]+ from pid 4242 on elsewhere, silent for 6\ds$/);
  expect(report.resumed).toBe(true);
  expect(await rowCounts(query)).toEqual(COUNTS);
  expect(await integrityProblems(query)).toEqual([]);
  expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'done' }]);
}, 30_000);

it("discarding (--truncate) a run whose owner process is gone ends that owner's leftover backend first, then starts over", async () => {
  const dead = deadOwnerToken();
  // Its heartbeat is fresh: only the dead process makes it 'gone'.
  const { runId, holder } = await blockedRun(dead, 0, batchApplicationName(dead, 'users'));
  const notes: string[] = [];
  const report = await within(
    15_000,
    'the truncate',
    seed({ config: exampleConfig, manager: db.manager, counts: COUNTS, mode: 'truncate', confirm: async () => true, lockTimeoutMs: 1_000, onProgress: (e) => e.type === 'note' && notes.push(e.message) }),
  );
  expect(await holder.alive()).toBe(false);
  expect(notes).toContainEqual(expect.stringMatching(/which is no longer running$/));
  expect(report.totalRows).toBe(TOTAL);
  expect(await rowCounts(query)).toEqual(COUNTS);
  const runs = await query(`SELECT run_id, status FROM reseed_runs ORDER BY created_at`);
  expect(runs).toEqual([
    { run_id: runId, status: 'abandoned' },
    { run_id: report.runId, status: 'done' },
  ]);
}, 30_000);

it("does not end another session holding the run's row: the resume stops within the lock timeout with a SeedInputError naming it", async () => {
  const { runId, holder } = await blockedRun(FAR_OWNER, 60, 'psql maintenance');
  const started = Date.now();
  const error = await within(10_000, 'the resume', seed({ config: exampleConfig, manager: db.manager, mode: 'resume', lockTimeoutMs: 1_000 }).catch((e: unknown) => e));
  expect(Date.now() - started).toBeLessThan(6_000);
  expect(error).toBeInstanceOf(SeedInputError);
  const message = (error as Error).message;
  expect(message).toContain(`cannot resume run ${runId}: its ledger row stayed locked for 1s by pid ${holder.pid} (application_name 'psql maintenance', idle in transaction`);
  expect(message).toMatch(/Nothing was changed/);
  // Not ours to end; and the run is as it was.
  expect(await holder.alive()).toBe(true);
  await holder.client.query('ROLLBACK');
  expect(await query(`SELECT owner, status FROM reseed_runs`)).toEqual([{ owner: FAR_OWNER, status: 'running' }]);
  // Once that session is done, the resume goes through.
  const report = await within(15_000, 'the second resume', seed({ config: exampleConfig, manager: db.manager, mode: 'resume', lockTimeoutMs: 1_000 }));
  expect(report.resumed).toBe(true);
  expect(await rowCounts(query)).toEqual(COUNTS);
}, 30_000);

it('a heartbeat that finds the run row locked gives up within its lock timeout (55P03, tried again at the next tick) instead of waiting', async () => {
  const ledger = new SeedLedger();
  const { runId, holder } = await blockedRun(ledger.owner, 0, 'someone else');
  const started = Date.now();
  const outcome = await within(
    8_000,
    'the heartbeat',
    db.manager.dataSource.transaction((tx) => ledger.heartbeat(tx, runId)).then(
      (owned) => ({ owned }),
      (error: unknown) => ({ error }),
    ),
  );
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(errorCode((outcome as { error?: unknown }).error)).toBe('55P03');
  // Once the row is free, the next tick's heartbeat goes through.
  await holder.client.query('ROLLBACK');
  expect(await db.manager.dataSource.transaction((tx) => ledger.heartbeat(tx, runId))).toBe(true);
}, 20_000);
