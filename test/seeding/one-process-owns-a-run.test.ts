import { spawnSync } from 'node:child_process';
import { exampleConfig } from '../../src/factories/example-config';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { DataSourceManager } from '../../src/connection';
import type { BatchTransaction } from '../../src/seeding/batch-transaction';
import type { BatchWriter } from '../../src/seeding/batch-writer';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import type { GeneratedRow } from '../../src/seeding/row-generator';
import { RunTakenOverError } from '../../src/seeding/run-taken-over-error';
import { seed } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { SeedInputError } from '../../src/seeding/seed-input-error';
import type { PlannedTable } from '../../src/seeding/seed-plan';
import type { SeedProgressEvent } from '../../src/seeding/seed-progress-event';
import { inNewDatabase, integrityProblems, openManager, rowCounts, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 200, posts: 300, comments: 200, tags: 20, post_tags: 100, follows: 100 };
const BATCH_SIZE = 50;
const TRUNCATE_CHILD = path.join(__dirname, 'fixtures', 'truncate-child.ts');

const server = useServer();

/** Holds the batch whose number `holdAt` names (1-based), inside its transaction, until release(). */
class HoldingWriter implements BatchWriter {
  readonly #inner = new CopyBatchWriter();
  batches = 0;
  readonly held: Promise<void>;
  release!: () => void;
  #reached!: () => void;
  readonly #gate: Promise<void>;
  constructor(private readonly holdAt: number) {
    this.held = new Promise((resolve) => (this.#reached = resolve));
    this.#gate = new Promise((resolve) => (this.release = resolve));
  }
  async write(tx: BatchTransaction, table: PlannedTable, rows: readonly GeneratedRow[]): Promise<void> {
    if (++this.batches === this.holdAt) {
      this.#reached();
      await this.#gate;
    }
    await this.#inner.write(tx, table, rows);
  }
}

async function secondManager(database: string): Promise<DataSourceManager> {
  return openManager(testDataSourceOptions(server.pg.urlFor(database)));
}

it('lets one process load a run: a second one, resuming, joining with --yes or truncating, is refused with the owner named', async () => {
  await inNewDatabase(server.pg, 'two_at_once', async (manager) => {
    const writer = new HoldingWriter(3);
    const first = seed({ config: exampleConfig, manager, counts: COUNTS, batchSize: BATCH_SIZE, writer });
    await writer.held;
    const other = await secondManager('two_at_once');
    try {
      const owner = new RegExp(`^run [0-9a-f-]+ is being loaded by another process \\(pid ${process.pid} on .+, last heard from \\d+s ago\\): cannot (resume|discard) it now`);
      const yes = await seed({ config: exampleConfig, manager: other, counts: COUNTS, batchSize: BATCH_SIZE, confirm: async () => true }).catch((e: unknown) => e);
      expect(yes).toBeInstanceOf(SeedInputError);
      expect((yes as Error).message).toMatch(owner);
      const resume = await seed({ config: exampleConfig, manager: other, mode: 'resume' }).catch((e: unknown) => e);
      expect(resume).toBeInstanceOf(SeedInputError);
      expect((resume as Error).message).toMatch(owner);
      const truncate = await seed({ config: exampleConfig, manager: other, counts: COUNTS, mode: 'truncate', confirm: async () => true }).catch((e: unknown) => e);
      expect(truncate).toBeInstanceOf(SeedInputError);
      expect((truncate as Error).message).toMatch(owner);
    } finally {
      writer.release();
      await other.destroy();
    }
    const report = await first;
    const query = (sql: string) => manager.dataSource.query(sql);
    expect(report.totalRows).toBe(Object.values(COUNTS).reduce((a, b) => a + b, 0));
    expect(await rowCounts(query)).toEqual(COUNTS);
    expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'done' }]);
  });
});

