/**
 * `npm run bench -- --citus`: the Citus example schema (examples/citus) seeded
 * by seed() into one PostgreSQL 15 and into a coordinator with two workers on
 * the same machine (the same Debian PostgreSQL 15, citus preloaded), the same
 * rows (checksums compared), medians of BENCH_REPS runs. On one machine the
 * cluster can only cost: the same cores run three servers, and every batch
 * becomes a two-phase commit over three nodes. The figure is that overhead.
 */
import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalPostgres } from '../src/server/local-postgres';
import { seed } from '../src/seeding/seed';
import { exampleConfig } from '../src/factories/example-config';
import { CITUS_BIN_DIR, citusSkipReason, startCitusCluster } from '../test/support/citus-cluster';
import { checksums, loadCitusConfig, withCitusSchema } from '../test/citus/support/citus-seeding';
import { median } from './median';

/** A quarter of the medium preset: about 25k rows, long enough to time, short on a shared machine. */
const SCALE = 0.25;

export async function runCitusBench(reps: number): Promise<number> {
  const why = citusSkipReason();
  if (why) {
    console.error(`bench --citus: ${why}`);
    return 1;
  }
  const config = await loadCitusConfig();
  const counts = Object.fromEntries(Object.entries(exampleConfig.presets!.medium!).map(([t, n]) => [t, Math.round(n * SCALE)]));
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`reseed bench --citus: ${rows} rows of the Citus example schema, ${reps} repetitions, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-bench-citus-'));
  chmodSync(root, 0o755);
  const single = await LocalPostgres.open({ dataDir: path.join(root, 'single'), database: 'bench', binDir: CITUS_BIN_DIR, settings: { shared_buffers: '32MB' } });
  const cluster = await startCitusCluster();
  const timings = { single: [] as number[], cluster: [] as number[] };
  const sums: Record<string, string>[] = [];
  try {
    for (let rep = 1; rep <= reps; rep++) {
      // Alternate the order: neither side always runs on a warmer (or busier) machine.
      const order = rep % 2 ? (['single', 'cluster'] as const) : (['cluster', 'single'] as const);
      for (const side of order) {
        const name = `rep_${rep}`;
        const url = side === 'single' ? await newDatabase(single, name) : await cluster.newDatabase(name);
        const { ms, sum } = await withCitusSchema(url, async (manager) => {
          const started = performance.now();
          await seed({ manager, config, counts, seed: 1 });
          return { ms: performance.now() - started, sum: await checksums(manager) };
        });
        timings[side].push(ms);
        sums.push(sum);
        console.log(`  ${side.padEnd(7)} rep ${rep}: ${(ms / 1000).toFixed(1)} s, ${Math.round((rows * 1000) / ms)} rows/s`);
      }
    }
  } finally {
    await cluster.dispose();
    await single.destroy().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
  const same = sums.every((s) => JSON.stringify(s) === JSON.stringify(sums[0]));
  const [one, three] = [median(timings.single), median(timings.cluster)];
  console.log(`\nmedian: single node ${Math.round((rows * 1000) / one)} rows/s, coordinator + 2 workers ${Math.round((rows * 1000) / three)} rows/s`);
  console.log(`cluster / single throughput: ${(one / three).toFixed(2)}x (same rows in every run: ${same ? 'yes' : 'NO'})`);
  return same ? 0 : 1;
}

async function newDatabase(server: LocalPostgres, name: string): Promise<string> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: server.urlFor('postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return server.urlFor(name);
}
