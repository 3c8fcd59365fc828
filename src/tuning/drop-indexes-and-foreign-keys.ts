import { messageOf } from './pg-settings';
import { resolveTables } from './resolve-tables';
import { readServerIdentity } from './server-identity';
import type { Queryable } from '../queryable';
import { quoteIdent } from '../sql-quote';
import { TuningError } from './tuning-error';
import { SILENT_LOGGER, type Logger } from '../logger';
import { emptyTuningState, type RecordedConstraint, type RecordedIndex } from './tuning-state';
import type { TuningStateStore } from './tuning-state-store';

/** Options of {@link dropIndexesAndForeignKeys}. */
export interface DropIndexesOptions {
  /** Where the definitions are recorded before anything is dropped. */
  store: TuningStateStore;
  /** Profile name written in a new state. Default: 'fast'. */
  profile?: string;
  /** Default: silent. */
  logger?: Logger;
  signal?: AbortSignal;
}

/** What {@link dropIndexesAndForeignKeys} dropped. */
export interface DroppedIndexes {
  indexes: RecordedIndex[];
  constraints: RecordedConstraint[];
}

/**
 * Drops the foreign keys and then the secondary indexes of the tables, having
 * recorded their definitions (pg_get_constraintdef, pg_get_indexdef) in the
 * store first. Never touches primary keys, unique or exclusion constraints,
 * unique indexes or the replica identity: they keep the data correct and
 * foreign keys depend on them. Each drop stands alone, so a crash between two
 * leaves a state that {@link recreateIndexesAndForeignKeys} completes.
 */
export async function dropIndexesAndForeignKeys(
  runner: Queryable,
  tables: readonly string[],
  options: DropIndexesOptions,
): Promise<DroppedIndexes> {
  const logger = options.logger ?? SILENT_LOGGER;
  const resolved = await resolveTables(runner, tables);
  const oids = resolved.map((t) => t.oid);
  let constraints: RecordedConstraint[];
  let indexes: RecordedIndex[];
  try {
    constraints = await runner.query<RecordedConstraint>(
      `SELECT format('%I.%I', n.nspname, t.relname) AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE c.contype = 'f' AND c.conrelid = ANY($1::oid[]) AND c.conparentid = 0
        ORDER BY 1, 2`,
      [oids],
    );
    indexes = await runner.query<RecordedIndex>(
      `SELECT format('%I.%I', tn.nspname, t.relname) AS "table", format('%I.%I', n.nspname, ic.relname) AS name,
              pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i
         JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
         JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
        WHERE i.indrelid = ANY($1::oid[]) AND ic.relkind = 'i'
          AND NOT i.indisprimary AND NOT i.indisunique AND NOT i.indisexclusion AND NOT i.indisreplident
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid AND d.deptype IN ('i', 'P', 'S'))
        ORDER BY 1, 2`,
      [oids],
    );
  } catch (cause) {
    throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not read the indexes and foreign keys: ${messageOf(cause)}`, { cause });
  }

  const state = (await options.store.load(runner)) ?? emptyTuningState(options.store.key, options.profile ?? 'fast', await readServerIdentity(runner));
  for (const c of constraints) {
    if (!state.droppedConstraints.some((d) => d.table === c.table && d.name === c.name)) state.droppedConstraints.push(c);
  }
  for (const i of indexes) {
    if (!state.droppedIndexes.some((d) => d.name === i.name)) state.droppedIndexes.push(i);
  }
  await options.store.save(runner, state);

  for (const c of constraints) {
    options.signal?.throwIfAborted();
    await run(runner, `ALTER TABLE ${c.table} DROP CONSTRAINT IF EXISTS ${quoteIdent(c.name)}`, `drop foreign key ${c.name} on ${c.table}`);
    logger.info(`dropped foreign key ${c.name} on ${c.table}`);
  }
  for (const i of indexes) {
    options.signal?.throwIfAborted();
    await run(runner, `DROP INDEX IF EXISTS ${i.name}`, `drop index ${i.name}`);
    logger.info(`dropped index ${i.name}`);
  }
  return { indexes, constraints };
}

async function run(runner: Queryable, sql: string, what: string): Promise<void> {
  try {
    await runner.query(sql);
  } catch (cause) {
    throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not ${what}: ${messageOf(cause)} (definitions are recorded; run restore)`, { cause });
  }
}
