import path from 'node:path';
import { loadUserModule } from './load-user-module';
import type { ReseedConfig } from '../seeding/reseed-config';
import { SeedInputError } from '../seeding/seed-input-error';

/** File names the CLI looks for in the project folder when no --config is given, in this order. */
export const CONFIG_FILE_NAMES = ['reseed.config.ts', 'reseed.config.mts', 'reseed.config.cts', 'reseed.config.js', 'reseed.config.mjs', 'reseed.config.cjs'] as const;

const EXPECTED = 'expected `export default defineConfig({ dataSource?, entities?, factories?, presets? })`';

/**
 * Loads a reseed.config (.ts through the app's TypeScript, with decorator
 * metadata; .js, .mjs, .cjs as Node loads them) by path: its default export,
 * or a named `config` export, checked for shape. A `dataSource` path is made
 * absolute, relative to the config file. Throws SeedInputError naming the
 * file and what is accepted.
 */
export async function loadConfig(configPath: string): Promise<ReseedConfig> {
  const absolute = path.resolve(configPath);
  const mod = (await loadUserModule(absolute, 'config')) as { default?: unknown; config?: unknown };
  let config = mod.default ?? mod.config;
  // A CommonJS build of an ES module may wrap the default export once more.
  if (config && typeof config === 'object' && 'default' in config && !('entities' in config) && !('dataSource' in config)) {
    config = (config as { default: unknown }).default;
  }
  const checked = checkConfigShape(config, absolute);
  if (typeof checked.dataSource === 'string') return { ...checked, dataSource: path.resolve(path.dirname(absolute), checked.dataSource) };
  return checked;
}

function checkConfigShape(config: unknown, source: string): ReseedConfig {
  if (!config || typeof config !== 'object') throw new SeedInputError(`${source} exports no config (${EXPECTED})`);
  const { entities, factories, presets, dataSource } = config as ReseedConfig;
  if (entities !== undefined && (!Array.isArray(entities) || entities.length === 0)) {
    throw new SeedInputError(`${source}: "entities" must be a non-empty array, or left out to seed every entity of the data source (${EXPECTED})`);
  }
  if (factories !== undefined && !Array.isArray(factories)) throw new SeedInputError(`${source}: "factories" must be an array (${EXPECTED})`);
  for (const [i, factory] of (factories ?? []).entries()) {
    if (!factory || typeof factory.build !== 'function' || !factory.entity) {
      throw new SeedInputError(`${source}: factories[${i}] is not a factory (make it with defineFactory(Entity, build))`);
    }
  }
  const { prepare } = config as Partial<ReseedConfig>;
  if (prepare !== undefined && typeof prepare !== 'function') throw new SeedInputError(`${source}: "prepare" must be a function returning an object (or a promise of one)`);
  if (presets !== undefined && (typeof presets !== 'object' || presets === null)) {
    throw new SeedInputError(`${source}: "presets" must map preset names to { table: rows }`);
  }
  if (dataSource !== undefined && typeof dataSource !== 'string' && (typeof dataSource !== 'object' || dataSource === null)) {
    throw new SeedInputError(`${source}: "dataSource" must be a path to the data-source file, a DataSource or its options`);
  }
  return config as ReseedConfig;
}
