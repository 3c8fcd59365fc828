import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';
import { useServer } from '../support/use-server';

const SMALL = ['--count', 'users=30', '--count', 'posts=40', '--count', 'comments=40', '--count', 'tags=5', '--count', 'post_tags=20', '--count', 'follows=20'];

describe('the wording of a real run with --verbose', { timeout: 120_000 }, () => {
  const server = useServer({ migrate: true });

  it('shows the plan without calling the run a dry run, names the database once, and prints each warning once', async () => {
    const r = await runCli([...SMALL, '--verbose', '--tuning', 'safe'], { DATABASE_URL: server.pg.url, RESEED_STATE_DIR: server.tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const said = r.stdout + r.stderr;
    expect(said).toMatch(/Plan: seed/);
    expect(said).not.toMatch(/Dry run/);
    expect(said.match(/^Database: /gm)).toHaveLength(1);
    const warnings = said.split('\n').filter((l) => l.startsWith('warning: '));
    expect(new Set(warnings).size).toBe(warnings.length);
  });
});
