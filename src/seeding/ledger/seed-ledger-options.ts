import { SeedInputError } from '../seed-input-error';
import type { RunOwnerRegistry } from './run-ownership';

/** An owner silent for this long (no batch, no heartbeat) may have its run taken over. */
export const OWNER_LEASE_MS = 30_000;
/** How often seed() tells the ledger it still owns its run, whatever it is doing. */
export const HEARTBEAT_MS = 5_000;
/**
 * How long the heartbeat's update waits for the run's row lock: a heartbeat
 * that cannot get it (a leftover backend or another session holds the row)
 * gives up and tries again at the next tick, instead of waiting, and aging,
 * until the holder is gone.
 */
export const HEARTBEAT_LOCK_TIMEOUT_MS = 2_000;

/** How one process claims runs in the ledger, and how patient it is with other owners. */
export interface SeedLedgerOptions {
  /** Owner token `pid@host#call:pidns`. Default: a fresh one for this process ({@link newOwnerToken}). */
  owner?: string;
  /**
   * The owners running in this process now: an owner of this process missing
   * from it has ended, so its run may be taken over at once. Default: the
   * process-wide registry.
   */
  registry?: RunOwnerRegistry;
  /** An owner silent for this long may have its run taken over. Default {@link OWNER_LEASE_MS} (30 s). */
  ownerLeaseMs?: number;
  /** How often a running seed() says it still owns its run. Default {@link HEARTBEAT_MS} (5 s); keep it well under ownerLeaseMs. */
  heartbeatMs?: number;
  /** How long a heartbeat waits for the run's row lock before it tries again at the next tick. Default {@link HEARTBEAT_LOCK_TIMEOUT_MS} (2 s). */
  heartbeatLockTimeoutMs?: number;
}

/** {@link SeedLedgerOptions} with their defaults applied (the owner and registry are the ledger's). */
export interface LedgerTimings {
  ownerLeaseMs: number;
  heartbeatMs: number;
  heartbeatLockTimeoutMs: number;
}

/** The timings of `options` with defaults, validated: each a whole number of milliseconds, 1 or more. */
export function ledgerTimings(options: SeedLedgerOptions = {}): LedgerTimings {
  const timings: LedgerTimings = {
    ownerLeaseMs: options.ownerLeaseMs ?? OWNER_LEASE_MS,
    heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS,
    heartbeatLockTimeoutMs: options.heartbeatLockTimeoutMs ?? HEARTBEAT_LOCK_TIMEOUT_MS,
  };
  for (const [name, value] of Object.entries(timings)) {
    if (!Number.isInteger(value) || value < 1) throw new SeedInputError(`ledger.${name} must be an integer >= 1 (milliseconds), got ${value}`);
  }
  return timings;
}
