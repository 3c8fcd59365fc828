import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreTuning } from '../../src/tuning/restore-tuning';
import { TuningStateStore, tuningStateFileName } from '../../src/tuning/tuning-state-store';
import { readServerIdentity } from '../../src/tuning/server-identity';
import { runCli } from '../cli/run-cli';
import { migrate, testDataSourceOptions } from '../seeding/support/seeding-database';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { captureLogger } from './tuning-test-kit';
import { poolRunner } from '../support/pool-runner';

const OWNER = { user: 'app_owner', password: 'app-owner-secret' };

/** A state as reseed writes it, with whatever entries the planter chose. */
function plantedState(identity: { database: string; systemIdentifier: string | undefined }, entries: Record<string, unknown>) {
  return {
    version: 1,
    key: 'default',
    profile: 'fast',
    database: identity.database,
    systemIdentifier: identity.systemIdentifier,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    settings: [],
    autovacuum: [],
    droppedIndexes: [],
    droppedConstraints: [],
    ...entries,
  };
}

const ESCALATION = { table: 'public.users', name: 'public.ghost_idx', definition: `ALTER ROLE ${OWNER.user} SUPERUSER` };

/**
 * The escalation of issue 13: a database owner without superuser creates
 * reseed_tuning_state with a "dropped index" whose definition is ALTER ROLE
 * ... SUPERUSER; restore or the next seed by a superuser must not run it.
 */
