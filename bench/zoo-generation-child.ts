/**
 * Generation rows/s of the entity zoo (test/seeding/zoo), no database: run
 * with reseed's TypeScript loader, which emits the decorator metadata its
 * plain decorators rely on (tsx does not). Prints one JSON line: rows/s per config.
 * Argument: how many times the zoo test counts.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { planSeed } from '../src/seeding/plan-seed';
import type { ReseedConfig } from '../src/seeding/reseed-config';
import { RowGenerator } from '../src/seeding/row-generator';
import { noFactoryConfig, partialConfig, ZOO_COUNTS } from '../test/seeding/zoo/zoo-configs';
import { SnakeNamingStrategy } from '../test/seeding/zoo/zoo-data-source';
import { zooEntities } from '../test/seeding/zoo/zoo-entities';

async function main(): Promise<void> {
  const scale = Number(process.argv[2] ?? 50);
  const ds = new DataSource({ type: 'postgres', entities: zooEntities, namingStrategy: new SnakeNamingStrategy() });
  // Metadata only: no connection is made.
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  const counts = Object.fromEntries(Object.entries(ZOO_COUNTS).map(([t, n]) => [t, n * scale]));
  const rate = (config: ReseedConfig) => {
    const plan = planSeed({ dataSource: ds, config, counts: { ...counts, zoo_profiles: Math.min(counts.zoo_profiles!, counts.zoo_users!), zoo_team_accounts: counts.zoo_teams! } });
    const generator = new RowGenerator(plan.seed, plan.tables, { passwordHash: 'x'.repeat(64) });
    const started = performance.now();
    for (const t of plan.tables) for (let s = 0; s < t.count; s += t.batchSize) generator.batch(t.table, s, Math.min(t.batchSize, t.count - s));
    return { rows: plan.totalRows, rowsPerSec: plan.totalRows / ((performance.now() - started) / 1000) };
  };
  process.stdout.write(`${JSON.stringify({ noFactory: rate(noFactoryConfig), partial: rate(partialConfig) })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
