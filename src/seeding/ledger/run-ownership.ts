import { randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { isProcessAlive } from '../../process-alive';
import { describeOwner } from '../run-taken-over-error';
import { SeedInputError } from '../seed-input-error';
import type { LedgerRun } from './ledger-run';

/** Whether the owner of an unfinished run may be displaced. */
export type OwnerVerdict = 'free' | 'self' | 'gone' | 'stale' | 'live';

/** The owner tokens of the seed() calls running in this process now; a Set satisfies it. */
export interface RunOwnerRegistry {
  add(owner: string): unknown;
  delete(owner: string): unknown;
  has(owner: string): boolean;
}

/** The default registry: every SeedLedger of this process that is not given one shares it. */
export const PROCESS_RUN_OWNERS: RunOwnerRegistry = new Set<string>();

/** A fresh owner token for this process: `pid@host#call:pidns`. */
export function newOwnerToken(): string {
  return `${process.pid}@${os.hostname()}#${randomUUID().slice(0, 8)}:${pidNamespace()}`;
}

/**
 * Who may load a run: this owner, against the owner the ledger names. An
 * owner of this host and PID namespace is gone when its pid is (or, in this
 * process, when its seed() call has ended: it is missing from the registry);
 * any other owner is stale once its heartbeat is older than the lease.
 */
export class RunOwnership {
  constructor(
    readonly owner: string,
    readonly registry: RunOwnerRegistry,
    readonly leaseMs: number,
  ) {}

  /** Marks this owner as running in this process (a run it owns is live) until {@link deactivate}. */
  activate(): void {
    this.registry.add(this.owner);
  }

  deactivate(): void {
    this.registry.delete(this.owner);
  }

  /** Whether `run` may be taken from its owner: none, this one, gone, stale, or live. */
  verdict(run: Pick<LedgerRun, 'owner' | 'heartbeatAgeMs'>): OwnerVerdict {
    if (run.owner === undefined) return 'free';
    if (run.owner === this.owner) return 'self';
    // Only a process of this host and PID namespace can be looked up by its pid (containers may share a hostname).
    const match = /^(\d+)@(.*)#[^#:]*:([^#:]*)$/.exec(run.owner);
    if (match && match[2] === os.hostname() && match[3] === pidNamespace()) {
      const pid = Number(match[1]);
      if (pid === process.pid ? !this.registry.has(run.owner) : !isProcessAlive(pid)) return 'gone';
    }
    if (run.heartbeatAgeMs === undefined || run.heartbeatAgeMs >= this.leaseMs) return 'stale';
    return 'live';
  }

  /** Refuses (SeedInputError) when another live process owns `run`; otherwise a note when its owner is displaced, if any. */
  checkTakeover(run: Pick<LedgerRun, 'runId' | 'owner' | 'heartbeatAgeMs'>, action: string): string | undefined {
    const verdict = this.verdict(run);
    const owner = run.owner === undefined ? '' : describeOwner(run.owner);
    const age = `${Math.round((run.heartbeatAgeMs ?? 0) / 1000)}s`;
    if (verdict === 'live') {
      throw new SeedInputError(`run ${run.runId} is being loaded by another process (${owner}, last heard from ${age} ago): cannot ${action} it now`, {
        hint: `wait for that process to finish or stop it (a run whose owner has been silent for ${this.leaseMs / 1000}s can be taken over)`,
      });
    }
    if (verdict === 'gone') return `taking over run ${run.runId} from ${owner}, which is no longer running`;
    if (verdict === 'stale') return `taking over run ${run.runId} from ${owner}, silent for ${age}`;
    return undefined;
  }
}

let namespace: string | undefined;

/** This process's PID namespace (Linux), so that pids are compared only within one; '' elsewhere. */
function pidNamespace(): string {
  if (namespace === undefined) {
    try {
      namespace = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '';
    } catch {
      namespace = '';
    }
  }
  return namespace;
}
