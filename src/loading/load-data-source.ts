import path from 'node:path';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { parseDatabaseUrl, sslOptions, type DatabaseTarget } from '../connection/database-url';
import { SeedInputError } from '../seeding/seed-input-error';
import { loadUserModule } from './load-user-module';

/** What the data-source file gave: the DataSource it exports (when it exports one) and its options. */
export interface LoadedDataSource {
  /** Absolute path of the file, for messages. */
  file: string;
  /** The exported DataSource instance, when the file exports one rather than options. */
  instance: DataSource | undefined;
  /** Its options; reseed builds its own DataSources (with the pre-ping pool) from these. */
  options: PostgresDataSourceOptions;
}

const ACCEPTED = 'expected `export default new DataSource({ type: "postgres", ... })`, a named DataSource export, or exported DataSource options';

/** The mark TypeORM's InstanceChecker reads: true of a DataSource from any copy of typeorm. */
export function isDataSource(value: unknown): value is DataSource {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)['@instanceof'] === Symbol.for('DataSource');
}

function isDataSourceOptions(value: unknown): value is DataSourceOptions {
  return typeof value === 'object' && value !== null && !isDataSource(value) && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Loads the app's data-source file as the TypeORM CLI's `-d` does
 * (CommandUtils.loadDataSource): the module itself, or exactly one of its
 * exports (default or named, awaited, so a Promise<DataSource> works), must
 * be a DataSource; failing that, exactly one export may be DataSource
 * options. Only PostgreSQL is accepted. Throws SeedInputError naming the file.
 */
export async function loadDataSourceFile(file: string): Promise<LoadedDataSource> {
  const exports = await loadUserModule(file, 'data source');
  const absolute = path.resolve(file);
  const fail = (problem: string): never => {
    throw new SeedInputError(`${absolute} ${problem} (${ACCEPTED})`);
  };
  if (!exports || (typeof exports !== 'object' && typeof exports !== 'function')) fail('exports no DataSource');
  if (isDataSource(exports)) return fromInstance(absolute, exports, fail);
  const instances: DataSource[] = [];
  const options: DataSourceOptions[] = [];
  for (const key of Object.keys(exports)) {
    let value: unknown;
    try {
      value = await exports[key];
    } catch (error) {
      throw new SeedInputError(`${absolute}: its export "${key}" failed: ${(error as Error).message}`, { cause: error });
    }
    if (isDataSource(value)) {
      if (!instances.includes(value)) instances.push(value);
    } else if (isDataSourceOptions(value) && !options.includes(value)) {
      options.push(value);
    }
  }
  if (instances.length > 1) fail(`exports ${instances.length} DataSource instances; keep one`);
  if (instances.length === 1) return fromInstance(absolute, instances[0]!, fail);
  if (options.length > 1) fail(`exports ${options.length} sets of DataSource options and no DataSource; keep one`);
  if (options.length === 1) return { file: absolute, instance: undefined, options: postgresOnly(options[0]!, fail) };
  return fail('exports no DataSource');
}

function fromInstance(file: string, instance: DataSource, fail: (problem: string) => never): LoadedDataSource {
  return { file, instance, options: postgresOnly(instance.options, fail) };
}

function postgresOnly(options: DataSourceOptions, fail: (problem: string) => never): PostgresDataSourceOptions {
  if (options.type !== 'postgres') fail(`is a ${String(options.type)} data source: reseed fills PostgreSQL (type "postgres")`);
  return options as PostgresDataSourceOptions;
}

/**
 * The options reseed connects with: the app's own (entities, naming strategy,
 * schema, ssl, credentials), never synchronizing, dropping or migrating on
 * connect, and pointed at `databaseUrl` when one is given (DATABASE_URL
 * overrides the file's host, port, user, password and database; its sslmode,
 * when it has one, the file's ssl).
 */
export function appDataSourceOptions(options: PostgresDataSourceOptions, databaseUrl: string | undefined): PostgresDataSourceOptions {
  const safe: PostgresDataSourceOptions = { ...options, synchronize: false, dropSchema: false, migrationsRun: false, logging: false };
  if (!databaseUrl) return safe;
  const target = parseDatabaseUrl(databaseUrl);
  return {
    ...safe,
    url: undefined,
    host: target.host,
    port: target.port,
    username: target.user,
    password: target.password,
    database: target.database,
    ssl: target.sslMode === undefined ? options.ssl : sslOptions(target),
  };
}

/** Where options connect, as a DatabaseTarget (url first, as TypeORM reads it; libpq defaults). */
export function databaseTargetOf(options: PostgresDataSourceOptions): DatabaseTarget {
  const fromUrl = options.url ? parseDatabaseUrl(options.url) : undefined;
  return {
    host: fromUrl?.host ?? options.host ?? 'localhost',
    port: fromUrl?.port ?? options.port ?? 5432,
    user: fromUrl?.user ?? options.username ?? 'postgres',
    password: fromUrl?.password ?? (typeof options.password === 'string' ? options.password : undefined),
    database: fromUrl?.database ?? options.database ?? 'postgres',
    ssl: Boolean(options.ssl) || Boolean(fromUrl?.ssl),
    sslMode: fromUrl?.sslMode,
  };
}

/**
 * The options to build a DataSourceManager from, given the app's DataSource
 * (or its options): what the CLI does with `--data-source`, for library use.
 * PostgreSQL only; never synchronizing, dropping or migrating on connect;
 * `url`, when given, overrides where it connects (as DATABASE_URL does).
 */
export function seedDataSourceOptions(source: DataSource | DataSourceOptions, options: { url?: string } = {}): PostgresDataSourceOptions {
  const given = isDataSource(source) ? source.options : source;
  if (given.type !== 'postgres') throw new SeedInputError(`a ${String(given.type)} data source: reseed fills PostgreSQL (type "postgres")`);
  return appDataSourceOptions(given as PostgresDataSourceOptions, options.url);
}
