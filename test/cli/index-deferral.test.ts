import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrityProblems, tableChecksums, migratedDatabase } from '../seeding/support/seeding-database';
import { queryUrl } from '../support/postgres';
import { runCli } from './run-cli';
import { useServer } from '../support/use-server';

const COUNTS = ['--count', 'users=200', '--count', 'posts=500', '--count', 'comments=900', '--count', 'tags=20', '--count', 'post_tags=400', '--count', 'follows=300'];

/** `--defer-indexes`: secondary indexes and FKs dropped for the load and rebuilt, with no tuning and no restart. */
describe('index and FK deferral without tuning', { timeout: 180_000 }, () => {
  const server = useServer();
  const query = (db: string) => (sql: string) => queryUrl(server.pg.urlFor(db), sql);
  const schemaObjects = async (db: string) =>
    (await query(db)(
      `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
    ))
      .map((r) => r.def as string)
      .filter((def) => !def.includes('reseed_tuning_state'));
  const freshDatabase = (db: string) => migratedDatabase(server.pg, db);
  const cli = (db: string, args: string[]) =>
    runCli([...COUNTS, '--tuning', 'off', ...args], { DATABASE_URL: server.pg.urlFor(db), RESEED_STATE_DIR: path.join(server.tmp.dir, db) }, { timeoutMs: 120_000 });

  it('drops and rebuilds secondary indexes and FKs with --defer-indexes on, no restart, same data and schema as without', async () => {
    await freshDatabase('kept');
    const kept = await cli('kept', ['--defer-indexes', 'off']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).not.toMatch(/Dropped \d+ secondary indexes/);

    await freshDatabase('deferred');
    const before = await schemaObjects('deferred');
    const deferred = await cli('deferred', ['--defer-indexes', 'on']);
    expect(deferred.code, deferred.stderr).toBe(0);
    expect(deferred.stderr).toMatch(/Dropped [1-9]\d* secondary indexes and [1-9]\d* foreign keys for the load \(--defer-indexes on; recorded, recreated afterwards\)/);
    expect(deferred.stderr).toMatch(/Recreated \d+ indexes and \d+ foreign keys/);
    expect(deferred.stderr).not.toMatch(/restart/i);
    expect(await schemaObjects('deferred')).toEqual(before);
    expect(await integrityProblems(query('deferred'))).toEqual([]);
    expect(await tableChecksums(query('deferred'))).toEqual(await tableChecksums(query('kept')));
    // Nothing left on record for `reseed restore`.
    expect(await query('deferred')(`SELECT count(*)::int AS n FROM reseed_tuning_state`)).toEqual([{ n: 0 }]);
  });

  it('keeps them by default for a small load', async () => {
    await freshDatabase('small');
    const r = await cli('small', []);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Dropped \d+ secondary indexes/);
  });
});
