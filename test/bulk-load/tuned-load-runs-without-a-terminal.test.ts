import { expect, it } from 'vitest';
import { bulkLoad } from '../../src/bulk-load/bulk-load';
import { exampleConfig } from '../../src/factories/example-config';
import { EmbeddedRestartStrategy } from '../../src/restart/embedded-restart-strategy';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { restartSkipReason } from '../support/postgres';
import { integrityProblems, rowCounts } from '../seeding/support/seeding-database';
import { useServer } from '../support/use-server';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const db = useServer({ migrate: true, manager: true });
const COUNTS = { users: 300, posts: 600, comments: 600, tags: 20, post_tags: 300, follows: 300 };

const setting = async (name: string) => (await db.query(`SELECT setting FROM pg_settings WHERE name = '${name}'`))[0].setting as string;
const secondaryIndexes = async () => Number((await db.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%pkey' AND tablename NOT LIKE 'reseed%'`))[0].n);
const foreignKeys = async () => Number((await db.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text NOT LIKE 'reseed%'`))[0].n);

it('tunes (fast: a restart through the embedded strategy), drops and rebuilds indexes and FKs, loads, and restores everything, from a test setup with no terminal', async (context) => {
  if (restartSkipReason(db.pg)) return context.skip(restartSkipReason(db.pg));
  const before = { walLevel: await setting('wal_level'), indexes: await secondaryIndexes(), foreignKeys: await foreignKeys() };
  expect(before.foreignKeys).toBeGreaterThan(0);
  const notes: string[] = [];
  const restarts: string[] = [];
  const seen: { walLevel?: string; foreignKeys?: number } = {};
  const folder = mkdtempSync(path.join(os.tmpdir(), 'reseed-bulk-'));
  let store: TuningStateStore | undefined;
  // What postgresql.auto.conf holds for wal_level when "PostgreSQL must restart" is said: the note comes
  // after the settings are written, so a user who restarts at once restarts into them.
  let writtenAtNote: Promise<unknown> | undefined;

  const result = await bulkLoad({
    manager: db.manager,
    config: exampleConfig,
    counts: COUNTS,
    onProgress: (event) => {
      // Mid-load: the tuned value is in effect and the FKs are gone.
      if (event.type === 'batch' && event.table === 'posts' && seen.walLevel === undefined) {
        seen.walLevel = 'pending';
        void Promise.all([setting('wal_level'), foreignKeys()]).then(([walLevel, fks]) => Object.assign(seen, { walLevel, foreignKeys: fks }));
      }
    },
    tuning: {
      openStore: async (runner) => (store = await TuningStateStore.forServer(runner, { folder })),
      profile: 'fast',
      restart: new EmbeddedRestartStrategy({
        server: {
          restart: async (options) => {
            restarts.push(options?.mode ?? 'default');
            await writtenAtNote;
            return db.pg.restart(options);
          },
        },
      }),
      onNote: (m) => {
        notes.push(m);
        if (m.startsWith('PostgreSQL must restart') && !writtenAtNote) {
          writtenAtNote = db.pg.query(`SELECT setting FROM pg_file_settings WHERE name = 'wal_level' AND sourcefile LIKE '%postgresql.auto.conf'`);
        }
      },
    },
  });

  expect(result.profile).toBe('fast');
  expect(result.restoreProblems).toEqual([]);
  expect(result.report.totalRows).toBe(Object.values(COUNTS).reduce((a, b) => a + b, 0));
  // Once to tune (wal_level = minimal), once to restore.
  expect(restarts).toEqual(['fast', 'fast']);
  expect(seen).toEqual({ walLevel: 'minimal', foreignKeys: 0 });
  expect(await writtenAtNote).toEqual([{ setting: 'minimal' }]);
  expect(notes).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^Tuning fast: .*wal_level/),
      expect.stringMatching(/^PostgreSQL must restart for .*wal_level/),
      expect.stringMatching(/^Restarted; .*wal_level.* now active$/),
      expect.stringMatching(/^Dropped \d+ secondary indexes and \d+ foreign keys for the load/),
      expect.stringMatching(/^Recreated \d+ indexes and \d+ foreign keys$/),
      expect.stringMatching(/^Restored \d+ settings/),
    ]),
  );
  // Everything as it was, with the data complete and consistent.
  expect({ walLevel: await setting('wal_level'), indexes: await secondaryIndexes(), foreignKeys: await foreignKeys() }).toEqual(before);
  expect(await rowCounts(db.query)).toEqual(COUNTS);
  expect(await integrityProblems(db.query)).toEqual([]);
  expect(store?.loadFile()).toBeUndefined();
});
