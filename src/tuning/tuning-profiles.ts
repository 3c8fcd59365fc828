import type { PgSetting } from './pg-settings';
import type { ServerFacts } from './server-facts';
import { formatMemory, settingAmount } from './setting-amount';
import type { SettingSpec, TuningProfile, TuningProfileName } from './tuning-profile';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

/** shared_buffers when the server's memory cannot be known: small enough for any server that can take a bulk load. */
export const FALLBACK_SHARED_BUFFERS = '256MB';
/** maintenance_work_mem when the server's memory cannot be known. */
export const FALLBACK_MAINTENANCE_WORK_MEM = '256MB';
/** Upper bound of shared_buffers: past it the OS cache does the job better. */
export const MAX_SHARED_BUFFERS_BYTES = 8 * GB;
/** Upper bound of maintenance_work_mem (index builds gain little past it). */
export const MAX_MAINTENANCE_WORK_MEM_BYTES = 2 * GB;

/** A spec whose value never lowers the current one: undefined when the server already has at least `target`. */
function atLeast(current: PgSetting, target: string): string | undefined {
  const now = settingAmount(current.setting, current.unit);
  const wanted = settingAmount(target, current.unit);
  if (now !== undefined && wanted !== undefined && now >= wanted) return undefined;
  return target;
}

/** 25% of the server's memory, capped at 8GB; the fallback when memory is unknown. */
export function sharedBuffersFor(facts: ServerFacts): string {
  if (facts.totalMemoryBytes === undefined) return FALLBACK_SHARED_BUFFERS;
  return formatMemory(Math.max(128 * MB, Math.min(MAX_SHARED_BUFFERS_BYTES, facts.totalMemoryBytes / 4)));
}

/** 1/16 of the server's memory between 256MB and 2GB; the fallback when memory is unknown. */
export function maintenanceWorkMemFor(facts: ServerFacts): string {
  if (facts.totalMemoryBytes === undefined) return FALLBACK_MAINTENANCE_WORK_MEM;
  return formatMemory(Math.max(256 * MB, Math.min(MAX_MAINTENANCE_WORK_MEM_BYTES, facts.totalMemoryBytes / 16)));
}

const SAFE_SETTINGS: readonly SettingSpec[] = [
  {
    name: 'synchronous_commit',
    value: () => 'off',
    reason: 'a commit need not wait for its WAL flush; a crash loses at most the last batches, which the ledger redoes',
  },
  {
    name: 'maintenance_work_mem',
    value: (facts, current) => atLeast(current, maintenanceWorkMemFor(facts)),
    reason: 'index and FK rebuilds after the load sort in memory',
  },
  {
    name: 'max_wal_size',
    value: (_facts, current) => atLeast(current, '8GB'),
    reason: 'fewer checkpoints forced by WAL volume during the load',
  },
  {
    name: 'checkpoint_timeout',
    value: (_facts, current) => atLeast(current, '30min'),
    reason: 'fewer timed checkpoints during the load',
  },
];

const FAST_SETTINGS: readonly SettingSpec[] = [
  ...SAFE_SETTINGS,
  {
    name: 'shared_buffers',
    value: (facts, current) => atLeast(current, sharedBuffersFor(facts)),
    reason: 'a larger buffer cache (25% of the server memory, at most 8GB; 256MB when the memory is unknown)',
  },
  {
    name: 'wal_level',
    value: () => 'minimal',
    reason: 'index builds and loads into new or truncated tables skip WAL',
  },
  {
    name: 'max_wal_senders',
    value: () => '0',
    reason: 'required by wal_level = minimal',
  },
  {
    name: 'archive_mode',
    value: () => 'off',
    reason: 'required by wal_level = minimal',
  },
  {
    name: 'wal_buffers',
    value: (_facts, current) => atLeast(current, '64MB'),
    reason: 'fewer WAL writes by busy inserters',
  },
];

const UNSAFE_SETTINGS: readonly SettingSpec[] = [
  ...FAST_SETTINGS,
  {
    name: 'fsync',
    value: () => 'off',
    reason: 'no flush to disk at all',
    unsafe: true,
  },
  {
    name: 'full_page_writes',
    value: () => 'off',
    reason: 'no full page images in WAL',
    unsafe: true,
  },
];

/** The built-in profiles of `--tuning`, as data. */
export const TUNING_PROFILES: Readonly<Record<TuningProfileName, TuningProfile>> = {
  off: { name: 'off', settings: [], autovacuumOff: false, dropIndexes: false, unsafe: false },
  safe: { name: 'safe', settings: SAFE_SETTINGS, autovacuumOff: true, dropIndexes: false, unsafe: false },
  fast: { name: 'fast', settings: FAST_SETTINGS, autovacuumOff: true, dropIndexes: true, unsafe: false },
  unsafe: { name: 'unsafe', settings: UNSAFE_SETTINGS, autovacuumOff: true, dropIndexes: true, unsafe: true },
};
