import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import type { SeedProgressEvent } from '../../src/seeding/seed-progress-event';
import type { ReseedConfig } from '../../src/seeding/reseed-config';
import { citusSkipReason, startCitusCluster, type CitusCluster } from '../support/citus-cluster';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { runCli } from '../cli/run-cli';
import { migrate } from '../seeding/support/seeding-database';
import { CITUS_CONFIG_PATH, checksums, citusDataSourceOptions, loadCitusConfig, misplacedRows, withCitusSchema } from './support/citus-seeding';

const COUNTS = { users: 80, posts: 240, comments: 500, tags: 20, post_tags: 300, follows: 250 };
const SEED = 11;
const skipReason = citusSkipReason();
if (skipReason) console.warn(`skipping Citus seeding tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('seeding the Citus example schema on a coordinator and two workers', () => {
  let cluster: CitusCluster;
  let single: TestPostgres;
  let config: ReseedConfig;
  let reference: Record<string, string>;
  beforeAll(async () => {
    [cluster, single, config] = await Promise.all([startCitusCluster(), startPostgres(), loadCitusConfig()]);
    reference = await withCitusSchema(single.url, async (manager) => {
      await seed({ manager, config, counts: COUNTS, seed: SEED });
      return checksums(manager);
    });
  });
  afterAll(async () => {
    await Promise.all([cluster?.dispose(), single?.dispose()]);
  });

  it('distributes the empty schema, keeps co-located FKs, copies the reference table to every node and writes the single server\'s rows', async () => {
    const notes: string[] = [];
    const { sums, misplaced } = await withCitusSchema(cluster.url, async (manager) => {
      await seed({ manager, config, counts: COUNTS, seed: SEED, onProgress: (e) => e.type === 'note' && notes.push(e.message) });
      return { sums: await checksums(manager), misplaced: await misplacedRows(manager) };
    });
    expect(notes.join('\n')).toMatch(/Citus: distributed users by id, posts by author_id, comments by post_author_id, tags \(reference\), post_tags by post_author_id, follows by follower_id/);
    const placed = await cluster.query<{ name: string; type: string; col: string; colocation: number }>(
      `SELECT table_name::text AS name, citus_table_type AS type, distribution_column AS col, colocation_id AS colocation FROM citus_tables ORDER BY 1`,
    );
    const byName = Object.fromEntries(placed.map((p) => [p.name, p]));
    expect(byName.tags!.type).toBe('reference');
    for (const t of ['users', 'posts', 'comments', 'post_tags', 'follows']) {
      expect(byName[t]!.type).toBe('distributed');
      expect(byName[t]!.colocation).toBe(byName.users!.colocation);
    }
    expect(byName.comments!.col).toBe('post_author_id');
    // The ledger stays on the coordinator, as Citus local tables (so a batch and its advance commit with 2PC).
    expect(byName.reseed_runs?.type).toBe('local');
    expect(byName.reseed_run_tables?.type).toBe('local');
    const fks = await cluster.query<{ name: string }>(`SELECT conname AS name FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ('posts', 'comments', 'post_tags', 'follows') ORDER BY 1`);
    expect(fks.map((f) => f.name)).toEqual(['fk_comments_post', 'fk_follows_follower', 'fk_post_tags_post', 'fk_post_tags_tag', 'fk_posts_author']);
    for (const worker of cluster.workers) {
      // Every node holds the whole reference table; each worker holds some of the users.
      expect((await worker.query<{ n: number }>('SELECT count(*)::int AS n FROM tags'))[0]!.n).toBe(COUNTS.tags);
    }
    const perWorker = await cluster.query<{ n: number }>(`SELECT count(DISTINCT nodeport)::int AS n FROM citus_shards WHERE table_name = 'comments'::regclass`);
    expect(perWorker[0]!.n).toBe(2);
    expect(misplaced).toBe(0);
    expect(sums).toEqual(reference);
  });

  it.for([
    ['a worker restarted (fast)', (c: CitusCluster) => c.workers[0]!.restart({ mode: 'fast' })],
    ['a worker restarted (immediate)', (c: CitusCluster) => c.workers[1]!.restart({ mode: 'immediate' })],
    ['a worker SIGKILLed', async (c: CitusCluster) => {
      await c.workers[0]!.kill();
      await new Promise((r) => setTimeout(r, 500));
      await c.workers[0]!.start();
    }],
    ['the coordinator restarted (fast)', (c: CitusCluster) => c.coordinator.restart({ mode: 'fast' })],
  ] as const)('finishes with the single server\'s checksums after %s mid-load', async ([, fault], { task }) => {
    const url = await cluster.newDatabase(`fault_${task.id.replace(/\W/g, '').slice(-8)}`);
    const faults: Promise<unknown>[] = [];
    const copy = new CopyBatchWriter();
    let batches = 0;
    const events: SeedProgressEvent['type'][] = [];
    const { sums, misplaced, status } = await withCitusSchema(url, async (manager) => {
      await seed({
        manager,
        config,
        counts: COUNTS,
        seed: SEED,
        batchSize: 50,
        // The batch after the fault waits for it to end, so the fault always lands mid-load (never after
        // the last batch, where the checksums would meet it instead) and the next batch meets its effect.
        writer: {
          write: async (tx, table, rows) => {
            await Promise.all(faults);
            return copy.write(tx, table, rows);
          },
        },
        onProgress: (e) => {
          events.push(e.type);
          // Mid-load: inside comments, the first co-located child of posts.
          if (e.type === 'batch' && e.table === 'comments' && ++batches === 3) faults.push(fault(cluster));
        },
      });
      return { sums: await checksums(manager), misplaced: await misplacedRows(manager), status: await manager.dataSource.query('SELECT status FROM reseed_runs') };
    }).finally(() => Promise.allSettled(faults));
    await Promise.all(faults);
    expect(faults).toHaveLength(1);
    expect(events).toContain('reconnecting');
    expect(status).toEqual([{ status: 'done' }]);
    expect(misplaced).toBe(0);
    expect(sums).toEqual(reference);
  });

  it('splits the load over two --shard processes through the coordinator, to the single server\'s rows', async () => {
    const url = await cluster.newDatabase('two_shards');
    await migrate(citusDataSourceOptions(url));
    const sums = await withCitusSchema(url, (first) =>
      withCitusSchema(url, async (second) => {
        await Promise.all([first, second].map((manager, i) => seed({ manager, config, counts: COUNTS, seed: SEED, shard: { index: i + 1, count: 2 } })));
        return checksums(first);
      }),
    );
    expect(sums).toEqual(reference);
  });

  it('is what `reseed --config examples/citus/reseed.config.ts` seeds against the coordinator URL', async () => {
    const url = await cluster.newDatabase('cli_seed');
    await migrate(citusDataSourceOptions(url));
    const counts = Object.entries(COUNTS).flatMap(([table, n]) => ['--count', `${table}=${n}`]);
    const result = await runCli(['--config', CITUS_CONFIG_PATH, '--seed', String(SEED), ...counts], { DATABASE_URL: url });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Citus: distributed users by id, posts by author_id/);
    expect(await withCitusSchema(url, checksums)).toEqual(reference);
  });

  it('refuses a URL that points at a worker: one line naming the coordinator, exit 2, nothing written', async () => {
    const url = await cluster.newDatabase('worker_url');
    await migrate(citusDataSourceOptions(url));
    const worker = new URL(cluster.workers[0]!.url);
    worker.pathname = '/worker_url';
    const result = await runCli(['--config', CITUS_CONFIG_PATH], { DATABASE_URL: worker.toString() });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('reseed:'));
    expect(lines).toEqual([`reseed: the database URL points at a Citus worker, not the coordinator (the coordinator is 127.0.0.1:${cluster.coordinator.port}): connect to the coordinator, which routes rows to the shards`]);
    const rows = await withCitusSchema(url, (manager) =>
      manager.dataSource.query(`SELECT (SELECT count(*)::int FROM reseed_runs) AS runs, (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM pg_dist_partition) AS placed`),
    );
    const [{ runs, users, placed }] = rows as { runs: number; users: number; placed: number }[];
    expect({ runs, users, placed }).toEqual({ runs: 0, users: 0, placed: 0 });
  });
});
