import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import { SeedAbortedError } from '../../src/seeding/seed-aborted-error';
import { SeedInputError } from '../../src/seeding/seed-input-error';
import { useServer } from '../support/use-server';

const COUNTS = { users: 100, posts: 100, comments: 100, tags: 10, post_tags: 50, follows: 40 };
const db = useServer({ migrate: true, manager: true });

it('refuses to resume a run whose ledger targets differ from its plan, instead of finishing over and over', async () => {
  const controller = new AbortController();
  const stopped = await seed({
    config: exampleConfig,
    manager: db.manager,
    counts: COUNTS,
    batchSize: 50,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.type === 'batch') controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(stopped).toBeInstanceOf(SeedAbortedError);
  // A ledger that wants more follows than the plan loads: completeRun would find it short after every round.
  await db.query(`UPDATE reseed_run_tables SET target_rows = target_rows + 10 WHERE table_name = 'follows'`);
  const error = await seed({ config: exampleConfig, manager: db.manager, mode: 'resume', signal: AbortSignal.timeout(20_000) }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SeedInputError);
  expect((error as Error).message).toMatch(/the ledger of run .* \(.*follows=50\) does not match its plan \(.*follows=40\); mode: 'truncate' discards it/);
  // Nothing was loaded past the first batch.
  expect(await db.query(`SELECT count(*)::int AS n FROM users`)).toEqual([{ n: 50 }]);
});
