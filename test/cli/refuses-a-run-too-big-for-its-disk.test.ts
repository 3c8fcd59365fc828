import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';
import { useServer } from '../support/use-server';

describe('a run estimated larger than reseed will load without --force', { timeout: 120_000 }, () => {
  const server = useServer({ migrate: true });

  it('--count users=1000000000000 is refused with one line before a row is written, exit 2', async () => {
    const r = await runCli(['--count', 'users=1000000000000', '--count', 'posts=0', '--count', 'comments=0', '--count', 'tags=0', '--count', 'post_tags=0', '--count', 'follows=0'], {
      DATABASE_URL: server.pg.url,
      RESEED_STATE_DIR: server.tmp.dir,
    });
    expect(r.code, r.stderr).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('reseed:'));
    expect(errors).toEqual([expect.stringMatching(/this run would write about [\d.]+ [TPE]B \(1,000,000,000,000 rows\), more than 1\.0 TB, .*--force.*; nothing was written/)]);
    expect(await server.pg.query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }]);
    expect(await server.pg.query('SELECT count(*)::int AS n FROM reseed_runs')).toEqual([{ n: 0 }]);
  });
});
