import { readFileSync } from 'node:fs';
import type { Queryable } from '../queryable';
import { messageOf } from './pg-settings';
import { TuningError } from './tuning-error';

/** What tuning needs to know about the server before it plans. */
export interface ServerFacts {
  /** server_version_num, e.g. 170004. */
  versionNum: number;
  currentUser: string;
  database: string;
  isSuperuser: boolean;
  /** True on a standby: it cannot be tuned for writes. */
  inRecovery: boolean;
  /** SHOW data_directory; undefined when this role may not see it. */
  dataDirectory: string | undefined;
  /** Names of replication slots (physical and logical). */
  replicationSlots: string[];
  /** Rows of pg_stat_replication: connected standbys or WAL receivers. */
  standbys: number;
  /** True when the server runs on this machine (see {@link readServerFacts}). */
  isLocal: boolean;
  /** PID of the postmaster when the server is local. */
  postmasterPid: number | undefined;
  /** Memory available to the server, in bytes; undefined when it cannot be known. */
  totalMemoryBytes: number | undefined;
  /** Where totalMemoryBytes comes from, for the report. */
  memorySource: 'given' | 'proc-meminfo' | 'cgroup' | 'unknown';
}

/** Options of {@link readServerFacts}. */
export interface ReadServerFactsOptions {
  /** Memory of the server host in bytes, when the caller knows it. Default: detected for a local server, else unknown. */
  totalMemoryBytes?: number;
  /** Root of the /proc file system, for tests. Default: `/proc`. */
  procRoot?: string;
}

/** Where the proc file system is mounted. */
export const DEFAULT_PROC_ROOT = '/proc';

/**
 * Reads the facts tuning decides on. The server counts as local when the
 * backend serving this connection is a `postgres` process visible in this
 * machine's /proc and the connection came over loopback or a socket: only then
 * do /proc/meminfo (and the postmaster's cgroup memory limit) describe the
 * server's memory. A server in a container or on another host gives unknown
 * memory, and profiles then fall back to conservative values.
 */
export async function readServerFacts(runner: Queryable, options: ReadServerFactsOptions = {}): Promise<ServerFacts> {
  const procRoot = options.procRoot ?? DEFAULT_PROC_ROOT;
  try {
    const [row] = await runner.query<{
      version_num: number;
      current_user: string;
      database: string;
      is_superuser: boolean;
      in_recovery: boolean;
      server_addr: string | null;
      backend_pid: number;
      standbys: number;
    }>(
      `SELECT current_setting('server_version_num')::int AS version_num, current_user AS current_user,
              current_database() AS database,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS is_superuser,
              pg_is_in_recovery() AS in_recovery, host(inet_server_addr()) AS server_addr,
              pg_backend_pid() AS backend_pid,
              (SELECT count(*)::int FROM pg_stat_replication) AS standbys`,
    );
    const slots = await runner.query<{ slot_name: string }>('SELECT slot_name FROM pg_replication_slots ORDER BY slot_name');
    const dataDirectory = await runner
      .query<{ data_directory: string }>('SHOW data_directory')
      .then((rows) => rows[0]?.data_directory)
      .catch(() => undefined);
    const loopback = row.server_addr === null || row.server_addr.startsWith('127.') || row.server_addr === '::1';
    const postmasterPid = loopback ? localPostmasterPid(procRoot, row.backend_pid) : undefined;
    const isLocal = postmasterPid !== undefined;
    let totalMemoryBytes = options.totalMemoryBytes;
    let memorySource: ServerFacts['memorySource'] = totalMemoryBytes === undefined ? 'unknown' : 'given';
    if (totalMemoryBytes === undefined && isLocal) {
      const fromProc = memTotal(procRoot);
      const fromCgroup = cgroupLimit(procRoot, postmasterPid);
      if (fromCgroup !== undefined && (fromProc === undefined || fromCgroup < fromProc)) {
        totalMemoryBytes = fromCgroup;
        memorySource = 'cgroup';
      } else if (fromProc !== undefined) {
        totalMemoryBytes = fromProc;
        memorySource = 'proc-meminfo';
      }
    }
    return {
      versionNum: row.version_num,
      currentUser: row.current_user,
      database: row.database,
      isSuperuser: row.is_superuser,
      inRecovery: row.in_recovery,
      dataDirectory,
      replicationSlots: slots.map((s) => s.slot_name),
      standbys: row.standbys,
      isLocal,
      postmasterPid,
      totalMemoryBytes,
      memorySource,
    };
  } catch (cause) {
    if (cause instanceof TuningError) throw cause;
    throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not read the server's facts: ${messageOf(cause)}`, { cause });
  }
}

/** The postmaster of a backend when that backend is a postgres process of this machine. */
function localPostmasterPid(procRoot: string, backendPid: number): number | undefined {
  try {
    const status = readFileSync(`${procRoot}/${backendPid}/status`, 'utf8');
    if (!/^Name:\s+postgres/m.test(status)) return undefined;
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    const parent = readFileSync(`${procRoot}/${ppid}/status`, 'utf8');
    return /^Name:\s+postgres/m.test(parent) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function memTotal(procRoot: string): number | undefined {
  try {
    const kb = Number(/^MemTotal:\s+(\d+)\s+kB/m.exec(readFileSync(`${procRoot}/meminfo`, 'utf8'))?.[1]);
    return Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** memory.max of the postmaster's cgroup (v2), when it sets a limit. */
function cgroupLimit(procRoot: string, pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const line = readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8').split('\n').find((l) => l.startsWith('0::'));
    if (!line) return undefined;
    const limit = readFileSync(`/sys/fs/cgroup${line.slice(3).trim()}/memory.max`, 'utf8').trim();
    const bytes = Number(limit);
    return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
  } catch {
    return undefined;
  }
}
