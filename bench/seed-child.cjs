/**
 * seed() as an app calls the installed package: the compiled library on
 * dist/ (built by the bench first), plain node, no tsx, the example config
 * compiled with it. Run by bench/run.ts on a database it has migrated and
 * emptied. Environment: DATABASE_URL, SEED (the plan's seed), SEED_WRITER
 * (copy | repository), SEED_WORKERS (0 = the main thread), SEED_STREAMS.
 * Prints one JSON line: {"rows","ms"}, ms around seed() alone (pool start
 * included, process start and connecting not).
 */
'use strict';
require('reflect-metadata');
const reseed = require('../dist/src/index.js');
const { exampleConfig } = require('../dist/src/factories/example-config.js');
const { exampleConfigPath } = require('../dist/src/factories/example-config-path.js');

async function main() {
  const env = process.env;
  const workers = Number(env.SEED_WORKERS);
  const manager = new reseed.DataSourceManager({ dataSourceOptions: { type: 'postgres', url: env.DATABASE_URL, entities: exampleConfig.entities } });
  await manager.initialize();
  try {
    const started = performance.now();
    const report = await reseed.seed({
      config: exampleConfig,
      manager,
      preset: 'medium',
      seed: Number(env.SEED),
      writer: env.SEED_WRITER === 'repository' ? new reseed.RepositoryBatchWriter() : new reseed.CopyBatchWriter(),
      batches: workers > 0 ? reseed.generationWorkers({ workers, configPath: exampleConfigPath() }) : undefined,
      streams: Number(env.SEED_STREAMS),
    });
    process.stdout.write(`${JSON.stringify({ rows: report.totalRows, ms: performance.now() - started })}\n`);
  } finally {
    await manager.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || error}\n`);
  process.exitCode = 1;
});
