import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { InitialSchema1796024480735 } from '../../migrations/1796024480735-initial-schema';
import { ReseedLedger1796100000000 } from '../../migrations/1796100000000-reseed-ledger';
import { ReseedRunOwner1796150000000 } from '../../migrations/1796150000000-reseed-run-owner';
import { ReseedRunShards1796400000000 } from '../../migrations/1796400000000-reseed-run-shards';
import { ReseedRunSource1796500000000 } from '../../migrations/1796500000000-reseed-run-source';
import { exampleEntities } from '../../src/entities';
import { LedgerCreateDeniedError } from '../../src/seeding/ledger/ledger-create-denied-error';
import { LEDGER_VERSION } from '../../src/seeding/ledger/ledger-schema';
import { seed } from '../../src/seeding/seed';
import { migrate, openManager, rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const server = useServer();

/** A database with the example schema and none, or only the first, of reseed's migrations. */
async function databaseWith(name: string, migrations: Function[]): Promise<{ type: 'postgres'; url: string; entities: Function[] }> {
  await server.pg.query(`CREATE DATABASE ${name}`);
  const options = { type: 'postgres' as const, url: server.pg.urlFor(name), entities: exampleEntities, migrations };
  await migrate(options);
  return options;
}

it('creates its ledger when the app has no migration of reseed, then seeds', async () => {
  const options = await databaseWith('no_ledger', [InitialSchema1796024480735]);
  const manager = await openManager(options);
  try {
    const report = await seed({ config: exampleConfig, manager, preset: 'small' });
    expect(report.totalRows).toBeGreaterThan(0);
    const [comment] = await manager.dataSource.query(`SELECT obj_description('reseed_runs'::regclass, 'pg_class') AS c`);
    expect(comment.c).toBe(`reseed ledger version ${LEDGER_VERSION}`);
    const [run] = await manager.dataSource.query(`SELECT status, owner IS NOT NULL AS owned FROM reseed_runs`);
    expect(run).toEqual({ status: 'done', owned: true });
  } finally {
    await manager.destroy();
  }
});

it('upgrades a ledger made by the first migration in place, keeping its runs', async () => {
  const options = await databaseWith('old_ledger', [InitialSchema1796024480735, ReseedLedger1796100000000]);
  const before = await openManager(options);
  await before.dataSource.query(
    `INSERT INTO reseed_runs (run_id, seed, preset, counts, config_hash, status) VALUES ('00000000-0000-0000-0000-000000000001', 1, 'small', '{}', 'x', 'done')`,
  );
  await before.destroy();
  const manager = await openManager(options);
  try {
    await seed({ config: exampleConfig, manager, preset: 'small' });
    const runs = await manager.dataSource.query(`SELECT run_id, status FROM reseed_runs ORDER BY created_at`);
    expect(runs).toHaveLength(2);
    expect(runs[0].run_id).toBe('00000000-0000-0000-0000-000000000001');
    const [col] = await manager.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'reseed_runs' AND column_name IN ('owner', 'heartbeat_at')`);
    expect(col.n).toBe(2);
  } finally {
    await manager.destroy();
  }
});

it('leaves a ledger made by every migration as it is, and the migrations accept a ledger reseed made', async () => {
  const options = await databaseWith('both_migrations', [InitialSchema1796024480735, ReseedLedger1796100000000, ReseedRunOwner1796150000000, ReseedRunShards1796400000000, ReseedRunSource1796500000000]);
  const manager = await openManager(options);
  try {
    await seed({ config: exampleConfig, manager, preset: 'small' });
    const [comment] = await manager.dataSource.query(`SELECT obj_description('reseed_runs'::regclass, 'pg_class') AS c`);
    expect(comment.c).toBeNull();
  } finally {
    await manager.destroy();
  }
  // The other way round: reseed made its ledger first, the team adds the migrations later.
  const later = await databaseWith('later', [InitialSchema1796024480735]);
  const first = await openManager(later);
  await seed({ config: exampleConfig, manager: first, preset: 'small' });
  await first.destroy();
  await migrate({ ...later, migrations: [InitialSchema1796024480735, ReseedLedger1796100000000, ReseedRunOwner1796150000000, ReseedRunShards1796400000000, ReseedRunSource1796500000000] });
});

it('tells a role that may not create tables which grant it needs, writing nothing', async () => {
  const options = await databaseWith('no_rights', [InitialSchema1796024480735]);
  const owner = await openManager(options);
  try {
    await owner.dataSource.query(`CREATE ROLE seeder LOGIN PASSWORD 'seeder-pw'`);
    await owner.dataSource.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await owner.dataSource.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO seeder`);
    await owner.dataSource.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO seeder`);
  } finally {
    await owner.destroy();
  }
  const manager = await openManager({ ...options, url: server.pg.urlFor('no_rights', 'seeder', 'seeder-pw') });
  try {
    const error = await seed({ config: exampleConfig, manager, preset: 'small' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerCreateDeniedError);
    expect((error as Error).message).toBe(
      `role "seeder" may not create reseed's ledger tables (reseed_runs, reseed_run_tables) in schema "public": ` +
        `GRANT CREATE ON SCHEMA "public" TO "seeder", or have an owner run the migrations ReseedLedger1796100000000, ReseedRunOwner1796150000000, ReseedRunShards1796400000000 and ReseedRunSource1796500000000`,
    );
    expect(Object.values(await rowCounts((sql) => manager.dataSource.query(sql)))).toEqual([0, 0, 0, 0, 0, 0]);
  } finally {
    await manager.destroy();
  }
});
