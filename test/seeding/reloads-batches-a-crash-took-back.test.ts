import { spawnSync } from 'node:child_process';
import { exampleConfig } from '../../src/factories/example-config';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { DataSourceManager } from '../../src/connection';
import type { BatchTransaction } from '../../src/seeding/batch-transaction';
import type { BatchWriter } from '../../src/seeding/batch-writer';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import type { GeneratedRow } from '../../src/seeding/row-generator';
import { seed, type SeedOptions } from '../../src/seeding/seed';
import type { PlannedTable } from '../../src/seeding/seed-plan';
import { restartSkipReason } from '../support/postgres';
import { inNewDatabase, integrityProblems, rowCounts, tableChecksums } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 100, posts: 400, comments: 500, tags: 20, post_tags: 300, follows: 200 };
const SEED = 13;
const BATCH_SIZE = 40;
const LOSS = path.join(__dirname, 'fixtures', 'take-back-last-batch.ts');

const server = useServer();
let reference: Record<string, string>;
beforeAll(async () => {
  reference = await inDatabase('reference', async (manager) => {
    await seed({ config: exampleConfig, manager, counts: COUNTS, seed: SEED });
    return tableChecksums((sql) => manager.dataSource.query(sql));
  });
});

async function inDatabase<T>(name: string, work: (manager: DataSourceManager) => Promise<T>): Promise<T> {
  return inNewDatabase(server.pg, name, work);
}

/** Holds the next batch, inside its open transaction, until the gate opens. */
class GatedWriter implements BatchWriter {
  readonly #inner = new CopyBatchWriter();
  gate: Promise<void> | undefined;
  async write(tx: BatchTransaction, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void> {
    const gate = this.gate;
    this.gate = undefined;
    await gate;
    await this.#inner.write(tx, table, rows);
  }
}

/**
 * What a crash under synchronous_commit = off leaves behind when the last
 * batch of `table` was acknowledged but not yet flushed (see the fixture).
 * Whether a real SIGKILL loses a batch depends on the WAL writer's timing, so
 * the loss is made by the test. Synchronous, so that from onProgress it lands
 * exactly where the event fires.
 */
function takeBackLastBatch(database: string, table: keyof typeof COUNTS): void {
  const rows = COUNTS[table] % BATCH_SIZE || BATCH_SIZE;
  const child = spawnSync(process.execPath, ['--import', 'tsx', LOSS], {
    env: { ...process.env, RESEED_LOSS_URL: server.pg.urlFor(database), RESEED_LOSS_TABLE: table, RESEED_LOSS_ROWS: String(rows) },
    encoding: 'utf8',
  });
  expect(child.status, child.stderr).toBe(0);
  expect(child.stdout.trim()).toBe(String(rows));
}

/** The loss, then a SIGKILL of the postmaster and a start: the connections the seed holds die. */
async function crashTakingBackLastBatch(database: string, table: keyof typeof COUNTS): Promise<void> {
  takeBackLastBatch(database, table);
  await server.pg.kill();
  await server.pg.start();
}

async function seedWithAsyncCommit(manager: DataSourceManager, options: Partial<SeedOptions>) {
  await manager.setSessionSettings({ synchronous_commit: 'off' });
  expect(await manager.dataSource.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'off' }]);
  const report = await seed({ config: exampleConfig, manager, counts: COUNTS, seed: SEED, batchSize: BATCH_SIZE, ...options });
  const query = (sql: string) => manager.dataSource.query(sql);
  return {
    report,
    counts: await rowCounts(query),
    problems: await integrityProblems(query),
    sums: await tableChecksums(query),
    ledger: await query(`SELECT table_name FROM reseed_run_tables WHERE rows_done <> target_rows`),
    status: await query('SELECT status FROM reseed_runs'),
  };
}

it('loads again the last batch a crash took back from a finished parent table before its children go on', async ({ skip }) => {
  const why = restartSkipReason(server.pg);
  if (why) skip(why);
  const writer = new GatedWriter();
  let crash: Promise<void> | undefined;
  const result = await inDatabase('parent_lost', (manager) =>
    seedWithAsyncCommit(manager, {
      writer,
      onProgress: (event) => {
        // posts has just finished; the first batch of comments waits until the crash is over.
        if (event.type === 'table-done' && event.table === 'posts' && !crash) writer.gate = crash = crashTakingBackLastBatch('parent_lost', 'posts');
      },
    }),
  );
  await crash;

  expect(result.report.reconnects).toBeGreaterThanOrEqual(1);
  expect(result.problems).toEqual([]);
  expect(result.counts).toEqual(COUNTS);
  expect(result.sums).toEqual(reference);
  expect(result.ledger).toEqual([]);
  expect(result.status).toEqual([{ status: 'done' }]);
  expect(result.report.tables.find((t) => t.table === 'posts')!.rows).toBe(COUNTS.posts);
});

it('loads again the last batch a crash took back from the last table during the finishing steps, before the run is done', async ({ skip }) => {
  const why = restartSkipReason(server.pg);
  if (why) skip(why);
  let crashed = false;
  const result = await inDatabase('last_lost', (manager) =>
    seedWithAsyncCommit(manager, {
      hooks: {
        async afterLoad() {
          if (crashed) return;
          crashed = true;
          await crashTakingBackLastBatch('last_lost', 'follows');
        },
      },
    }),
  );

  expect(crashed).toBe(true);
  // No reconnect needs to be seen here: the pool replaces dead idle connections on its own, so
  // only the check in SQL before `done` can notice the missing batch.
  expect(result.problems).toEqual([]);
  expect(result.counts).toEqual(COUNTS);
  expect(result.sums).toEqual(reference);
  expect(result.ledger).toEqual([]);
  expect(result.status).toEqual([{ status: 'done' }]);
});

it('loads again a parent batch lost in a crash nobody noticed, before the first row of its child is written', async () => {
  const events: string[] = [];
  let lost = false;
  const result = await inDatabase('quietly_lost', (manager) =>
    seedWithAsyncCommit(manager, {
      onProgress: (event) => {
        if (event.type === 'batch') events.push(`${event.table} ${event.done}`);
        // The ledger has just been read and post_tags is about to start: the loss of tags' only
        // batch lands in that window, with no lost connection to tell the engine (as when the
        // pool quietly replaced connections that died in a crash). Every post_tags row
        // references a tag, so writing one now would break its FK.
        if (event.type === 'table-start' && event.table === 'post_tags' && !lost) {
          lost = true;
          takeBackLastBatch('quietly_lost', 'tags');
        }
      },
    }),
  );

  expect(lost).toBe(true);
  expect(result.report.reconnects).toBe(0);
  expect(events.filter((e) => e === `tags ${COUNTS.tags}`)).toHaveLength(2);
  expect(events.lastIndexOf(`tags ${COUNTS.tags}`)).toBeLessThan(events.findIndex((e) => /^post_tags [1-9]/.test(e)));
  expect(result.problems).toEqual([]);
  expect(result.counts).toEqual(COUNTS);
  expect(result.sums).toEqual(reference);
  expect(result.status).toEqual([{ status: 'done' }]);
});
