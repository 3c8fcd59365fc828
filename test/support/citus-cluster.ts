import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalPostgres, type ShutdownMode } from '../../src/server/local-postgres';
import { queryUrl } from './postgres';
import { findPostgresBinaries, serverCommand } from '../../src/server/postgres-binaries';
import { shellQuote } from '../../src/restart/restart-command-hint';

/** Debian's PostgreSQL 15, for which ../shared/citus builds the extension. */
export const CITUS_BIN_DIR = process.env.RESEED_CITUS_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const CITUS_LIBRARY = path.join(path.dirname(CITUS_BIN_DIR), 'lib', 'citus.so');
const DATABASE = 'reseed_test';

/** One PostgreSQL of a test cluster, with the controls of startPostgres(). */
export interface CitusNode {
  readonly role: 'coordinator' | 'worker';
  /** `coordinator`, `worker 1`, `worker 2`. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** URL of the cluster's database on this node, password included. */
  readonly url: string;
  stop(mode?: ShutdownMode): Promise<void>;
  start(): Promise<void>;
  restart(options?: { mode?: ShutdownMode }): Promise<void>;
  /** SIGKILL the postmaster, as a crash would. */
  kill(): Promise<void>;
  /** One query on a fresh connection to this node (superuser). */
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** A coordinator and its workers, each a real PostgreSQL with citus preloaded. */
export interface CitusCluster extends AsyncDisposable {
  readonly coordinator: CitusNode;
  readonly workers: readonly CitusNode[];
  /** The coordinator's URL: where clients connect. */
  readonly url: string;
  readonly database: string;
  /**
   * A `--restart-command` that restarts any node of this cluster by its
   * {data_directory} placeholder (pg_ctl restart, as the servers' OS user),
   * as reseed's command strategy runs it once per node.
   */
  readonly restartCommand: string;
  /** A query on the coordinator. */
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A fresh database with the citus extension on every node (the workers registered to it), for one test; returns its coordinator URL. */
  newDatabase(name: string): Promise<string>;
  dispose(): Promise<void>;
}

/** Options of {@link startCitusCluster}. */
export interface StartCitusClusterOptions {
  /** Worker nodes. Default 2. */
  workers?: number;
  /** citus.shard_count of new distributed tables. Default 8: enough to spread rows, quick to create on 2 cores. */
  shardCount?: number;
}

/**
 * Why Citus tests skip on this machine, or undefined when they can run: the
 * extension (../shared/citus/install.sh) must be installed for the PostgreSQL
 * at CITUS_BIN_DIR.
 */
export function citusSkipReason(): string | undefined {
  if (!existsSync(path.join(CITUS_BIN_DIR, 'pg_ctl'))) return `no PostgreSQL at ${CITUS_BIN_DIR} (run ../shared/citus/install.sh as root)`;
  if (!existsSync(CITUS_LIBRARY)) return `the citus extension is not installed (${CITUS_LIBRARY} missing; run ../shared/citus/install.sh as root)`;
  return undefined;
}

/**
 * Starts a coordinator and `workers` workers on free ports of 127.0.0.1, each
 * its own cluster with `shared_preload_libraries = 'citus'`, creates the
 * extension in each, and registers the workers on the coordinator
 * (citus_set_coordinator_host, citus_add_node). The coordinator reaches the
 * workers with the superuser's password through pg_dist_authinfo, as a real
 * deployment with password authentication would.
 */
export async function startCitusCluster(options: StartCitusClusterOptions = {}): Promise<CitusCluster> {
  const why = citusSkipReason();
  if (why) throw new Error(`cannot start a Citus cluster: ${why}`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-citus-'));
  chmodSync(root, 0o755);
  const servers: LocalPostgres[] = [];
  const dispose = async () => {
    await Promise.all(servers.map((s) => s.destroy().catch(() => undefined)));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const names = ['coordinator', ...Array.from({ length: options.workers ?? 2 }, (_, i) => `worker-${i + 1}`)];
    // Sequential: three initdb at once on two shared cores only slow each other down.
    for (const name of names) {
      servers.push(
        await LocalPostgres.open({
          dataDir: path.join(root, name),
          database: DATABASE,
          binDir: CITUS_BIN_DIR,
          settings: {
            shared_preload_libraries: 'citus',
            fsync: 'off',
            synchronous_commit: 'off',
            shared_buffers: '32MB',
            max_connections: '100',
            'citus.shard_count': String(options.shardCount ?? 8),
            // No phone-home from tests.
            'citus.enable_statistics_collection': 'off',
          },
        }),
      );
    }
    const nodes = servers.map((server, i) => nodeOf(server, i === 0 ? 'coordinator' : 'worker', i === 0 ? 'coordinator' : `worker ${i}`));
    const [coordinator, ...workers] = nodes as [CitusNode, ...CitusNode[]];
    const form = async (database: string) => {
      for (const server of servers) await queryUrl(server.urlFor(database), 'CREATE EXTENSION IF NOT EXISTS citus');
      const url = servers[0]!.urlFor(database);
      await queryUrl(url, `INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo) VALUES (0, $1, $2) ON CONFLICT DO NOTHING`, [
        servers[0]!.user,
        `password=${servers[0]!.password}`,
      ]);
      await queryUrl(url, `SELECT citus_set_coordinator_host('127.0.0.1', $1)`, [coordinator.port]);
      for (const w of workers) await queryUrl(url, `SELECT citus_add_node('127.0.0.1', $1)`, [w.port]);
    };
    await form(DATABASE);
    const [exe, args] = serverCommand(findPostgresBinaries(CITUS_BIN_DIR), 'pg_ctl', ['restart', '-m', 'fast', '-w', '-t', '60']);
    const restartCommand = `${[exe, ...args].map(shellQuote).join(' ')} -D {data_directory} -l {data_directory}/server.log`;
    const cluster: CitusCluster = {
      coordinator,
      workers,
      restartCommand,
      get url() {
        return coordinator.url;
      },
      database: DATABASE,
      query: (sql, params) => coordinator.query(sql, params),
      async newDatabase(name) {
        for (const server of servers) await queryUrl(server.urlFor('postgres'), `CREATE DATABASE "${name.replaceAll('"', '""')}"`);
        await form(name);
        return servers[0]!.urlFor(name);
      },
      dispose,
      [Symbol.asyncDispose]: dispose,
    };
    return cluster;
  } catch (error) {
    await dispose();
    throw error;
  }
}

function nodeOf(server: LocalPostgres, role: CitusNode['role'], name: string): CitusNode {
  return {
    role,
    name,
    host: server.host,
    get port() {
      return server.port;
    },
    get url() {
      return server.url;
    },
    stop: (mode) => server.stop(mode),
    start: () => server.start(),
    restart: (options) => server.restart(options),
    kill: () => server.kill(),
    query: (sql, params) => queryUrl(server.url, sql, params),
  };
}

