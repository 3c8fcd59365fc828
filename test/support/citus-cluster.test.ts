import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citusSkipReason, startCitusCluster, type CitusCluster } from './citus-cluster';

const skipReason = citusSkipReason();
if (skipReason) console.warn(`skipping Citus harness tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('test harness Citus cluster', () => {
  let cluster: CitusCluster;
  beforeAll(async () => {
    cluster = await startCitusCluster();
    await cluster.query('CREATE TABLE owners (id int PRIMARY KEY)');
    await cluster.query('CREATE TABLE pets (owner_id int NOT NULL REFERENCES owners (id), id int NOT NULL, PRIMARY KEY (owner_id, id))');
    await cluster.query(`SELECT create_distributed_table('owners', 'id')`);
    await cluster.query(`SELECT create_distributed_table('pets', 'owner_id', colocate_with => 'owners')`);
  });
  afterAll(async () => {
    await cluster?.dispose();
  });

  const count = async (table: string) => (await cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it('has a coordinator with two registered, active workers', async () => {
    const nodes = await cluster.query<{ port: number; active: boolean }>(`SELECT nodeport AS port, isactive AS active FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0 ORDER BY nodeport`);
    expect(nodes.map((n) => n.port)).toEqual(cluster.workers.map((w) => w.port).sort((a, b) => a - b));
    expect(nodes.every((n) => n.active)).toBe(true);
    expect((await cluster.coordinator.query<{ c: boolean }>('SELECT citus_is_coordinator() AS c'))[0]!.c).toBe(true);
    expect((await cluster.workers[0]!.query<{ c: boolean }>('SELECT citus_is_coordinator() AS c'))[0]!.c).toBe(false);
  });

  it('routes rows of co-located tables to shards on both workers', async () => {
    await cluster.query('INSERT INTO owners SELECT g FROM generate_series(1, 1000) g');
    await cluster.query('INSERT INTO pets SELECT g % 1000 + 1, g FROM generate_series(1, 3000) g');
    expect(await count('pets')).toBe(3000);
    const perWorker = await cluster.query<{ port: number; n: number }>(
      `SELECT nodeport AS port, count(*)::int AS n FROM citus_shards WHERE table_name = 'pets'::regclass GROUP BY nodeport ORDER BY nodeport`,
    );
    expect(perWorker).toHaveLength(2);
    await expect(cluster.query('INSERT INTO pets VALUES (5000, 1)')).rejects.toThrow(/foreign key/);
  });

  it.for(['fast', 'immediate'] as const)('restarts a worker (%s) while the coordinator stays up', async (mode) => {
    const worker = cluster.workers[0]!;
    const before = (await worker.query<{ t: string }>('SELECT pg_postmaster_start_time()::text AS t'))[0]!.t;
    await worker.restart({ mode });
    expect((await worker.query<{ t: string }>('SELECT pg_postmaster_start_time()::text AS t'))[0]!.t).not.toBe(before);
    expect(await count('pets')).toBe(3000);
  });

  it('stops a worker: the coordinator cannot read its shards until it starts again', async () => {
    const worker = cluster.workers[1]!;
    await worker.stop();
    await expect(count('pets')).rejects.toThrow();
    await worker.start();
    expect(await count('pets')).toBe(3000);
  });

  it('survives SIGKILL of a worker and of the coordinator: start() brings each back with its data', async () => {
    await cluster.workers[0]!.kill();
    await expect(count('pets')).rejects.toThrow();
    await cluster.workers[0]!.start();
    await cluster.coordinator.kill();
    await expect(count('pets')).rejects.toThrow();
    await cluster.coordinator.start();
    expect(await count('pets')).toBe(3000);
  });

  it('makes a fresh database with citus on every node', async () => {
    const url = await cluster.newDatabase('second_db');
    expect(url).toContain('/second_db');
  });
});
