import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useServer } from '../support/use-server';
import { runCli } from './run-cli';

const ROOT = path.resolve(__dirname, '..', '..');
const db = useServer({ migrate: true });
let app: string;
let env: NodeJS.ProcessEnv;

/** The users factory, in a file of its own; with `duplicateAt`, that row repeats row 1's email (a unique violation when its batch is written). */
function writeFactory(duplicateAt: number | undefined): void {
  writeFileSync(
    path.join(app, 'seeds', 'users.factory.ts'),
    `import type { FactoryContext } from ${JSON.stringify(path.join(ROOT, 'src', 'index'))};
export function userFields(ctx: FactoryContext) {
  const n = ctx.index + 1;
  return { id: n, email: 'user' + (ctx.index === ${duplicateAt ?? -1} ? 1 : n) + '@example.com', username: 'user' + n, displayName: ctx.faker.person.fullName() };
}
`,
  );
}

beforeAll(() => {
  app = mkdtempSync(path.join(os.tmpdir(), 'reseed-source-'));
  mkdirSync(path.join(app, 'seeds'));
  writeFileSync(
    path.join(app, 'seeds', 'users.config.ts'),
    // The example schema with users from the factory above: the same tables, columns and versions as the example config.
    `import { defineConfig, defineFactory } from ${JSON.stringify(path.join(ROOT, 'src', 'index'))};
import { exampleConfig } from ${JSON.stringify(path.join(ROOT, 'src', 'factories', 'example-config'))};
import { User } from ${JSON.stringify(path.join(ROOT, 'src', 'entities', 'user'))};
import { userFields } from './users.factory';
export default defineConfig({ ...exampleConfig, factories: exampleConfig.factories!.map((f) => (f.entity === User ? defineFactory(User, userFields) : f)) });
`,
  );
  writeFactory(1500);
  env = { DATABASE_URL: db.pg.url, RESEED_STATE_DIR: path.join(app, '.reseed') };
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

const users = async () => (await db.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0]!.n;
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('reseed:'));

it('names the config a run was started with when --resume comes without it, and says which file changed before it resumes edited code', { timeout: 180_000 }, async () => {
  const start = ['--config', 'seeds/users.config.ts', '--count', 'users=3000', ...['posts', 'comments', 'tags', 'post_tags', 'follows'].flatMap((t) => ['--count', `${t}=0`]), '--batch-size', '500'];
  const failed = await runCli(start, env, { cwd: app });
  expect(failed.code, failed.stderr).not.toBe(0);
  expect(failed.stderr).toMatch(/unique violation in users.*rows 1501-2000/);
  expect(await users()).toBe(1500);

  // Without the config: the example config has the same shape (so the same config hash) but other factories;
  // the message names the config that continues the run.
  const bare = await runCli(['--resume'], env, { cwd: app });
  expect(bare.code, bare.stderr).toBe(2);
  expect(errorLines(bare.stderr)).toEqual([
    expect.stringMatching(/was started with --config seeds\/users\.config\.ts, this run with reseed's example schema \(no --config\); --resume with --config seeds\/users\.config\.ts continues it, or --truncate/),
  ]);
  expect(await users()).toBe(1500);

  // The factory fixed: a plain run does not resume edited code without being told, and names the file.
  writeFactory(undefined);
  const plain = await runCli(start, env, { cwd: app });
  expect(plain.code, plain.stderr).toBe(2);
  expect(errorLines(plain.stderr)).toEqual([expect.stringMatching(/^reseed: an unfinished run .* exists, and users\.factory\.ts changed since run [0-9a-f-]+ started/)]);
  expect(plain.stderr).toMatch(/--resume continues it with the new code, or --truncate discards it/);
  expect(await users()).toBe(1500);

  // --resume with the config: continues with the new code, and says so.
  const resumed = await runCli(['--resume', '--config', 'seeds/users.config.ts'], env, { cwd: app });
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stderr).toMatch(/users\.factory\.ts changed since run [0-9a-f-]+ started: the rows loaded before came from the old code/);
  expect(await users()).toBe(3000);
  expect(await db.pg.query('SELECT status, source->>\'label\' AS label FROM reseed_runs')).toEqual([{ status: 'done', label: '--config seeds/users.config.ts' }]);
});
