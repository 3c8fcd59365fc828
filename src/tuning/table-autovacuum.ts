import { messageOf } from './pg-settings';
import type { ResolvedTable } from './resolve-tables';
import type { Queryable } from '../queryable';
import { TuningError } from './tuning-error';
import type { RecordedAutovacuum } from './tuning-state';
import { quoteLiteral } from '../sql-quote';
import { autovacuumStep } from './recorded-definitions';

/** The table's autovacuum_enabled reloption as it stands: its value, or null when unset. */
export async function readAutovacuumOption(runner: Queryable, table: ResolvedTable): Promise<RecordedAutovacuum> {
  const rows = await runner.query<{ value: string | null }>(
    `SELECT (SELECT split_part(o, '=', 2) FROM unnest(c.reloptions) AS o WHERE o LIKE 'autovacuum_enabled=%') AS value
       FROM pg_class c WHERE c.oid = $1`,
    [table.oid],
  );
  return { table: table.qualified, original: rows[0]?.value ?? null };
}

/** Turns autovacuum off on one table (record its option first with {@link readAutovacuumOption}). */
export async function disableAutovacuum(runner: Queryable, table: string): Promise<void> {
  try {
    await runner.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  } catch (cause) {
    throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not turn autovacuum off on ${table}: ${messageOf(cause)}`, { cause });
  }
}

/** Puts a table's autovacuum_enabled back as recorded; a table dropped since is skipped. Returns whether it ran. */
export async function restoreAutovacuum(runner: Queryable, recorded: RecordedAutovacuum): Promise<boolean> {
  const step = await autovacuumStep(runner, recorded);
  if (step.kind === 'skip') return false;
  if (step.kind === 'refuse') throw new TuningError('RESEED_TUNING_REFUSED', `Refused to restore autovacuum on ${String(recorded.table)}: ${step.reason}`);
  const [now] = await runner.query<{ value: string | null }>(
    `SELECT (SELECT split_part(o, '=', 2) FROM unnest(c.reloptions) AS o WHERE o LIKE 'autovacuum_enabled=%') AS value
       FROM pg_class c WHERE c.oid = to_regclass($1)`,
    [recorded.table],
  );
  // Already as recorded (never turned off, or put back already): nothing to run, even for a role that may not ALTER it.
  if ((now?.value ?? null) === recorded.original) return false;
  try {
    await runner.query(
      recorded.original === null
        ? `ALTER TABLE ${recorded.table} RESET (autovacuum_enabled)`
        : `ALTER TABLE ${recorded.table} SET (autovacuum_enabled = ${quoteLiteral(recorded.original)})`,
    );
    return true;
  } catch (cause) {
    throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not restore autovacuum on ${recorded.table}: ${messageOf(cause)}`, { cause });
  }
}
