import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/seeding/seed';
import { CopyBatchWriter } from '../../src/seeding/copy-batch-writer';
import type { SeedProgressEvent } from '../../src/seeding/seed-progress-event';
import type { ReseedConfig } from '../../src/seeding/reseed-config';
import { citusSkipReason, startCitusCluster, type CitusCluster } from '../support/citus-cluster';
import { queryUrl, startPostgres, type TestPostgres } from '../support/postgres';
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
    // The postmaster killed: a batch may be prepared on the workers (2PC) with the coordinator's decision lost or not.
    ['the coordinator SIGKILLed', async (c: CitusCluster) => {
      await c.coordinator.kill();
      await new Promise((r) => setTimeout(r, 500));
      await c.coordinator.start();
    }],
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
    // Every two-phase commit the fault interrupted is finished or rolled back: none is left holding rows or locks.
    for (const node of [cluster.coordinator, ...cluster.workers]) {
      expect(await node.query(`SELECT gid FROM pg_prepared_xacts WHERE database = current_database()`), node.name).toEqual([]);
    }
  });

  it('finishes with the single server\'s checksums when the coordinator is SIGKILLed between a batch\'s PREPARE on the workers and its COMMIT PREPARED', async () => {
    const url = await cluster.newDatabase('coordinator_2pc');
    // The coordinator's commits wait for a standby that never comes once synchronous_standby_names names one:
    // its commit record is written, the workers hold the batch prepared, and COMMIT PREPARED is never sent.
    await queryUrl(url, 'ALTER DATABASE coordinator_2pc SET synchronous_commit = on');
    const prepared = async () => (await Promise.all(cluster.workers.map((w) => w.query<{ gid: string }>(`SELECT gid FROM pg_prepared_xacts WHERE database = 'coordinator_2pc'`)))).flat();
    let held: { gid: string }[] = [];
    let fault: Promise<void> | undefined;
    const kill = async () => {
      await cluster.coordinator.query(`ALTER SYSTEM SET synchronous_standby_names = 'reseed_test_nobody'`);
      await cluster.coordinator.query('SELECT pg_reload_conf()');
      const deadline = Date.now() + 60_000;
      while ((held = await prepared()).length === 0) {
        if (Date.now() > deadline) throw new Error('no batch was left prepared on a worker');
        await new Promise((r) => setTimeout(r, 20));
      }
      // Back to no standby at the next start, then the crash.
      await cluster.coordinator.query('ALTER SYSTEM RESET synchronous_standby_names');
      await cluster.coordinator.kill();
      await new Promise((r) => setTimeout(r, 500));
      await cluster.coordinator.start();
    };
    let batches = 0;
    const { sums, misplaced, status } = await withCitusSchema(url, async (manager) => {
      await seed({
        manager,
        config,
        counts: COUNTS,
        seed: SEED,
        batchSize: 50,
        onProgress: (e) => {
          if (e.type === 'batch' && e.table === 'comments' && ++batches === 3) fault = kill();
        },
      });
      return { sums: await checksums(manager), misplaced: await misplacedRows(manager), status: await manager.dataSource.query('SELECT status FROM reseed_runs') };
    }).finally(() => fault?.catch(() => undefined));
    await fault;
    expect(held.length).toBeGreaterThan(0);
    expect(status).toEqual([{ status: 'done' }]);
    // What the workers held prepared is finished (recover_prepared_transactions) as the coordinator decided: no row lost or written twice.
    expect(await prepared()).toEqual([]);
    expect(misplaced).toBe(0);
    expect(sums).toEqual(reference);
  });

  it('seeds tables the cluster already distributes by their placement (pg_dist_partition), with no distribution in the config, to the single server\'s rows', async () => {
    const url = await cluster.newDatabase('placed_already');
    await migrate(citusDataSourceOptions(url));
    // Distributed by hand, as a DBA would: the FKs off while the tables move, back on once all are placed.
    await withCitusSchema(url, (manager) =>
      manager.dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
        const fks: { child: string; name: string; def: string }[] = await tx.query(
          `SELECT conrelid::regclass::text AS child, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'reseed%'`,
        );
        for (const fk of fks) await tx.query(`ALTER TABLE ${fk.child} DROP CONSTRAINT "${fk.name}"`);
        await tx.query(`SELECT create_reference_table('tags')`);
        await tx.query(`SELECT create_distributed_table('users', 'id')`);
        await tx.query(`SELECT create_distributed_table('posts', 'author_id', colocate_with => 'users')`);
        await tx.query(`SELECT create_distributed_table('comments', 'post_author_id', colocate_with => 'posts')`);
        await tx.query(`SELECT create_distributed_table('post_tags', 'post_author_id', colocate_with => 'posts')`);
        await tx.query(`SELECT create_distributed_table('follows', 'follower_id', colocate_with => 'users')`);
        for (const fk of fks) await tx.query(`ALTER TABLE ${fk.child} ADD CONSTRAINT "${fk.name}" ${fk.def}`);
      }),
    );
    const placedBefore = await queryUrl(url, `SELECT table_name::text AS name, citus_table_type AS type, distribution_column AS col, colocation_id AS colocation FROM citus_tables WHERE table_name::text NOT LIKE 'reseed%' ORDER BY 1`);
    const notes: string[] = [];
    const { sums, misplaced } = await withCitusSchema(url, async (manager) => {
      await seed({ manager, config: { ...config, distribution: undefined }, counts: COUNTS, seed: SEED, onProgress: (e) => e.type === 'note' && notes.push(e.message) });
      return { sums: await checksums(manager), misplaced: await misplacedRows(manager) };
    });
    expect(notes).toContain("Citus: seeding by the cluster's placement of users, posts, comments, tags, post_tags, follows");
    expect(notes.join('\n')).not.toMatch(/Citus: distributed/);
    expect(await queryUrl(url, `SELECT table_name::text AS name, citus_table_type AS type, distribution_column AS col, colocation_id AS colocation FROM citus_tables WHERE table_name::text NOT LIKE 'reseed%' ORDER BY 1`)).toEqual(placedBefore);
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
