import { expect, it } from 'vitest';
import type { DataSourceManager } from '../../src/connection';
import { exampleConfig } from '../../src/factories/example-config';
import { seed, type SeedOptions } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { SeedInputError } from '../../src/seeding/seed-input-error';
import { inNewDatabase, integrityProblems, migrate, openManager, rowCounts, tableChecksums, testDataSourceOptions } from './support/seeding-database';
import { useServer } from '../support/use-server';

const COUNTS = { users: 101, posts: 307, comments: 611, tags: 23, post_tags: 401, follows: 299 };
const BASE = { config: exampleConfig, counts: COUNTS, seed: 5, batchSize: 37 } satisfies Partial<SeedOptions>;

const server = useServer();

/** A migrated database and `n` managers on it, as n processes would have. */
async function withManagers<T>(database: string, n: number, work: (managers: DataSourceManager[]) => Promise<T>): Promise<T> {
  await server.pg.query(`CREATE DATABASE ${database}`);
  const options = testDataSourceOptions(server.pg.urlFor(database));
  await migrate(options);
  const managers = await Promise.all(Array.from({ length: n }, () => openManager(options)));
  try {
    return await work(managers);
  } finally {
    await Promise.all(managers.map((m) => m.destroy()));
  }
}

const oneProcess = () =>
  inNewDatabase(server.pg, `one_${Math.random().toString(36).slice(2, 8)}`, async (manager) => {
    await seed({ manager, ...BASE });
    return tableChecksums((sql) => manager.dataSource.query(sql));
  });

it('three shards started together write, between them, the database one process writes, and each run is done', async () => {
  const reference = await oneProcess();
  await withManagers('three_shards', 3, async (managers) => {
    const notes: string[][] = [[], [], []];
    const reports = await Promise.all(
      managers.map((manager, i) => seed({ manager, ...BASE, shard: { index: i + 1, count: 3 }, onProgress: (e) => e.type === 'note' && notes[i]!.push(e.message) })),
    );
    const query = (sql: string) => managers[0]!.dataSource.query(sql);
    expect(await tableChecksums(query)).toEqual(reference);
    expect(await rowCounts(query)).toEqual(COUNTS);
    expect(await integrityProblems(query)).toEqual([]);
    // Each shard wrote about a third of every table, and the ledger has one done run per shard.
    for (const report of reports) expect(report.totalRows).toBeGreaterThan(Object.values(COUNTS).reduce((a, b) => a + b, 0) / 3 - 10);
    const runs = await query(`SELECT shard, shard_count, status, count(*) OVER (PARTITION BY shard_group)::int AS group_size FROM reseed_runs ORDER BY shard`);
    expect(runs).toEqual([1, 2, 3].map((shard) => ({ shard, shard_count: 3, status: 'done', group_size: 3 })));
    expect(notes.flat().filter((n) => /shard \d\/3 done; \d of 3 shards done/.test(n))).toHaveLength(3);
    // The sequences are past every shard's ids.
    const [{ next }] = await query(`SELECT nextval(pg_get_serial_sequence('comments', 'id'))::int AS next`);
    expect(next).toBe(COUNTS.comments + 1);
  });
});

it('refuses a second process for a shard that is being loaded, and a shard count other than the run\'s, writing nothing', async () => {
  await withManagers('shard_refusals', 3, async ([first, second, third]) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let loading!: () => void;
    const started = new Promise<void>((resolve) => (loading = resolve));
    // Shard 1/2 holds its run open (in beforeLoad) while the others try.
    const running = seed({ manager: first!, ...BASE, shard: { index: 1, count: 2 }, hooks: { beforeLoad: async () => (loading(), held) } });
    await started;
    const sameShard = await seed({ manager: second!, ...BASE, shard: { index: 1, count: 2 } }).catch((e: unknown) => e);
    expect(sameShard).toBeInstanceOf(SeedInputError);
    expect((sameShard as Error).message).toMatch(/is being loaded by another process/);
    const otherCount = await seed({ manager: third!, ...BASE, shard: { index: 2, count: 3 } }).catch((e: unknown) => e);
    expect(otherCount).toBeInstanceOf(SeedInputError);
    expect((otherCount as Error).message).toMatch(/is split into 2 shards: it cannot be loaded with shard 2\/3; load its shards with shard K\/2/);
    const unsharded = await seed({ manager: third!, ...BASE }).catch((e: unknown) => e);
    expect((unsharded as Error).message).toMatch(/is split into 2 shards: it cannot be loaded without shard;/);
    const [{ runs }] = await first!.dataSource.query(`SELECT count(*)::int AS runs FROM reseed_runs`);
    expect(runs).toBe(1);
    release();
    // Shard 2/2 then joins, and the load completes.
    await Promise.all([running, seed({ manager: second!, ...BASE, shard: { index: 2, count: 2 } })]);
    expect(await first!.dataSource.query(`SELECT shard, status FROM reseed_runs ORDER BY shard`)).toEqual([
      { shard: 1, status: 'done' },
      { shard: 2, status: 'done' },
    ]);
  });
});

it('resumes one stopped shard on its own while the others wait for it, ending with one process\'s checksums', async () => {
  const reference = await oneProcess();
  await withManagers('shard_resume', 3, async (managers) => {
    const abort = new AbortController();
    let batches = 0;
    const stopped = seed({
      manager: managers[0]!,
      ...BASE,
      shard: { index: 1, count: 3 },
      signal: abort.signal,
      onProgress: (e) => e.type === 'batch' && ++batches === 3 && abort.abort(new Error('stop shard 1')),
    }).catch((e: unknown) => e);
    const others = [2, 3].map((index) => seed({ manager: managers[index - 1]!, ...BASE, shard: { index, count: 3 } }));
    expect(await stopped).toBeInstanceOf(SeedAbortedError);
    // The others cannot finish without shard 1's rows: resume it, alone.
    await seed({ manager: managers[0]!, config: exampleConfig, mode: 'resume', shard: { index: 1, count: 3 } });
    await Promise.all(others);
    expect(await tableChecksums((sql) => managers[0]!.dataSource.query(sql))).toEqual(reference);
  });
});
