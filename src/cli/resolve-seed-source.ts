import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { targetUrl } from '../connection/database-url';
import { exampleConfig } from '../factories/example-config';
import { checkEntityMetadata } from '../loading/check-entity-metadata';
import { appDataSourceOptions, databaseTargetOf, isDataSource, loadDataSourceFile } from '../loading/load-data-source';
import { CONFIG_FILE_NAMES, loadConfig } from '../loading/load-config';
import type { ReseedConfig } from '../seeding/reseed-config';
import type { RunSource } from '../seeding/run-source';
import { configSourceFiles } from '../loading/config-source-files';
import { SeedInputError } from '../seeding/seed-input-error';
import type { ResolvedDatabase } from '../server/resolve-database';

/** What a command seeds and through which data source. */
export interface SeedSource {
  config: ReseedConfig;
  /** The config file it came from; undefined for zero configuration or the example schema. */
  configFile: string | undefined;
  /** The app's data source, when there is one (--data-source or the config's dataSource). */
  app: AppDataSource | undefined;
}

/** The app's data source as reseed connects through it. */
export interface AppDataSource {
  /** Where it came from, for messages: a file path, or "the config's dataSource". */
  origin: string;
  /** Its options with DATABASE_URL applied, never synchronizing or migrating on connect. */
  options: PostgresDataSourceOptions;
  /** The server it points at (no embedded server: the app's data source names its own). */
  database: ResolvedDatabase;
}

/**
 * Settles the config and the data source of a run: `--config`, else a
 * reseed.config.* in the project folder, else none (zero configuration with
 * a data source, the example schema without); `--data-source`, else the
 * config's `dataSource`. An app data source has its entity metadata built
 * here, before any connection, so a broken entity is bad input.
 */
export async function resolveSeedSource(options: { config?: string; dataSource?: string; cwd: string; env: NodeJS.ProcessEnv }): Promise<SeedSource> {
  const configFile = options.config
    ? path.resolve(options.cwd, options.config)
    : CONFIG_FILE_NAMES.map((name) => path.join(options.cwd, name)).find((file) => existsSync(file));
  const loaded = configFile ? await loadConfig(configFile) : undefined;
  const app = await resolveAppDataSource(options.dataSource ? path.resolve(options.cwd, options.dataSource) : loaded?.dataSource, options.env);
  if (!app) {
    if (loaded && !loaded.entities) {
      throw new SeedInputError(`${configFile} names no entities and no dataSource: add dataSource: './src/data-source.ts' (or run with --data-source), or list entities`);
    }
    return { config: loaded ?? exampleConfig, configFile, app: undefined };
  }
  await checkEntityMetadata(app.options, app.origin);
  return { config: loaded ?? {}, configFile, app };
}

/** The app's data source from a path, an instance or options; undefined when there is none. */
export async function resolveAppDataSource(
  source: string | DataSourceOptions | { options: DataSourceOptions } | undefined,
  env: NodeJS.ProcessEnv,
): Promise<AppDataSource | undefined> {
  if (source === undefined) return undefined;
  let origin: string;
  let options: DataSourceOptions;
  if (typeof source === 'string') {
    const loaded = await loadDataSourceFile(source);
    origin = loaded.file;
    options = loaded.options;
  } else {
    origin = "the config's dataSource";
    options = isDataSource(source) ? source.options : (source as DataSourceOptions);
    if (options.type !== 'postgres') throw new SeedInputError(`${origin} is a ${String(options.type)} data source: reseed fills PostgreSQL (type "postgres")`);
  }
  const connect = appDataSourceOptions(options as PostgresDataSourceOptions, env.DATABASE_URL || undefined);
  const target = databaseTargetOf(connect);
  return { origin, options: connect, database: { target, embedded: undefined, close: async () => undefined } };
}

/**
 * A note for a run that falls back to reseed's example schema outside
 * reseed's own repository (no --data-source, no config): most likely the
 * user meant their app's entities. Undefined when there is nothing to say.
 */
export function exampleSchemaNote(source: SeedSource, cwd: string, run: string): string | undefined {
  if (source.app || source.configFile) return undefined;
  try {
    if ((JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { name?: string }).name === 'reseed') return undefined;
  } catch {
    // no package.json: not reseed's repository either
  }
  return `No --data-source and no reseed.config here: seeding reseed's example schema (users, posts, ...). For your app's entities: ${run} --data-source src/data-source.ts`;
}

/** "Database: <url>" and where it comes from, for the first line of a run. */
export function describeDatabase(database: ResolvedDatabase, app: AppDataSource | undefined, env: NodeJS.ProcessEnv): string {
  const from = database.embedded ? ' (embedded)' : app && !env.DATABASE_URL ? ` (from ${path.basename(app.origin)})` : '';
  return `Database: ${targetUrl(database.target)}${from}`;
}

/**
 * The run's source as the ledger records it: the options that load this
 * config again (`--config`, `--data-source`, paths relative to the command's
 * folder) and the digests of the config's files.
 */
export function runSourceOf(source: SeedSource, options: { dataSource?: string; cwd: string }): RunSource {
  const relative = (file: string) => path.relative(options.cwd, path.resolve(options.cwd, file)) || '.';
  const flags = [
    ...(source.configFile ? [`--config ${relative(source.configFile)}`] : []),
    // Only when given: a data source the config names comes back with the config.
    ...(options.dataSource ? [`--data-source ${relative(options.dataSource)}`] : []),
  ];
  return {
    label: flags.length > 0 ? flags.join(' ') : "reseed's example schema (no --config)",
    ...(source.configFile ? { files: configSourceFiles(source.configFile) } : {}),
  };
}
