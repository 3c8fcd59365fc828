/**
 * Seeds the zoo in a child process for the kill-and-resume test; run with
 * reseed's TypeScript loader, which emits decorator metadata (tsx does not). Input from the
 * environment: RESEED_CHILD_URL, RESEED_CHILD_SEED, RESEED_CHILD_BATCH.
 * Prints one "batch <table> <done>" line per committed batch.
 */
import 'reflect-metadata';
import { seed } from '../../../src/seeding/seed';
import { openManager } from '../support/seeding-database';
import { partialConfig, ZOO_COUNTS } from './zoo-configs';
import { zooDataSourceOptions } from './zoo-data-source';

async function main(): Promise<void> {
  const manager = await openManager(zooDataSourceOptions(process.env.RESEED_CHILD_URL!));
  try {
    await seed({
      manager,
      config: partialConfig,
      counts: ZOO_COUNTS,
      seed: Number(process.env.RESEED_CHILD_SEED),
      batchSize: Number(process.env.RESEED_CHILD_BATCH),
      onProgress: (event) => {
        if (event.type === 'batch') process.stdout.write(`batch ${event.table} ${event.done}\n`);
      },
    });
    process.stdout.write('finished\n');
  } finally {
    await manager.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
