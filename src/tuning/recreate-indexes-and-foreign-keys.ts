import { messageOf } from './pg-settings';
import type { SqlRunner } from './sql-runner';
import { quoteIdent } from './sql-quote';
import { TuningError } from './tuning-error';
import type { dropIndexesAndForeignKeys } from './drop-indexes-and-foreign-keys';
import { SILENT_LOGGER, type TuningLogger } from './tuning-logger';
import type { RecordedConstraint, RecordedIndex, TuningState } from './tuning-state';
import type { TuningStateStore } from './tuning-state-store';

/** Options of {@link recreateIndexesAndForeignKeys}. */
export interface RecreateIndexesOptions {
  /** Where the dropped definitions were recorded. */
  store: TuningStateStore;
  /** Default: silent. */
  logger?: TuningLogger;
  signal?: AbortSignal;
}

/** What {@link recreateIndexesAndForeignKeys} created; entries already present or whose table is gone are left out. */
export interface RecreatedIndexes {
  indexes: string[];
  constraints: string[];
}

/**
 * After the load: recreates the indexes, then the foreign keys (validating
 * them against the loaded rows) that {@link dropIndexesAndForeignKeys}
 * recorded in the store, each only when it is still missing, and saves the
 * state without them. Safe after a crash and safe to run twice.
 */
export async function recreateIndexesAndForeignKeys(runner: SqlRunner, options: RecreateIndexesOptions): Promise<RecreatedIndexes> {
  const state = await options.store.load(runner);
  if (!state) return { indexes: [], constraints: [] };
  const created = await recreateRecordedIndexes(runner, state, options);
  await options.store.save(runner, state);
  return created;
}

/**
 * The work of {@link recreateIndexesAndForeignKeys} on a loaded state: removes
 * what it handled from `state.droppedIndexes` / `state.droppedConstraints`;
 * the caller saves the state.
 */
export async function recreateRecordedIndexes(
  runner: SqlRunner,
  state: TuningState,
  options: { logger?: TuningLogger; signal?: AbortSignal } = {},
): Promise<RecreatedIndexes> {
  const logger = options.logger ?? SILENT_LOGGER;
  const created: RecreatedIndexes = { indexes: [], constraints: [] };
  for (const index of [...state.droppedIndexes]) {
    options.signal?.throwIfAborted();
    if (await tableExists(runner, index.table) && !(await relationExists(runner, index.name))) {
      await run(runner, index.definition, `recreate index ${index.name}`);
      created.indexes.push(index.name);
      logger.info(`recreated index ${index.name}`);
    }
    state.droppedIndexes = state.droppedIndexes.filter((i) => i !== index);
  }
  for (const constraint of [...state.droppedConstraints]) {
    options.signal?.throwIfAborted();
    if (await tableExists(runner, constraint.table) && !(await constraintExists(runner, constraint))) {
      await run(
        runner,
        `ALTER TABLE ${constraint.table} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${constraint.definition}`,
        `recreate foreign key ${constraint.name} on ${constraint.table}`,
      );
      created.constraints.push(constraint.name);
      logger.info(`recreated foreign key ${constraint.name} on ${constraint.table}`);
    }
    state.droppedConstraints = state.droppedConstraints.filter((c) => c !== constraint);
  }
  return created;
}

async function tableExists(runner: SqlRunner, table: string): Promise<boolean> {
  return relationExists(runner, table);
}

async function relationExists(runner: SqlRunner, name: string): Promise<boolean> {
  const [row] = await runner.query<{ oid: number | null }>('SELECT to_regclass($1)::oid::int AS oid', [name]);
  return row?.oid !== null && row?.oid !== undefined;
}

async function constraintExists(runner: SqlRunner, c: RecordedConstraint | RecordedIndex): Promise<boolean> {
  const rows = await runner.query('SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2', [c.table, c.name]);
  return rows.length > 0;
}

async function run(runner: SqlRunner, sql: string, what: string): Promise<void> {
  try {
    await runner.query(sql);
  } catch (cause) {
    throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not ${what}: ${messageOf(cause)}`, { cause });
  }
}
