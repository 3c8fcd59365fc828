import { expect, it } from 'vitest';
import { Client } from 'pg';
import { exampleConfig } from '../../src/factories/example-config';
import { batchApplicationName } from '../../src/seeding/ledger/leftover-backends';
import { availableParallelism } from 'node:os';
import { seed, type SeedOptions } from '../../src/seeding/seed';
import { defaultStreams } from '../../src/seeding/seed-options';
import { SeedStalledError } from '../../src/seeding/seed-stalled-error';
import type { SeedProgressEvent } from '../../src/seeding/seed-progress-event';
import { exampleWorkers } from './support/example-workers';
import { inNewDatabase, integrityProblems, rowCounts, tableChecksums } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 200, posts: 500, comments: 900, tags: 40, post_tags: 600, follows: 700 };
const BATCH_SIZE = 40;

const server = useServer();

/** Which tables had started and not finished at each batch event: the tables loading side by side. */
function overlaps(events: SeedProgressEvent[]): Set<string> {
  const loading = new Set<string>();
  const together = new Set<string>();
  for (const e of events) {
    if (e.type === 'table-start') loading.add(e.table);
    if (e.type === 'table-done') loading.delete(e.table);
    if (e.type === 'batch' && loading.size > 1) together.add([...loading].sort().join('+'));
  }
  return together;
}

async function seedDatabase(database: string, options: Partial<SeedOptions>, onEvent?: (e: SeedProgressEvent, loading: ReadonlySet<string>) => void) {
  return inNewDatabase(server.pg, database, async (manager) => {
    const events: SeedProgressEvent[] = [];
    const loading = new Set<string>();
    const report = await seed({
      config: exampleConfig,
      manager,
      counts: COUNTS,
      seed: 11,
      batchSize: BATCH_SIZE,
      ...options,
      onProgress: (event) => {
        events.push(event);
        if (event.type === 'table-start') loading.add(event.table);
        if (event.type === 'table-done') loading.delete(event.table);
        onEvent?.(event, loading);
      },
    });
    const query = (sql: string) => manager.dataSource.query(sql);
    return { report, events, sums: await tableChecksums(query), counts: await rowCounts(query), problems: await integrityProblems(query) };
  });
}

it('loads a table beside another once its parents are complete, with the data of one table after another, for any stream count', async () => {
  const one = await seedDatabase('streams_1', { streams: 1 });
  expect(overlaps(one.events)).toEqual(new Set());
  const three = await seedDatabase('streams_3', { streams: 3, batches: exampleWorkers(2) });
  expect(three.counts).toEqual(COUNTS);
  expect(three.problems).toEqual([]);
  expect(three.sums).toEqual(one.sums);
  const together = overlaps(three.events);
  // tags references nothing: beside users; follows references only users: beside posts.
  expect(together).toContain('tags+users');
  expect([...together].some((t) => t.includes('follows') && t.includes('posts'))).toBe(true);
  // Never a table before its parents are complete.
  const done = new Set<string>();
  const parents: Record<string, string[]> = { posts: ['users'], comments: ['posts', 'users'], post_tags: ['posts', 'tags'], follows: ['users'] };
  for (const e of three.events) {
    if (e.type === 'table-done') done.add(e.table);
    if (e.type === 'table-start') for (const p of parents[e.table] ?? []) expect(done, `${e.table} started before ${p} was done`).toContain(p);
  }
  expect(three.report.tables.map((t) => [t.table, t.rows])).toEqual(one.report.tables.map((t) => [t.table, t.rows]));
  const two = await seedDatabase('streams_2', { streams: 2, batchSize: 33 });
  expect(two.sums).toEqual(one.sums);
});

it('loads side by side by default when the main thread generates, and as defaultStreams says with workers', async () => {
  const cores = availableParallelism();
  expect(defaultStreams(2, 0)).toBe(2);
  expect(defaultStreams(1, 0)).toBe(1);
  expect(defaultStreams(2, 2)).toBe(1);
  expect(defaultStreams(4, 2)).toBe(2);
  const main = await seedDatabase('streams_default_main', {});
  expect(overlaps(main.events).size > 0).toBe(defaultStreams(cores, 0) > 1);
  const workers = await seedDatabase('streams_default_workers', { batches: exampleWorkers(2) });
  expect(overlaps(workers.events).size > 0).toBe(defaultStreams(cores, 2) > 1);
  expect(workers.sums).toEqual(main.sums);
});