describe('a tuning state planted by another role', { timeout: 180_000 }, () => {
  let pg: TestPostgres;
  let folder: string;
  let systemIdentifier: string;
  const pools: Array<ReturnType<typeof poolRunner>> = [];
  const isSuperuser = async () => (await pg.query<{ s: boolean }>(`SELECT rolsuper AS s FROM pg_roles WHERE rolname = $1`, [OWNER.user]))[0].s;
  const asOwner = (db: string) => {
    const opened = poolRunner(pg.urlFor(db, OWNER.user, OWNER.password));
    pools.push(opened);
    return opened.runner;
  };
  const asSuperuser = (db: string) => {
    const opened = poolRunner(pg.urlFor(db));
    pools.push(opened);
    return opened.runner;
  };
  /** A database owned by app_owner, with the example schema migrated by the superuser and a planted state table. */
  const appDatabase = async (db: string, state: (database: string) => unknown) => {
    await pg.query(`CREATE DATABASE ${db} OWNER ${OWNER.user}`);
    await migrate(testDataSourceOptions(pg.urlFor(db)));
    const owner = asOwner(db);
    await owner.query('CREATE TABLE reseed_tuning_state (key text PRIMARY KEY, state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())');
    await owner.query(`INSERT INTO reseed_tuning_state (key, state) VALUES ('default', $1::jsonb)`, [JSON.stringify(state(db))]);
  };

  beforeAll(async () => {
    pg = await startPostgres();
    await pg.query(`CREATE ROLE ${OWNER.user} LOGIN PASSWORD '${OWNER.password}'`);
    systemIdentifier = (await readServerIdentity(asSuperuser(pg.database))).systemIdentifier;
    folder = mkdtempSync(path.join(os.tmpdir(), 'reseed-planted-'));
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await pg?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is not executed by restore: the table another role owns is ignored, with a warning naming its owner', async () => {
    await appDatabase('app_restore', (database) => plantedState({ database, systemIdentifier }, { droppedIndexes: [ESCALATION] }));
    const logger = captureLogger();
    const runner = asSuperuser('app_restore');
    const store = await TuningStateStore.forServer(runner, { folder: path.join(folder, 'restore'), logger });

    const result = await restoreTuning(runner, { store, logger });

    expect(await isSuperuser()).toBe(false);
    expect(result.nothingToRestore).toBe(true);
    expect(result.indexesRecreated).toEqual([]);
    expect(logger.warns.join('\n')).toMatch(/public\.reseed_tuning_state is owned by role app_owner, not by this role: reseed neither reads nor writes it/);
  });

  it('is not executed by the next `npm run seed` of the superuser, which says why', async () => {
    await appDatabase('app_seed', (database) => plantedState({ database, systemIdentifier }, { droppedIndexes: [ESCALATION] }));
    const result = await runCli(['--count', 'users=20', '--count', 'posts=20', '--count', 'comments=20', '--count', 'tags=5', '--count', 'post_tags=10', '--count', 'follows=10', '--tuning', 'off'], {
      DATABASE_URL: pg.urlFor('app_seed'),
      RESEED_STATE_DIR: path.join(folder, 'seed'),
    });

    expect(result.code, result.stderr).toBe(0);
    expect(await isSuperuser()).toBe(false);
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(/Recreated|previous run left/);
    expect(output).toMatch(/owned by role app_owner, not by this role/);
  });

  it('is not executed without a cluster identity either (the check is never skipped)', async () => {
    await appDatabase('app_noid', (database) => plantedState({ database, systemIdentifier: undefined }, { droppedIndexes: [ESCALATION] }));
    // Even a table the operator owns is refused when its state names no cluster.
    const runner = asSuperuser('app_noid');
    await runner.query(`ALTER TABLE reseed_tuning_state OWNER TO current_user`);
    const logger = captureLogger();
    const store = await TuningStateStore.forServer(runner, { folder: path.join(folder, 'noid'), logger });

    const result = await restoreTuning(runner, { store, logger });

    expect(await isSuperuser()).toBe(false);
    expect(result.nothingToRestore).toBe(true);
    expect(logger.warns.join('\n')).toMatch(/not a reseed tuning state \(it names no cluster/);
  });

  it('is ignored when another role may write to a table the operator owns', async () => {
    await appDatabase('app_granted', (database) => plantedState({ database, systemIdentifier }, { droppedIndexes: [ESCALATION] }));
    const runner = asSuperuser('app_granted');
    await runner.query(`ALTER TABLE reseed_tuning_state OWNER TO current_user`);
    await runner.query(`GRANT INSERT, UPDATE ON reseed_tuning_state TO ${OWNER.user}`);
    const logger = captureLogger();
    const store = await TuningStateStore.forServer(runner, { folder: path.join(folder, 'granted'), logger });

    const result = await restoreTuning(runner, { store, logger });

    expect(await isSuperuser()).toBe(false);
    expect(result.nothingToRestore).toBe(true);
    expect(logger.warns.join('\n')).toMatch(/other roles may write to public\.reseed_tuning_state \(app_owner\)/);
  });

  it('refuses, by name, recorded entries that are not an index or foreign key of their table, and ends clear', async () => {
    await pg.query(`CREATE DATABASE app_file OWNER ${OWNER.user}`);
    await migrate(testDataSourceOptions(pg.urlFor('app_file')));
    const runner = asSuperuser('app_file');
    const identity = await readServerIdentity(runner);
    const dir = path.join(folder, 'file');
    const store = await TuningStateStore.forServer(runner, { folder: dir });
    mkdirSync(dir, { recursive: true });
    // A local state file edited by hand (or by something else): shapes restore must not run.
    writeFileSync(
      path.join(dir, tuningStateFileName(identity)),
      JSON.stringify(
        plantedState(identity, {
          droppedIndexes: [
            ESCALATION,
            { table: 'public.users', name: 'public.ghost2_idx', definition: `CREATE INDEX ghost2_idx ON public.users USING btree (id); ALTER ROLE ${OWNER.user} SUPERUSER` },
            { table: 'public.users; ALTER ROLE x SUPERUSER', name: 'public.ghost3_idx', definition: 'CREATE INDEX ghost3_idx ON public.users USING btree (id)' },
          ],
          droppedConstraints: [{ table: 'public.posts', name: 'ghost_fk', definition: `CHECK (true) NOT VALID; ALTER ROLE ${OWNER.user} SUPERUSER` }],
          autovacuum: [{ table: 'public.users', original: `true); ALTER ROLE ${OWNER.user} SUPERUSER; --` }],
          settings: [],
        }),
      ),
      { mode: 0o600 },
    );
    const logger = captureLogger();

    const result = await restoreTuning(runner, { store: await TuningStateStore.forServer(runner, { folder: dir, logger }), logger });

    expect(await isSuperuser()).toBe(false);
    expect(result.indexesRecreated).toEqual([]);
    expect(result.constraintsRecreated).toEqual([]);
    const problems = result.problems.join('\n');
    expect(problems).toMatch(/index public\.ghost_idx on public\.users: its recorded definition is not a CREATE INDEX ghost_idx on public\.users; refused/);
    expect(problems).toMatch(/index public\.ghost2_idx on public\.users: its recorded definition is not a CREATE INDEX/);
    expect(problems).toMatch(/index public\.ghost3_idx .*is not a schema-qualified table name; refused/);
    expect(problems).toMatch(/foreign key ghost_fk on public\.posts: its recorded definition is not a FOREIGN KEY clause; refused/);
    expect(problems).toMatch(/autovacuum of public\.users: Refused .* is not a value of autovacuum_enabled/);
    expect(await asSuperuser('app_file').query(`SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ghost%'`)).toEqual([]);
    // Refused entries are not kept: the next restore has nothing left.
    expect((await restoreTuning(runner, { store })).nothingToRestore).toBe(true);
  });
});
