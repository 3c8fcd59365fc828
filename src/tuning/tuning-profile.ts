import type { PgSetting } from './pg-settings';
import type { ServerFacts } from './server-facts';

/** Names accepted by `--tuning`. */
export type TuningProfileName = 'off' | 'safe' | 'fast' | 'unsafe';

/** Every accepted profile name, for validation messages. */
export const TUNING_PROFILE_NAMES: readonly TuningProfileName[] = ['off', 'safe', 'fast', 'unsafe'];

/**
 * One setting a profile wants. Whether it is a session, reload or restart
 * setting is not written here: it comes from pg_settings.context at plan time.
 */
export interface SettingSpec {
  name: string;
  /**
   * The wanted value for this server, or undefined to leave the setting alone
   * (e.g. it is already larger than the profile would set).
   */
  value(facts: ServerFacts, current: PgSetting): string | undefined;
  /** Why the profile changes it, shown in the plan and the report. */
  reason: string;
  /** True when the setting risks the whole cluster on a crash: needs allowUnsafe. */
  unsafe?: boolean;
}

/** A named set of settings and table-level changes for a bulk load. */
export interface TuningProfile {
  name: TuningProfileName | string;
  /** Settings in the order they are applied. */
  settings: readonly SettingSpec[];
  /** Turn autovacuum off on the seeded tables during the load. */
  autovacuumOff: boolean;
  /** Drop secondary indexes and FKs of the seeded tables before loading, recreate them after. */
  dropIndexes: boolean;
  /** The profile as a whole needs explicit consent (allowUnsafe / `--unsafe`). */
  unsafe: boolean;
}