// An external TEST_DATABASE_URL server may not be restarted by tests (see test/support/postgres.ts).
it.skipIf(Boolean(process.env.TEST_DATABASE_URL))('gives the same data after backends are terminated and the server restarts while tables load side by side', async () => {
  const reference = await seedDatabase('faults_ref', { streams: 1 });
  const faults: Promise<unknown>[] = [];
  const hit = new Set<string>();
  const faulted = await seedDatabase('faults', { streams: 3 }, (e, loading) => {
    if (e.type !== 'batch' || loading.size < 2) return;
    // Each fault once, while two tables or more are mid-load.
    if (loading.has('users') && !hit.has('terminate')) (hit.add('terminate'), faults.push(server.pg.terminateBackends()));
    if (loading.has('follows') && loading.has('posts') && !hit.has('fast')) (hit.add('fast'), faults.push(server.pg.restart({ mode: 'fast' })));
    if (loading.has('comments') && !hit.has('immediate')) (hit.add('immediate'), faults.push(server.pg.restart({ mode: 'immediate' })));
  });
  await Promise.all(faults);
  expect([...hit].sort()).toEqual(['fast', 'immediate', 'terminate']);
  expect(faulted.counts).toEqual(COUNTS);
  expect(faulted.problems).toEqual([]);
  expect(faulted.sums).toEqual(reference.sums);
  expect(faulted.report.reconnects).toBeGreaterThanOrEqual(2);
});

it("ends only the leftover of its own table's stream: a sibling table's batches go on untouched", async () => {
  let holder: Client | undefined;
  const terminated: string[] = [];
  const result = await seedDatabase('leftover', {
    streams: 2,
    lockTimeoutMs: 300,
    hooks: {
      // A backend left inside a batch of tags by a lost connection: it holds tags' ledger row.
      beforeLoad: async ({ dataSource }) => {
        const [run] = await dataSource.query(`SELECT run_id, owner FROM reseed_runs WHERE status = 'running'`);
        holder = new Client({ connectionString: server.pg.urlFor('leftover'), application_name: batchApplicationName(run.owner, 'tags') });
        holder.on('error', () => undefined); // ended on purpose
        await holder.connect();
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM reseed_runs WHERE run_id = $1 FOR SHARE`, [run.run_id]);
        await holder.query(`UPDATE reseed_run_tables SET rows_done = 40 WHERE run_id = $1 AND table_name = 'tags'`, [run.run_id]);
      },
    },
  }, (e) => {
    if (e.type === 'reconnecting') terminated.push(String(e.reason));
  });
  await expect(holder!.query('SELECT 1')).rejects.toThrow();
  await holder!.end().catch(() => undefined);
  expect(result.counts).toEqual(COUNTS);
  expect(result.problems).toEqual([]);
  // users loaded beside the stuck tags without losing a connection: only the leftover was ended.
  expect(terminated).toEqual([]);
  expect(result.report.reconnects).toBe(0);
  const notes = result.events.filter((e) => e.type === 'note').map((e) => (e as { message: string }).message);
  expect(notes.filter((m) => /ended 1 backend/.test(m))).toHaveLength(1);
});

it('stops with SeedStalledError, not a loop, when the ledger keeps refusing tables that wait on a parent the plan thinks complete', async () => {
  const error = await seedDatabase('refused', {
    streams: 3,
    hooks: {
      // The ledger's users now need a row the plan never writes: its children are refused forever.
      beforeLoad: async ({ dataSource }) => void (await dataSource.query(`UPDATE reseed_run_tables SET target_rows = target_rows + 1 WHERE table_name = 'users'`)),
    },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedStalledError);
  expect((error as Error).message).toMatch(/the ledger refused the batch of (posts|follows) rows 1-40 twice without changing: it does not match the plan/);
});
