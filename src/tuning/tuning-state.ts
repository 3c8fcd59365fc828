import type { ServerIdentity } from './server-identity';
import type { SettingScope } from './tuning-plan';

/** A setting as it was before reseed changed it: enough to put it back exactly. */
export interface RecordedSetting {
  name: string;
  scope: SettingScope;
  context: string;
  /** Active value before the change, as SHOW printed it. */
  original: string;
  /** pg_settings.source before the change. */
  source: string;
  bootVal: string | null;
  resetVal: string | null;
  /** Whether postgresql.auto.conf held the setting: restore SETs it back, else RESETs it. */
  inAutoConf: boolean;
  /** The value postgresql.auto.conf held (may differ from the active one when a restart was pending). */
  autoConfValue: string | null;
  /** The value reseed set. */
  target: string;
  /** True once ALTER SYSTEM SET ran (session settings: once handed out). */
  applied: boolean;
}

/** A seeded table's autovacuum_enabled reloption before reseed turned it off. */
export interface RecordedAutovacuum {
  /** Schema-qualified, quoted: "public"."users". */
  table: string;
  /** The reloption's value, or null when the table had none. */
  original: string | null;
}

/** A secondary index as pg_get_indexdef printed it before it was dropped. */
export interface RecordedIndex {
  table: string;
  /** Schema-qualified, quoted index name. */
  name: string;
  definition: string;
}

/** A foreign key as pg_get_constraintdef printed it before it was dropped. */
export interface RecordedConstraint {
  table: string;
  /** Constraint name, unquoted. */
  name: string;
  definition: string;
}

/** Everything reseed changed on a server, written before each change. */
export interface TuningState {
  version: 1;
  /** Which state this is when several are kept in one table; default 'default'. */
  key: string;
  profile: string;
  /** The database the tables belong to. */
  database: string;
  /** The cluster the settings belong to (pg_control_system().system_identifier). */
  systemIdentifier: string;
  createdAt: string;
  updatedAt: string;
  settings: RecordedSetting[];
  autovacuum: RecordedAutovacuum[];
  droppedIndexes: RecordedIndex[];
  droppedConstraints: RecordedConstraint[];
}

/** A fresh, empty state. */
export function emptyTuningState(key: string, profile: string, identity: ServerIdentity, now = new Date()): TuningState {
  const stamp = now.toISOString();
  return {
    version: 1,
    key,
    profile,
    database: identity.database,
    systemIdentifier: identity.systemIdentifier,
    createdAt: stamp,
    updatedAt: stamp,
    settings: [],
    autovacuum: [],
    droppedIndexes: [],
    droppedConstraints: [],
  };
}

/** True when the state records nothing left to restore. */
export function isTuningStateEmpty(state: TuningState): boolean {
  return (
    state.settings.length === 0 &&
    state.autovacuum.length === 0 &&
    state.droppedIndexes.length === 0 &&
    state.droppedConstraints.length === 0
  );
}

/**
 * Unites two records of the same run (the file and the table). The first
 * record of a name wins: it holds the value from before reseed touched it,
 * where a later one may hold reseed's own value.
 */
export function mergeTuningStates(a: TuningState, b: TuningState): TuningState {
  const older = a.createdAt <= b.createdAt ? a : b;
  const newer = older === a ? b : a;
  const unite = <T>(x: T[], y: T[], id: (item: T) => string): T[] => {
    const seen = new Map<string, T>();
    for (const item of [...x, ...y]) if (!seen.has(id(item))) seen.set(id(item), item);
    return [...seen.values()];
  };
  return {
    ...older,
    updatedAt: newer.updatedAt > older.updatedAt ? newer.updatedAt : older.updatedAt,
    settings: unite(older.settings, newer.settings, (s) => s.name).map((s) => ({
      ...s,
      applied: [...a.settings, ...b.settings].some((o) => o.name === s.name && o.applied),
    })),
    autovacuum: unite(older.autovacuum, newer.autovacuum, (t) => t.table),
    droppedIndexes: unite(older.droppedIndexes, newer.droppedIndexes, (i) => i.name),
    droppedConstraints: unite(older.droppedConstraints, newer.droppedConstraints, (c) => `${c.table}.${c.name}`),
  };
}
