import { spawnSync } from 'node:child_process';
import { exampleConfig } from '../../../src/factories/example-config';
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';
import type { DataSourceManager } from '../../../src/connection';
import { seed } from '../../../src/seeding/seed';
import { SeedAbortedError } from '../../../src/seeding/seed-aborted-error';
import type { TableCounts } from '../../../src/seeding/reseed-config';

/** A second connection, in a transaction, holding a run's row locked (FOR UPDATE). */
export interface RunRowHolder {
  client: Client;
  pid: number;
  /** Whether its backend is still there (a terminated one fails the query). */
  alive(): Promise<boolean>;
  end(): Promise<void>;
}

/**
 * Opens a connection under `applicationName`, begins a transaction and locks
 * the run's row FOR UPDATE, then stays idle in transaction: what a lost
 * connection of a batch leaves behind when it carries an owner's batch name,
 * or any other session's long transaction otherwise.
 */
export async function holdRunRow(url: string, applicationName: string, runId: string): Promise<RunRowHolder> {
  const client = new Client({ connectionString: url, application_name: applicationName });
  client.on('error', () => undefined); // may be terminated on purpose
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await client.query('BEGIN');
  const locked = await client.query(`SELECT run_id FROM reseed_runs WHERE run_id = $1 FOR UPDATE`, [runId]);
  if (locked.rowCount !== 1) throw new Error(`holdRunRow: run ${runId} not found`);
  return {
    client,
    pid: Number(rows[0]!.pid),
    alive: () => client.query('SELECT 1').then(
      () => true,
      () => false,
    ),
    end: () => client.end().catch(() => undefined),
  };
}

/** Starts a run and aborts it after its first batch of `abortAt`: an interrupted run with no owner; returns its id. */
export async function interruptedRun(manager: DataSourceManager, counts: TableCounts, abortAt = 'posts'): Promise<string> {
  const controller = new AbortController();
  const stopped = await seed({
    config: exampleConfig,
    manager,
    counts,
    batchSize: 20,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.type === 'batch' && event.table === abortAt) controller.abort();
    },
  }).catch((e: unknown) => e);
  if (!(stopped instanceof SeedAbortedError) || stopped.report.runId === undefined) throw new Error(`interruptedRun: expected an abort, got ${String(stopped)}`);
  return stopped.report.runId;
}

/** An owner token of a process of this host and PID namespace that is no longer running (verdict 'gone'). */
export function deadOwnerToken(): string {
  const child = spawnSync(process.execPath, ['-e', '0']);
  if (child.pid === undefined) throw new Error('deadOwnerToken: could not start a process');
  let ns = '';
  try {
    ns = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '';
  } catch {
    // not Linux: the namespace part is empty, as the ledger's own
  }
  return `${child.pid}@${os.hostname()}#deadbeef:${ns}`;
}

/** An owner token of another host: only its heartbeat's age decides (stale after the lease). */
export const FAR_OWNER = '4242@elsewhere#dead1234:';
