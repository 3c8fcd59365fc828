import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { readServerIdentity } from '../../src/tuning/server-identity';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { emptyTuningState } from '../../src/tuning/tuning-state';
import { runCli } from '../cli/run-cli';
import { EXAMPLE_TABLES, migrate, testDataSourceOptions } from '../seeding/support/seeding-database';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { captureLogger, schemaSnapshot } from './tuning-test-kit';
import { poolRunner } from '../support/pool-runner';

const DML = { user: 'dml_only', password: 'dml-secret' };
const COUNTS = ['--count', 'users=40', '--count', 'posts=60', '--count', 'comments=80', '--count', 'tags=8', '--count', 'post_tags=30', '--count', 'follows=30'];

/**
 * A role with SELECT/INSERT/UPDATE/DELETE only and tuning on: every change it
 * may not make is a warning, never a record, and restore ends clear.
 */
describe('tuning with a role that owns nothing', { timeout: 180_000 }, () => {
  let pg: TestPostgres;
  let folder: string;
  const pools: Array<ReturnType<typeof poolRunner>> = [];
  const runner = (db: string) => {
    const opened = poolRunner(pg.urlFor(db, DML.user, DML.password));
    pools.push(opened);
    return opened.runner;
  };
  const dmlDatabase = async (db: string) => {
    await pg.query(`CREATE DATABASE ${db}`);
    await migrate(testDataSourceOptions(pg.urlFor(db)));
    const admin = poolRunner(pg.urlFor(db));
    pools.push(admin);
    await admin.runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${DML.user}`);
    await admin.runner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${DML.user}`);
    await admin.runner.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  };

  beforeAll(async () => {
    pg = await startPostgres();
    await pg.query(`CREATE ROLE ${DML.user} LOGIN PASSWORD '${DML.password}'`);
    folder = mkdtempSync(path.join(os.tmpdir(), 'reseed-dml-'));
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await pg?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('records no autovacuum change it could not make, warns once per table, and restore ends clear', async () => {
    await dmlDatabase('lib');
    const db = runner('lib');
    const logger = captureLogger();
    const store = await TuningStateStore.forServer(db, { folder: path.join(folder, 'lib'), logger });

    const result = await applyTuning(db, { profile: TUNING_PROFILES.safe, store, tables: EXAMPLE_TABLES, logger });

    expect(result.autovacuumOff).toEqual([]);
    expect(result.warnings.filter((w) => /Could not turn autovacuum off on .*must be owner/.test(w))).toHaveLength(EXAMPLE_TABLES.length);
    expect(store.loadFile()?.autovacuum).toEqual([]);
    expect(store.loadFile()?.settings.filter((s) => s.scope !== 'session')).toEqual([]);

    const restored = await restoreTuning(db, { store, logger });
    expect(restored.problems).toEqual([]);
    expect(store.loadFile()).toBeUndefined();
    expect((await restoreTuning(db, { store })).nothingToRestore).toBe(true);
  });

  it('restore ends clear after a crash between recording a change and making it', async () => {
    await dmlDatabase('crashed');
    const db = runner('crashed');
    const before = await schemaSnapshot({ ...pg, query: (sql: string) => poolRunner(pg.urlFor('crashed')).runner.query(sql) } as unknown as TestPostgres);
    const store = await TuningStateStore.forServer(db, { folder: path.join(folder, 'crashed') });
    // What an older reseed (or a crash right after the record) leaves: intents, none carried out.
    const state = emptyTuningState(store.key, 'safe', await readServerIdentity(db));
    state.autovacuum = EXAMPLE_TABLES.map((t) => ({ table: `public.${t}`, original: null }));
    state.settings = [
      { name: 'max_wal_size', scope: 'reload', context: 'sighup', original: '1GB', source: 'default', bootVal: '1024', resetVal: '1024', inAutoConf: false, autoConfValue: null, target: '8GB', applied: false },
    ];
    await store.save(undefined, state);

    const restored = await restoreTuning(db, { store });

    expect(restored.problems).toEqual([]);
    expect(store.loadFile()).toBeUndefined();
    const after = await schemaSnapshot({ ...pg, query: (sql: string) => poolRunner(pg.urlFor('crashed')).runner.query(sql) } as unknown as TestPostgres);
    expect(after).toEqual(before);
  });

  it('`npm run seed -- --tuning safe` warns, loads, and leaves nothing for restore', async () => {
    await dmlDatabase('cli');
    const env = { DATABASE_URL: pg.urlFor('cli', DML.user, DML.password), RESEED_STATE_DIR: path.join(folder, 'cli') };

    const seeded = await runCli([...COUNTS, '--tuning', 'safe'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout + seeded.stderr).toMatch(/warning: Could not turn autovacuum off on public\.users: must be owner/);
    expect(readdirSync(env.RESEED_STATE_DIR).filter((f) => f.startsWith('tuning-state'))).toEqual([]);

    const restore = await runCli(['restore'], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Nothing to restore/);
    expect(seeded.stdout + seeded.stderr).not.toMatch(/Restored 0 settings/);
    expect((seeded.stdout + seeded.stderr).match(/Could not turn autovacuum off on public\.users/g)).toHaveLength(1);
  });
});
