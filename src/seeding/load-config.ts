import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ReseedConfig } from './reseed-config';
import { SeedInputError } from './seed-input-error';

/**
 * Loads a reseed.config.ts (or .js) by path: its default export, or a named
 * `config` export, checked for shape. Runs under tsx or ts-node, which
 * compile the TypeScript file on require. Throws SeedInputError naming the
 * file and the problem.
 */
export async function loadConfig(configPath: string): Promise<ReseedConfig> {
  const absolute = path.resolve(configPath);
  if (!existsSync(absolute)) throw new SeedInputError(`config file not found: ${absolute}`);
  let loaded: unknown;
  try {
    loaded = await import(absolute);
  } catch (error) {
    throw new SeedInputError(`cannot load config ${absolute}: ${(error as Error).message}`, { cause: error });
  }
  const mod = loaded as { default?: unknown; config?: unknown };
  let config = mod.default ?? mod.config;
  // A CommonJS build of an ES module may wrap the default export once more.
  if (config && typeof config === 'object' && 'default' in config && !('entities' in config)) config = (config as { default: unknown }).default;
  return checkConfigShape(config, absolute);
}

function checkConfigShape(config: unknown, source: string): ReseedConfig {
  const expected = 'expected `export default defineConfig({ entities: [...], factories: [...] })`';
  if (!config || typeof config !== 'object') throw new SeedInputError(`${source} exports no config (${expected})`);
  const { entities, factories, presets } = config as Partial<ReseedConfig>;
  if (!Array.isArray(entities) || entities.length === 0) throw new SeedInputError(`${source}: "entities" must be a non-empty array (${expected})`);
  if (!Array.isArray(factories)) throw new SeedInputError(`${source}: "factories" must be an array (${expected})`);
  for (const [i, factory] of factories.entries()) {
    if (!factory || typeof factory.build !== 'function' || !factory.entity) {
      throw new SeedInputError(`${source}: factories[${i}] is not a factory (make it with defineFactory(Entity, build))`);
    }
  }
  if (presets !== undefined && (typeof presets !== 'object' || presets === null)) {
    throw new SeedInputError(`${source}: "presets" must map preset names to { table: rows }`);
  }
  return config as ReseedConfig;
}
