import { exampleConfigPath } from '../../../src/factories/example-config-path';
import type { BatchSourceOpener } from '../../../src/seeding/batch-source';
import { generationWorkers } from '../../../src/loading/workers/generation-workers';

/** seed()'s `batches` for `count` generation workers on the example schema (0: the main thread). */
export function exampleWorkers(count: number): BatchSourceOpener {
  return generationWorkers({ workers: count, configPath: exampleConfigPath() });
}
