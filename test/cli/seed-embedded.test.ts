import { readdirSync } from 'node:fs';
import path from 'node:path';
import { queryUrl } from '../support/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { accepts, embeddedDataDir } from './embedded-data-dir';
import { runCli } from './run-cli';

const cluster = embeddedDataDir('reseed-cli-');
const env = { RESEED_DATA_DIR: cluster.dataDir };
/** Every migration of the example schema, reseed's ledger steps included. */
const MIGRATIONS = readdirSync(path.resolve(__dirname, '../../migrations')).filter((f) => /^\d+-.*\.ts$/.test(f)).length;

/** Row counts through a server we start again for the check (the CLI stops it on exit). */
async function countRows(): Promise<Record<string, number>> {
  const { LocalPostgres } = await import('../../src/server/local-postgres');
  const server = await LocalPostgres.open({ dataDir: env.RESEED_DATA_DIR });
  try {
    const rows = await queryUrl(server.url,
      `SELECT 'users' t, count(*)::int n FROM users UNION ALL SELECT 'posts', count(*)::int FROM posts UNION ALL
       SELECT 'comments', count(*)::int FROM comments UNION ALL SELECT 'follows', count(*)::int FROM follows`,
    );
    return Object.fromEntries(rows.map((r) => [r.t, r.n]));
  } finally {
    await server.stop();
  }
}

describe('npm run seed without DATABASE_URL', { timeout: 120_000 }, () => {
  afterAll(() => cluster.remove());

  it('creates the embedded server, migrates, seeds, prints row counts and stops the server', async () => {
    const r = await runCli(['--count', 'users=50', '--count', 'posts=120', '--count', 'comments=300', '--count', 'follows=90'], env);
    expect(r.stderr).toContain('Creating the embedded PostgreSQL');
    expect(MIGRATIONS).toBeGreaterThanOrEqual(4);
    expect(r.stderr).toContain(`Applied ${MIGRATIONS} migration(s)`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Seeded [\d,]+ rows/);
    expect(r.stdout).toMatch(/users\s+50\b/);
    expect(r.stdout).toMatch(/comments\s+300\b/);
    expect(r.stdout).toContain('postgres://postgres:****@127.0.0.1:');
    expect(r.stdout + r.stderr).not.toContain('postgres:postgres@');
    expect(await accepts(cluster.port())).toBe(false);
    expect(await countRows()).toMatchObject({ users: 50, posts: 120, comments: 300, follows: 90 });
  });

  it('refuses to mix with rows already there, exit 2, nothing written', async () => {
    const r = await runCli(['--count', 'users=60'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already hold rows .*--truncate.*--append/);
    expect(await countRows()).toMatchObject({ users: 50, posts: 120 });
  });

  it('rejects bad options with one line and exit 2, writing nothing', async () => {
    for (const args of [['--count', 'users=-3'], ['--preset', 'gigantic'], ['--count', 'nosuchtable=3'], ['--batch-size', 'x']]) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('reseed:'))).toHaveLength(1);
    }
    expect(await countRows()).toMatchObject({ users: 50, posts: 120 });
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const r = await runCli(['--dry-run', '--preset', 'medium'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Plan: seed 1, preset medium/);
    expect(r.stdout).toContain('Dry run: nothing was written.');
    expect(await countRows()).toMatchObject({ users: 50, posts: 120 });
  });

  it('--truncate --yes replaces the rows', async () => {
    const r = await runCli(['--truncate', '--yes', '--count', 'users=70', '--count', 'posts=10', '--count', 'comments=10', '--count', 'follows=10'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(await countRows()).toMatchObject({ users: 70, posts: 10, comments: 10, follows: 10 });
  });
});
