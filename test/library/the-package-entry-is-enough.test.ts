import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
// Only the package entry (and the harness's server): what an application can reach.
import * as reseed from '../../src';
import { startPostgres, type TestPostgres } from '../support/postgres';

const { bulkLoad, DataSourceManager, exampleConfig, ReseedError, seed, SeedInputError, SkipRestartStrategy, TuningStateStore, withReconnect } = reseed;

let pg: TestPostgres;
let manager: InstanceType<typeof DataSourceManager>;
beforeAll(async () => {
  pg = await startPostgres();
  manager = new DataSourceManager({
    // The example schema's options, pointed at this server: its migrations create the tables.
    dataSourceOptions: { ...reseed.exampleDataSourceOptions({ DATABASE_URL: pg.url }), migrationsRun: true },
  });
  await manager.initialize();
});
afterAll(async () => {
  await manager?.destroy();
  await pg?.dispose();
});

const COUNTS = { users: 40, posts: 80, comments: 80, tags: 10, post_tags: 40, follows: 40 };

it('exports what users need and no internal', () => {
  for (const name of ['seed', 'bulkLoad', 'restoreWithRestart', 'defineConfig', 'defineFactory', 'defineJoinFactory', 'DataSourceManager', 'withReconnect', 'ReseedError', 'SeedInputError', 'SeedAbortedError', 'TuningError', 'RestartError']) {
    expect(reseed, name).toHaveProperty(name);
  }
  for (const internal of ['SeedLedger', 'planSeed', 'openRun', 'loadTable', 'RowGenerator', 'quoteIdent', 'parseAmount', 'applyTuning', 'restartAndVerify', 'PrePingPool', 'resolveDatabase']) {
    expect(reseed, internal).not.toHaveProperty(internal);
  }
});

it('seeds, refuses a resume with nothing to resume (a ReseedError with a code and a hint), and runs a tuned bulk load', async () => {
  const report = await seed({ manager, config: exampleConfig, counts: COUNTS });
  expect(report.totalRows).toBe(290);

  const refused = await seed({ manager, config: exampleConfig, mode: 'resume' }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(SeedInputError);
  expect(refused).toBeInstanceOf(ReseedError);
  expect((refused as InstanceType<typeof SeedInputError>).code).toBe(reseed.SEED_INPUT_ERROR);

  const full = await seed({ manager, config: exampleConfig, counts: COUNTS }).catch((e: unknown) => e);
  expect((full as InstanceType<typeof SeedInputError>).hint).toBe("mode: 'truncate' empties them first (asks; a confirm() that answers yes skips the question), or mode: 'append' adds rows after them");

  const folder = mkdtempSync(path.join(os.tmpdir(), 'reseed-api-'));
  const loaded = await bulkLoad({
    manager,
    config: exampleConfig,
    counts: COUNTS,
    mode: 'truncate',
    confirm: async () => true,
    tuning: { openStore: (runner) => TuningStateStore.forServer(runner, { folder }), profile: 'safe', restart: new SkipRestartStrategy() },
  });
  expect(loaded.profile).toBe('safe');
  expect(loaded.restoreProblems).toEqual([]);
  expect(loaded.report.totalRows).toBe(290);
  const [{ n }] = await withReconnect(manager, (ds) => ds.query('SELECT count(*)::int AS n FROM users'));
  expect(n).toBe(40);
});