it('takes over a run whose owner went silent (stale heartbeat), with a note, and marks it running again while it loads', async () => {
  await inNewDatabase(server.pg, 'owner_died', async (manager) => {
    const controller = new AbortController();
    const stopped = await seed({
      config: exampleConfig,
      manager,
      counts: COUNTS,
      batchSize: BATCH_SIZE,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'batch' && event.table === 'posts') controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(SeedAbortedError);
    const query = (sql: string) => manager.dataSource.query(sql);
    expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'interrupted' }]);
    // Another machine's process claimed it and died: its heartbeat is 10 s old, within the
    // default lease (30 s), past a lease of 5 s.
    await query(`UPDATE reseed_runs SET owner = '4242@elsewhere#dead', heartbeat_at = now() - interval '10 seconds'`);
    await query(`UPDATE reseed_run_tables SET updated_at = now() - interval '10 seconds'`);
    const refused = await seed({ config: exampleConfig, manager, mode: 'resume' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SeedInputError);
    expect((refused as Error).message).toMatch(/being loaded by another process \(pid 4242 on elsewhere, last heard from 1\ds ago\)/);

    const notes: string[] = [];
    const seen: { status: string; owner: string }[] = [];
    // Tables load side by side, so two batches can be written at once: the first write claims
    // the look before it awaits, or both would look.
    let looked = false;
    const report = await seed({
      config: exampleConfig,
      manager,
      mode: 'resume',
      ledger: { ownerLeaseMs: 5_000 },
      writer: {
        async write(tx, table, rows) {
          if (!looked) {
            looked = true;
            seen.push(...(await tx.query('SELECT status, owner FROM reseed_runs')));
          }
          await new CopyBatchWriter().write(tx, table, rows);
        },
      },
      onProgress: (event: SeedProgressEvent) => {
        if (event.type === 'note') notes.push(event.message);
      },
    });
    expect(notes).toEqual([expect.stringMatching(/^taking over run [0-9a-f-]+ from pid 4242 on elsewhere, silent for 1\ds$/)]);
    expect(report.resumed).toBe(true);
    // Resumed, it is running again, and this process's.
    expect(seen).toEqual([{ status: 'running', owner: expect.stringMatching(new RegExp(`^${process.pid}@`)) }]);
    expect(await rowCounts(query)).toEqual(COUNTS);
    expect(await query('SELECT status FROM reseed_runs')).toEqual([{ status: 'done' }]);
  });
});

it('stops a process whose run another process truncated at its next batch: none of its rows lands after the truncate', async () => {
  const smaller = { users: 60, posts: 80, comments: 40, tags: 10, post_tags: 30, follows: 20 };
  await inNewDatabase(server.pg, 'truncated_under', async (manager) => {
    let batches = 0;
    let child: ReturnType<typeof spawnSync> | undefined;
    const error = await seed({
      config: exampleConfig,
      manager,
      counts: COUNTS,
      batchSize: BATCH_SIZE,
      onProgress: (event) => {
        // After its second batch, this process stalls while another one finds it silent,
        // discards its run, truncates and loads its own to the end. Which batch comes next
        // (users' third, or tags' first beside it) depends on timing: tables load side by side.
        if (event.type === 'batch' && ++batches === 2) {
          child = spawnSync(process.execPath, ['--import', 'tsx', TRUNCATE_CHILD], {
            env: { ...process.env, RESEED_CHILD_URL: server.pg.urlFor('truncated_under'), RESEED_CHILD_COUNTS: JSON.stringify(smaller) },
            encoding: 'utf8',
          });
        }
      },
    }).catch((e: unknown) => e);
    expect(child?.status, String(child?.stderr)).toBe(0);
    const query = (sql: string) => manager.dataSource.query(sql);
    // Exactly the second process's rows: nothing of the first one landed after the truncate.
    expect(await rowCounts(query)).toEqual(smaller);
    expect(await integrityProblems(query)).toEqual([]);
    expect(error).toBeInstanceOf(RunTakenOverError);
    expect((error as RunTakenOverError).code).toBe('RESEED_RUN_TAKEN_OVER');
    expect((error as Error).message).toMatch(/^run [0-9a-f-]+ was discarded by another process while this one was loading it: this process stopped before the batch of (users|tags) rows \d+-\d+, without writing it$/);
    expect(String(child?.stdout)).toMatch(new RegExp(`^note taking over run [0-9a-f-]+ from pid ${process.pid} on .+, silent for \\d+s\\nfinished [0-9a-f-]+\\n$`));
    expect(await query('SELECT status FROM reseed_runs ORDER BY created_at')).toEqual([{ status: 'abandoned' }, { status: 'done' }]);
  });
});

it('keeps telling the ledger it owns the run through a finishing step longer than the heartbeat interval', async () => {
  await inNewDatabase(server.pg, 'long_hook', async (manager) => {
    const ages: number[] = [];
    await seed({
      config: exampleConfig,
      manager,
      counts: COUNTS,
      batchSize: BATCH_SIZE,
      ledger: { heartbeatMs: 100 },
      hooks: {
        // An index rebuild that outlasts the heartbeat interval tenfold: no batch bumps the heartbeat meanwhile.
        async afterLoad({ dataSource }) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          const [row] = await dataSource.query(`SELECT (extract(epoch FROM now() - heartbeat_at))::float8 AS age FROM reseed_runs`);
          ages.push(row.age);
        },
      },
    });
    expect(ages).toHaveLength(1);
    expect(ages[0]).toBeLessThan(0.5);
  });
});
