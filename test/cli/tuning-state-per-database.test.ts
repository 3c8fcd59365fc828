import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, testDataSourceOptions } from '../seeding/support/seeding-database';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { runCli } from './run-cli';

const SMALL = ['--count', 'users=30', '--count', 'posts=40', '--count', 'comments=40', '--count', 'tags=5', '--count', 'post_tags=20', '--count', 'follows=20'];
const RELOADED = ['checkpoint_timeout', 'max_wal_size'];

/** One project folder, two databases of one cluster: a pending tuning of one never blocks or undoes the other. */
describe('tuning state kept per (cluster, database)', { timeout: 240_000 }, () => {
  let pg: TestPostgres;
  let stateDir: string;
  const cli = (db: string, args: string[]) => runCli(args, { DATABASE_URL: pg.urlFor(db), RESEED_STATE_DIR: stateDir }, { timeoutMs: 120_000 });
  const settings = async () =>
    Object.fromEntries((await pg.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [RELOADED])).map((r) => [r.name, r.setting]));

  beforeAll(async () => {
    pg = await startPostgres();
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'reseed-per-db-'));
    for (const db of ['first', 'second']) {
      await pg.query(`CREATE DATABASE ${db}`);
      await migrate(testDataSourceOptions(pg.urlFor(db)));
    }
  });
  afterAll(async () => {
    await pg?.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('runs against another database while one waits for its restart, and each restore puts back only its own', async () => {
    const before = await settings();
    const pending = await cli('first', [...SMALL, '--tuning', 'fast', '--restart', 'exit']);
    expect(pending.code, pending.stderr).toBe(75);
    const tuned = await settings();
    expect(tuned).not.toEqual(before);
    expect(readdirSync(stateDir).filter((f) => f.startsWith('tuning-state-'))).toEqual([expect.stringMatching(/^tuning-state-\d+-first\.json$/)]);

    // A small untuned run against the other database is not refused.
    const small = await cli('second', SMALL);
    expect(small.code, small.stderr).toBe(0);
    expect(small.stdout + small.stderr).not.toMatch(/recorded for database|previous run left/);

    // A tuned run there shares the cluster's settings: its restore leaves what the first database's pending run still needs.
    const tunedToo = await cli('second', [...SMALL, '--truncate', '--yes', '--tuning', 'safe']);
    expect(tunedToo.code, tunedToo.stderr).toBe(0);
    expect(await settings()).toEqual(tuned);
    expect(readdirSync(stateDir).filter((f) => f.startsWith('tuning-state-'))).toEqual([expect.stringMatching(/-first\.json$/)]);

    // The first database's restore puts the originals back, not the values the second run saw.
    const restore = await cli('first', ['restore']);
    expect(restore.code, restore.stderr).toBe(0);
    expect(await settings()).toEqual(before);
    expect(readdirSync(stateDir).filter((f) => f.startsWith('tuning-state-'))).toEqual([]);
  });
});
