import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryUrl } from '../support/postgres';
import { runCli } from './run-cli';
import { useServer } from '../support/use-server';

describe('npm run migration:* through the TypeORM CLI', () => {
  const server = useServer();

  const tables = async () =>
    (await server.pg.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).map((r) => r.t);

  it('migration:run creates the example schema and the ledger', async () => {
    const r = await runCli(['migrate', 'run'], { DATABASE_URL: server.pg.url });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(await tables()).toEqual(expect.arrayContaining(['users', 'posts', 'comments', 'tags', 'post_tags', 'follows', 'reseed_runs', 'migrations']));
  });

  it('migration:generate finds nothing to change: entities and migrations agree', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reseed-gen-'));
    try {
      const r = await runCli(['migrate', 'generate', path.join(dir, 'ShouldNotExist')], { DATABASE_URL: server.pg.url });
      expect(r.stdout + r.stderr).toContain('No changes in database schema were found');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migration:revert undoes the last migration', async () => {
    const r = await runCli(['migrate', 'revert'], { DATABASE_URL: server.pg.url });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const after = await tables();
    // The last migration is the ledger's source step: its column goes, the shard step before it stays.
    const columns = async (name: string) => (await server.pg.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'reseed_runs' AND column_name = $1", [name])).length;
    expect(await columns('source')).toBe(0);
    expect(await columns('shard_count')).toBe(1);
    expect(after).toContain('users');
  });

  it("migrate run --data-source runs the app's migrations where DATABASE_URL points, not where the app's file does", async () => {
    await server.pg.query('CREATE DATABASE blog_elsewhere');
    const url = server.pg.urlFor('blog_elsewhere');
    // examples/app's data source reads BLOG_DATABASE_URL, defaulting to a server that is not there.
    const r = await runCli(['migrate', 'run', '--data-source', 'examples/app/src/data-source.ts'], { DATABASE_URL: url });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const placed = await runCli(['migrate', 'show', '--data-source', 'examples/app/src/data-source.ts'], { DATABASE_URL: url });
    expect(placed.stdout).toMatch(/\[X\] \d+ Blog\d+/);
    const rows = await queryUrl<{ t: string }>(url, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(rows.map((row) => row.t)).toEqual(expect.arrayContaining(['authors', 'articles', 'migrations']));
  });
});
