import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { databaseTargetFromEnv, DatabaseUrlError, type DatabaseTarget } from '../connection/database-url';
import { DEFAULT_LOCAL_DATABASE, DEFAULT_LOCAL_PASSWORD, LocalPostgres } from './local-postgres';

/** The server a run talks to: the user's, or the embedded one reseed started. */
export interface ResolvedDatabase {
  target: DatabaseTarget;
  /** Set when reseed runs the server itself (no DATABASE_URL): the restart strategy 'embedded' uses it. */
  embedded: LocalPostgres | undefined;
  /** Stops the embedded server if this process started it; a no-op otherwise. */
  close(): Promise<void>;
}

/** Options of {@link resolveDatabase}. */
export interface ResolveDatabaseOptions {
  /** Default: process.env. DATABASE_URL, else PG* variables, else the embedded server. */
  env?: NodeJS.ProcessEnv;
  /** Folder whose .reseed/pgdata holds the embedded cluster. Default: process.cwd(). */
  projectDir?: string;
  /** Told before a slow embedded start. */
  onEmbeddedStart?(dataDir: string, firstTime: boolean): void;
}

/**
 * DATABASE_URL (or PG* variables) when set; otherwise the embedded PostgreSQL,
 * whose cluster lives in <project>/.reseed/pgdata (RESEED_DATA_DIR), persists
 * between runs and keeps its port.
 */
export async function resolveDatabase(options: ResolveDatabaseOptions = {}): Promise<ResolvedDatabase> {
  const env = options.env ?? process.env;
  const target = databaseTargetFromEnv(env);
  if (target) return { target, embedded: undefined, close: async () => undefined };

  const dataDir = path.resolve(options.projectDir ?? process.cwd(), env.RESEED_DATA_DIR ?? path.join('.reseed', 'pgdata'));
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  chmodSync(parent, 0o755); // the server's OS user (postgres, when we are root) must reach the cluster
  const port = env.RESEED_EMBEDDED_PORT === undefined ? undefined : Number(env.RESEED_EMBEDDED_PORT);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new DatabaseUrlError(`RESEED_EMBEDDED_PORT is "${env.RESEED_EMBEDDED_PORT}": a port is 1-65535`);
  }
  options.onEmbeddedStart?.(dataDir, !existsSync(path.join(dataDir, 'PG_VERSION')));
  const server = await LocalPostgres.open({
    dataDir,
    port,
    password: env.RESEED_EMBEDDED_PASSWORD ?? DEFAULT_LOCAL_PASSWORD,
    database: env.RESEED_EMBEDDED_DATABASE ?? DEFAULT_LOCAL_DATABASE,
  });
  return {
    target: {
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: server.database,
      ssl: false,
    },
    embedded: server,
    close: async () => {
      if (server.startedHere) await server.stop('fast');
    },
  };
}
