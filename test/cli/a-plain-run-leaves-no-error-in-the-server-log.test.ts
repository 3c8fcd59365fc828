import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { useServer } from '../support/use-server';
import { runCli } from './run-cli';

const db = useServer({ migrate: true });

/** The ERROR lines the server logged since `from` (a byte offset of its log file). */
function errorsSince(from: number): string[] {
  const log = readFileSync(path.join(db.pg.dataDir!, 'server.log'));
  return log.subarray(from).toString('utf8').split('\n').filter((line) => /\b(ERROR|FATAL):/.test(line));
}

it('a seed, a second seed refused and a restore leave no ERROR in the server log (no probing of missing tables)', { timeout: 180_000 }, async (context) => {
  if (!db.pg.dataDir) return context.skip('the server log is read from the embedded cluster only');
  const from = readFileSync(path.join(db.pg.dataDir, 'server.log')).length;
  const env = { DATABASE_URL: db.pg.url, RESEED_STATE_DIR: path.join(db.pg.dataDir, '..', 'state') };
  const seeded = await runCli([], env);
  expect(seeded.code, seeded.stderr).toBe(0);
  // The tables hold rows now: refused before writing, with one line.
  const again = await runCli([], env);
  expect(again.code).toBe(2);
  const restored = await runCli(['restore'], env);
  expect(restored.code, restored.stderr).toBe(0);
  // The log is live: the one failing statement of the test itself is in it, and nothing of reseed's.
  await expect(db.pg.query('SELECT * FROM reseed_log_probe')).rejects.toThrow(/does not exist/);
  await expect.poll(() => errorsSince(from)).toEqual([expect.stringMatching(/ERROR:\s+relation "reseed_log_probe" does not exist/)]);
});
