import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/restart/restart-command-hint';
import { findPostgresBinaries, serverCommand } from '../../src/server/postgres-binaries';
import { integrityProblems, rowCounts, migratedDatabase } from '../seeding/support/seeding-database';
import { queryUrl, restartSkipReason } from '../support/postgres';
import { startCli } from './run-cli';
import { waitFor } from '../support/wait-for';
import { useServer } from '../support/use-server';

const COUNTS = ['--count', 'users=300', '--count', 'posts=300', '--count', 'comments=300', '--count', 'tags=10', '--count', 'post_tags=200', '--count', 'follows=200'];
const TUNED = ['wal_level', 'max_wal_senders', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout'];

/**
 * A fault while the indexes and foreign keys are rebuilt after a tuned load,
 * or while the settings are restored: the rebuild and the restore go through
 * the load's reconnect path, finish, and leave the server as it was.
 */
describe('the rebuild and restore after a tuned load', { timeout: 300_000 }, () => {
  const ctx = useServer();
  // A connection of its own per statement, with an error listener: the polls run across the load's own restart.
  const query = (db: string, sql: string) => queryUrl(ctx.pg.urlFor(db), sql);
  const settings = async () =>
    Object.fromEntries((await ctx.pg.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [TUNED])).map((r) => [r.name, r.setting]));
  const schemaObjects = async (db: string) =>
    (await query(db, `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'reseed_tuning_state'
                      UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                       WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'reseed_tuning_state' ORDER BY 1`)).map((r) => r.d as string);
  /** A database whose rebuild takes seconds: an expression index that sleeps per row. */
  const slowDatabase = async (db: string) => {
    await migratedDatabase(ctx.pg, db);
    await query(db, `CREATE FUNCTION slow_id(v int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM pg_sleep(0.005); RETURN v; END $$`);
    await query(db, `CREATE INDEX idx_comments_slow ON comments ((slow_id(id)))`);
  };
  /** Waits until the slow index is being built, then resolves. */
  const rebuildStarted = (db: string) =>
    waitFor(
      'the rebuild of idx_comments_slow to start',
      async () => (await query(db, `SELECT 1 FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX idx_comments_slow%' AND state = 'active'`)).length > 0,
      { timeoutMs: 120_000, everyMs: 100 },
    );

  const faults: Array<[string, () => Promise<void>]> = [
    ['a fast restart', () => ctx.pg.restart({ mode: 'fast' })],
    ['an immediate shutdown', () => ctx.pg.restart({ mode: 'immediate' })],
    ['a SIGKILLed postmaster', async () => {
      await ctx.pg.kill();
      await new Promise((r) => setTimeout(r, 1_000));
      await ctx.pg.start();
    }],
  ];

  for (const [name, fault] of faults) {
    it(`survives ${name} during the index rebuild, finishes it, and restores every setting`, async ({ skip }) => {
      const why = restartSkipReason(ctx.pg);
      if (why) skip(why);
      const db = `rebuild_${name.replace(/\W+/g, '_').toLowerCase()}`;
      await slowDatabase(db);
      const before = { settings: await settings(), objects: await schemaObjects(db) };
      const [cmd, args] = serverCommand(findPostgresBinaries(), 'pg_ctl', ['restart', '-D', ctx.pg.dataDir!, '-m', 'fast', '-w']);
      const run = startCli([...COUNTS, '--tuning', 'fast', '--restart-command', [cmd, ...args].map(shellQuote).join(' ')], {
        DATABASE_URL: ctx.pg.urlFor(db),
        RESEED_STATE_DIR: path.join(ctx.tmp.dir, db),
      }, { timeoutMs: 240_000 });

      await rebuildStarted(db);
      await fault();
      const result = await run.result;

      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout + result.stderr).not.toMatch(/could not recreate/);
      expect(await rowCounts((sql) => query(db, sql))).toEqual({ users: 300, posts: 300, comments: 300, tags: 10, post_tags: 200, follows: 200 });
      expect(await integrityProblems((sql) => query(db, sql))).toEqual([]);
      expect(await schemaObjects(db)).toEqual(before.objects);
      expect(await settings()).toEqual(before.settings);
    });
  }
});
