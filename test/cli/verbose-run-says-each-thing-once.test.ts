import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, testDataSourceOptions } from '../seeding/support/seeding-database';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { runCli } from './run-cli';

const SMALL = ['--count', 'users=30', '--count', 'posts=40', '--count', 'comments=40', '--count', 'tags=5', '--count', 'post_tags=20', '--count', 'follows=20'];

describe('the wording of a real run with --verbose', { timeout: 120_000 }, () => {
  let pg: TestPostgres;
  let stateDir: string;
  beforeAll(async () => {
    pg = await startPostgres();
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'reseed-verbose-'));
    await migrate(testDataSourceOptions(pg.url));
  });
  afterAll(async () => {
    await pg?.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('shows the plan without calling the run a dry run, names the database once, and prints each warning once', async () => {
    const r = await runCli([...SMALL, '--verbose', '--tuning', 'safe'], { DATABASE_URL: pg.url, RESEED_STATE_DIR: stateDir });
    expect(r.code, r.stderr).toBe(0);
    const said = r.stdout + r.stderr;
    expect(said).toMatch(/Plan: seed/);
    expect(said).not.toMatch(/Dry run/);
    expect(said.match(/^Database: /gm)).toHaveLength(1);
    const warnings = said.split('\n').filter((l) => l.startsWith('warning: '));
    expect(new Set(warnings).size).toBe(warnings.length);
  });
});
