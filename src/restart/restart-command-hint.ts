import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where the server runs, as far as a restart needs to know (tuning's readServerFacts gives it). */
export interface ServerLocation {
  /** server_version_num, e.g. 170004. */
  versionNum: number;
  /** SHOW data_directory; undefined when this role may not see it. */
  dataDirectory: string | undefined;
  /** True when the server runs on this machine. */
  isLocal: boolean;
  /** PID of the postmaster when the server is local. */
  postmasterPid: number | undefined;
}

/** How to restart one server, as far as reseed can tell from where it runs. */
export interface RestartCommandHint {
  /** Which tool the command uses; `unknown` when reseed cannot tell. */
  kind: 'pg_ctlcluster' | 'systemctl' | 'brew' | 'pg_ctl' | 'unknown';
  /** A command to paste in a shell; undefined for `unknown`. */
  command: string | undefined;
  /** SHOW data_directory, when this role may see it. */
  dataDirectory: string | undefined;
  /** True when the server runs on this machine; otherwise the command is for the server's host. */
  local: boolean;
  /** One sentence saying where the command comes from or why there is none. */
  explanation: string;
}

/** Options of {@link describeRestartCommand}. */
export interface DescribeRestartCommandOptions {
  /** Debian/Ubuntu cluster configurations. Default: `/etc/postgresql`. */
  etcDir?: string;
  /** Root of the proc file system the postmaster is looked up in. Default: `/proc`. */
  procRoot?: string;
  /** Default: `process.platform`. */
  platform?: NodeJS.Platform;
}

/** Where Debian and Ubuntu keep their cluster configurations. */
export const DEFAULT_ETC_POSTGRESQL = '/etc/postgresql';

/**
 * Tells the command that restarts this server, most specific first: a
 * Debian cluster whose configuration names this data directory
 * (pg_ctlcluster), a systemd unit that holds the postmaster (systemctl), a
 * Homebrew data directory (brew services), else `pg_ctl restart -D <data
 * directory>` with the server's own pg_ctl and OS user when they can be seen.
 */
export function describeRestartCommand(facts: ServerLocation, options: DescribeRestartCommandOptions = {}): RestartCommandHint {
  const etcDir = options.etcDir ?? DEFAULT_ETC_POSTGRESQL;
  const procRoot = options.procRoot ?? '/proc';
  const platform = options.platform ?? process.platform;
  const major = Math.floor(facts.versionNum / 10000);
  const dataDirectory = facts.dataDirectory;
  const base = { dataDirectory, local: facts.isLocal };

  if (facts.isLocal && dataDirectory) {
    const cluster = debianCluster(etcDir, major, dataDirectory);
    if (cluster) {
      return {
        ...base,
        kind: 'pg_ctlcluster',
        command: `sudo pg_ctlcluster ${major} ${cluster} restart`,
        explanation: `${etcDir}/${major}/${cluster} is this server's cluster`,
      };
    }
  }
  if (facts.isLocal && facts.postmasterPid !== undefined) {
    const unit = systemdUnit(procRoot, facts.postmasterPid);
    if (unit) {
      return { ...base, kind: 'systemctl', command: `sudo systemctl restart ${unit}`, explanation: `the server runs in the systemd unit ${unit}` };
    }
  }
  if (facts.isLocal && platform === 'darwin' && dataDirectory && /\/(homebrew|usr\/local)\/var\//.test(dataDirectory)) {
    return {
      ...base,
      kind: 'brew',
      command: `brew services restart postgresql@${major}`,
      explanation: 'the data directory is a Homebrew one',
    };
  }
  if (dataDirectory) {
    const pgCtl = facts.isLocal && facts.postmasterPid !== undefined ? serverPgCtl(procRoot, facts.postmasterPid) : undefined;
    const owner = facts.isLocal ? dataDirectoryOwner(dataDirectory) : undefined;
    const sudo = owner ? `sudo -u ${owner} ` : '';
    return {
      ...base,
      kind: 'pg_ctl',
      command: `${sudo}${pgCtl ? shellQuote(pgCtl) : 'pg_ctl'} restart -D ${shellQuote(dataDirectory)} -m fast -w`,
      explanation: facts.isLocal
        ? 'pg_ctl of the running server on its data directory'
        : "run it on the server's host, as the OS user that owns the data directory",
    };
  }
  return {
    ...base,
    kind: 'unknown',
    command: undefined,
    explanation: 'this role may not read data_directory and the server does not run on this machine; restart it the way it is managed',
  };
}

function debianCluster(etcDir: string, major: number, dataDirectory: string): string | undefined {
  const dir = path.join(etcDir, String(major));
  if (!existsSync(dir)) return undefined;
  for (const cluster of readdirSync(dir)) {
    try {
      const conf = readFileSync(path.join(dir, cluster, 'postgresql.conf'), 'utf8');
      const configured = /^\s*data_directory\s*=\s*'([^']*)'/m.exec(conf)?.[1];
      if (configured && path.resolve(configured) === path.resolve(dataDirectory)) return cluster;
    } catch {
      // not a cluster folder
    }
  }
  return undefined;
}

function systemdUnit(procRoot: string, pid: number): string | undefined {
  try {
    const cgroup = readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8');
    const unit = /\/([^/\s]+\.service)\s*$/m.exec(cgroup)?.[1];
    return unit && /postgres/i.test(unit) ? unit : undefined;
  } catch {
    return undefined;
  }
}

function serverPgCtl(procRoot: string, pid: number): string | undefined {
  try {
    const candidate = path.join(path.dirname(readlinkSync(`${procRoot}/${pid}/exe`)), 'pg_ctl');
    return existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** The data directory's owner when it is another OS user than ours: pg_ctl must run as that user. */
function dataDirectoryOwner(dataDirectory: string): string | undefined {
  try {
    const uid = statSync(dataDirectory).uid;
    if (uid === process.getuid?.()) return undefined;
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(uid));
    return line?.split(':')[0];
  } catch {
    return undefined;
  }
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
