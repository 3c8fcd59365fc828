import { maskUrl } from '../mask-url';
import { DatabaseUrlError } from './database-url-error';

/** Where reseed connects: the parts of a PostgreSQL URL it uses. */
export interface DatabaseTarget {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  /** From `sslmode` in the URL: require, verify-ca and verify-full turn TLS on. Default: off. */
  ssl: boolean;
  /** The sslmode asked for; verify-ca and verify-full check the server's certificate. Default: disable. */
  sslMode?: SslMode;
}

/** The libpq sslmode values reseed honours (prefer and allow fall back to no TLS, as node-postgres does). */
export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** node-postgres `ssl` options for a target: TLS for require and up, the certificate checked for verify-*. */
export function sslOptions(target: Pick<DatabaseTarget, 'ssl' | 'sslMode'>): { rejectUnauthorized: boolean } | undefined {
  if (!target.ssl) return undefined;
  return { rejectUnauthorized: target.sslMode === 'verify-ca' || target.sslMode === 'verify-full' };
}

function parseSslMode(value: string | null | undefined, source: string): SslMode | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!(SSL_MODES as readonly string[]).includes(value)) {
    throw new DatabaseUrlError(`${source} "${value}" is not an sslmode: use one of ${SSL_MODES.join(', ')}`);
  }
  return value as SslMode;
}

function usesTls(mode: SslMode | undefined): boolean {
  return mode === 'require' || mode === 'verify-ca' || mode === 'verify-full';
}


const ACCEPTED = 'expected postgres://user@host:5432/database, with :password after the user when one is needed';

/** Parses a postgres:// or postgresql:// URL; throws DatabaseUrlError naming what is wrong (password masked). */
export function parseDatabaseUrl(raw: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const port = /^[a-z]+:\/\/[^/]*:(\d+)(?:\/|$)/i.exec(raw)?.[1];
    if (port !== undefined && Number(port) > 65535) {
      throw new DatabaseUrlError(`DATABASE_URL has port "${port}" in ${maskUrl(raw)}: a port is 1-65535`);
    }
    throw new DatabaseUrlError(`DATABASE_URL is not a URL: "${maskUrl(raw)}" (${ACCEPTED})`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseUrlError(`DATABASE_URL has scheme "${url.protocol.replace(/:$/, '')}" in ${maskUrl(raw)} (${ACCEPTED})`);
  }
  const port = url.port === '' ? 5432 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DatabaseUrlError(`DATABASE_URL has port "${url.port}" in ${maskUrl(raw)}: a port is 1-65535`);
  }
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new DatabaseUrlError(
        `DATABASE_URL has a % in its ${what} that is not followed by two hex digits (${maskUrl(raw)}): ` +
          'percent-encode special characters there (% as %25, @ as %40, : as %3A, / as %2F)',
      );
    }
  };
  const database = decode(url.pathname.replace(/^\//, ''), 'database name');
  if (!database || database.includes('/')) {
    throw new DatabaseUrlError(`DATABASE_URL names no database in ${maskUrl(raw)} (${ACCEPTED})`);
  }
  const sslMode = parseSslMode(url.searchParams.get('sslmode'), 'sslmode');
  return {
    host: url.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    port,
    user: decode(url.username, 'user name') || process.env.PGUSER || 'postgres',
    password: url.password === '' ? undefined : decode(url.password, 'password'),
    database,
    ssl: usesTls(sslMode),
    sslMode,
  };
}

/** Reads DATABASE_URL, else the libpq PG* variables; undefined when neither is set. */
export function databaseTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget | undefined {
  if (env.DATABASE_URL) return parseDatabaseUrl(env.DATABASE_URL);
  if (!env.PGHOST && !env.PGDATABASE && !env.PGPORT && !env.PGUSER) return undefined;
  const port = env.PGPORT ? Number(env.PGPORT) : 5432;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DatabaseUrlError(`PGPORT is "${env.PGPORT}": a port is 1-65535`);
  }
  const user = env.PGUSER ?? 'postgres';
  return {
    host: env.PGHOST ?? 'localhost',
    port,
    user,
    password: env.PGPASSWORD,
    database: env.PGDATABASE ?? user,
    ssl: usesTls(parseSslMode(env.PGSSLMODE, 'PGSSLMODE')),
    sslMode: parseSslMode(env.PGSSLMODE, 'PGSSLMODE'),
  };
}

/** "host:port/database as user", for messages. */
export function describeTarget(target: Pick<DatabaseTarget, 'host' | 'port' | 'database' | 'user'>): string {
  return `${target.host}:${target.port}/${target.database} as ${target.user}`;
}

/** A URL for the target, password masked unless asked for. */
export function targetUrl(target: DatabaseTarget, options: { revealPassword?: boolean; withSslMode?: boolean } = {}): string {
  const auth = target.password === undefined ? encodeURIComponent(target.user) : `${encodeURIComponent(target.user)}:${options.revealPassword ? encodeURIComponent(target.password) : '****'}`;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const query = options.withSslMode && target.sslMode ? `?sslmode=${target.sslMode}` : '';
  return `postgres://${auth}@${host}:${target.port}/${encodeURIComponent(target.database)}${query}`;
}
