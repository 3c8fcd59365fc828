/** The reference on the peer workload: reseed's rows generated first, then one raw COPY per table (timed: the COPY only). Prints {"rows","ms"}. */
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { planSeed } from '../src/seeding/plan-seed';
import { RowGenerator } from '../src/seeding/row-generator';
import { copyRows } from './copy-rows';
import config from './peer-config';

async function main(): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', entities: config.entities });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  const plan = planSeed({ dataSource, config, counts: { users: Number(process.env.PEER_USERS), posts: Number(process.env.PEER_POSTS) } });
  const generator = new RowGenerator(plan.seed, plan.tables);
  const rows = plan.tables.map((t) => generator.batch(t.table, 0, t.count));
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const started = performance.now();
    for (const [i, t] of plan.tables.entries()) await copyRows(client, t, rows[i]!);
    console.log(JSON.stringify({ rows: plan.totalRows, ms: performance.now() - started }));
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
