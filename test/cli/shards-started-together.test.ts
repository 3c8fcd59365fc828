import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { migrate, openManager, tableChecksums, testDataSourceOptions } from '../seeding/support/seeding-database';
import { runCli, startCli } from './run-cli';
import { useServer } from '../support/use-server';

const COUNTS = { users: 90, posts: 250, comments: 500, tags: 20, post_tags: 300, follows: 240 };
const ARGS = ['--seed', '9', '--batch-size', '40', ...Object.entries(COUNTS).flatMap(([t, n]) => ['--count', `${t}=${n}`])];

const server = useServer();

async function database(name: string): Promise<string> {
  await server.pg.query(`CREATE DATABASE ${name}`);
  const url = server.pg.urlFor(name);
  await migrate(testDataSourceOptions(url));
  return url;
}

async function checksums(url: string): Promise<Record<string, string>> {
  const manager = await openManager(testDataSourceOptions(url));
  try {
    return await tableChecksums((sql) => manager.dataSource.query(sql));
  } finally {
    await manager.destroy();
  }
}

it('three `reseed --shard K/3` processes started together write the checksums of one process', { timeout: 180_000 }, async () => {
  const single = await database('one_process');
  const sharded = await database('three_processes');
  const one = await runCli(ARGS, { DATABASE_URL: single });
  expect(one.code, one.stderr).toBe(0);
  const shards = [1, 2, 3].map((k) => startCli([...ARGS, '--shard', `${k}/3`], { DATABASE_URL: sharded }, { timeoutMs: 120_000 }).result);
  const results = await Promise.all(shards);
  for (const result of results) expect(result.code, result.stderr).toBe(0);
  expect(results.map((r) => /shard (\d)\/3 done/.exec(r.stderr)?.[1]).sort()).toEqual(['1', '2', '3']);
  expect(await checksums(sharded)).toEqual(await checksums(single));
});

it.for([
  ['--shard 3/2', ['--shard', '3/2'], /^reseed: --shard "3\/2" is not valid: expected K\/N with 1 <= K <= N/],
  ['--shard 0/0', ['--shard', '0/0'], /^reseed: --shard "0\/0" is not valid: expected K\/N with 1 <= K <= N/],
  ['--shard with --truncate', ['--shard', '1/2', '--truncate'], /^reseed: --shard cannot be combined with --truncate/],
] as const)('refuses %s: one line, exit 2', async ([, args, message]) => {
  const result = await runCli([...args], { DATABASE_URL: server.pg.url });
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr.trim()).toMatch(message);
});

it('refuses a shard count other than the unfinished run\'s: one line, exit 2, nothing written', async () => {
  const url = await database('other_count');
  const manager = await openManager(testDataSourceOptions(url));
  try {
    const abort = new AbortController();
    await seed({ manager, config: exampleConfig, counts: COUNTS, seed: 9, batchSize: 40, shard: { index: 1, count: 2 }, signal: abort.signal, onProgress: (e) => e.type === 'batch' && abort.abort() }).catch(() => undefined);
    const before = await tableChecksums((sql) => manager.dataSource.query(sql));
    const result = await runCli([...ARGS, '--shard', '2/3'], { DATABASE_URL: url });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('reseed:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/is split into 2 shards: it cannot be loaded with --shard 2\/3; load its shards with --shard K\/2/);
    expect(await tableChecksums((sql) => manager.dataSource.query(sql))).toEqual(before);
  } finally {
    await manager.destroy();
  }
});
