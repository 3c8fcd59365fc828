import { resolveTables } from './resolve-tables';
import type { Queryable } from '../queryable';
import { formatCount } from '../format-count';

/** Accepted by `--defer-indexes`. */
export const DEFER_INDEX_CHOICES = ['auto', 'on', 'off'] as const;
export type DeferIndexChoice = (typeof DEFER_INDEX_CHOICES)[number];

/** Rows from which `auto` defers indexes and FKs: below it, rebuilding costs about what it saves. */
export const DEFAULT_DEFER_THRESHOLD = 100_000;

/** What {@link decideIndexDeferral} weighs. */
export interface IndexDeferralInput {
  requested: DeferIndexChoice;
  /** Rows the run loads. */
  rows: number;
  /** See {@link DEFAULT_DEFER_THRESHOLD}. */
  threshold: number;
  /** Whether the tables are empty when the load starts (a fresh or truncating run; not append, not a resume). */
  emptyTables: boolean;
  /** The tuning profile drops them anyway (fast, unsafe). */
  profileDefers: boolean;
}

/** Whether to drop secondary indexes and FKs for the load, and why (for the note). */
export interface IndexDeferralDecision {
  defer: boolean;
  /** Why, for a note; `{deferIndexes}` names the option (see HintTerm in errors.ts). */
  reason: string;
}

/**
 * Deferral of secondary indexes and FKs is its own choice, apart from the
 * server's tuning (it needs no restart): `on` and `off` are obeyed; `auto`
 * defers a load of at least `threshold` rows into empty tables, or whatever
 * the tuning profile asks. Whether the role may alter the tables is checked
 * by the caller ({@link tablesNotAlterable}).
 */
export function decideIndexDeferral(input: IndexDeferralInput): IndexDeferralDecision {
  if (input.requested === 'on') return { defer: true, reason: '{deferIndexes} on' };
  if (input.requested === 'off') return { defer: false, reason: '{deferIndexes} off' };
  if (input.profileDefers) return { defer: true, reason: 'the tuning profile defers them' };
  if (!input.emptyTables) return { defer: false, reason: 'the tables already hold rows' };
  if (input.rows < input.threshold) return { defer: false, reason: `below ${formatCount(input.threshold)} rows` };
  return { defer: true, reason: `${formatCount(input.rows)} rows into empty tables` };
}

/** Tables among `tables` this role may not ALTER (it neither owns them nor is a member of their owner). */
export async function tablesNotAlterable(runner: Queryable, tables: readonly string[]): Promise<string[]> {
  const resolved = await resolveTables(runner, tables);
  const rows = await runner.query<{ name: string }>(
    `SELECT c.oid::regclass::text AS name FROM pg_class c WHERE c.oid = ANY($1::oid[]) AND NOT pg_has_role(current_user, c.relowner, 'USAGE') ORDER BY 1`,
    [resolved.map((t) => t.oid)],
  );
  return rows.map((r) => r.name);
}
