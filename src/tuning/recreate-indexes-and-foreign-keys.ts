import { isConnectionLost } from '../connection/classify-error';
import { messageOf } from './pg-settings';
import type { Queryable } from '../queryable';
import { constraintStep, indexStep } from './recorded-definitions';
import { TuningError } from './tuning-error';
import type { dropIndexesAndForeignKeys } from './drop-indexes-and-foreign-keys';
import { SILENT_LOGGER, type Logger } from '../logger';
import type { TuningState } from './tuning-state';
import type { TuningStateStore } from './tuning-state-store';

/** Options of {@link recreateIndexesAndForeignKeys}. */
export interface RecreateIndexesOptions {
  /** Where the dropped definitions were recorded. */
  store: TuningStateStore;
  /** Default: silent. */
  logger?: Logger;
  signal?: AbortSignal;
}

/** What was recreated; entries already present or whose table is gone are left out. */
export interface RecreatedIndexes {
  indexes: string[];
  constraints: string[];
}

/** {@link RecreatedIndexes} plus what could not be recreated (still recorded in the state). */
export interface RecreateOutcome extends RecreatedIndexes {
  /** One sentence per index or foreign key that failed, e.g. a foreign key the loaded rows violate. */
  failures: string[];
  /**
   * One sentence per record that is not an index or foreign key of its recorded
   * table as reseed records them (planted or damaged): nothing of it was run,
   * and it is no longer recorded.
   */
  refused: string[];
}

/**
 * After the load: recreates the indexes, then the foreign keys (validating
 * them against the loaded rows) that {@link dropIndexesAndForeignKeys}
 * recorded in the store, each only when it is still missing, and saves the
 * state without them. Safe after a crash and safe to run twice. When some
 * fail, the others are still recreated, the failed ones stay recorded, and
 * a RESEED_TUNING_SQL_FAILED error lists them. A lost connection is thrown
 * as it is, for the caller's reconnect path (withReconnect) to run it again.
 */
export async function recreateIndexesAndForeignKeys(runner: Queryable, options: RecreateIndexesOptions): Promise<RecreatedIndexes> {
  const state = await options.store.load(runner);
  if (!state) return { indexes: [], constraints: [] };
  const outcome = await recreateRecordedIndexes(runner, state, options);
  await options.store.save(runner, state);
  if (outcome.failures.length > 0) {
    throw new TuningError(
      'RESEED_TUNING_SQL_FAILED',
      `Could not recreate ${outcome.failures.length} index(es) or foreign key(s); they stay recorded for restore:\n  - ${outcome.failures.join('\n  - ')}`,
      { reasons: outcome.failures },
    );
  }

  return { indexes: outcome.indexes, constraints: outcome.constraints };
}

/**
 * The work of {@link recreateIndexesAndForeignKeys} on a loaded state: removes
 * what it handled from `state.droppedIndexes` / `state.droppedConstraints`,
 * leaves what failed there, and never throws for one failed statement; the
 * caller saves the state.
 */
export async function recreateRecordedIndexes(
  runner: Queryable,
  state: TuningState,
  options: { logger?: Logger; signal?: AbortSignal } = {},
): Promise<RecreateOutcome> {
  const logger = options.logger ?? SILENT_LOGGER;
  const outcome: RecreateOutcome = { indexes: [], constraints: [], failures: [], refused: [] };
  for (const index of [...state.droppedIndexes]) {
    options.signal?.throwIfAborted();
    try {
      const step = await indexStep(runner, index);
      if (step.kind === 'refuse') {
        outcome.refused.push(`index ${String(index.name)} on ${String(index.table)}: ${step.reason}; refused, nothing was run`);
      } else if (step.kind === 'run') {
        await runner.query(step.sql);
        outcome.indexes.push(index.name);
        logger.info(`recreated index ${index.name}`);
      }
      state.droppedIndexes = state.droppedIndexes.filter((i) => i !== index);
    } catch (cause) {
      // A lost connection is no verdict on the index: the caller reconnects and runs this again (it skips what exists).
      if (isConnectionLost(cause)) throw cause;
      outcome.failures.push(`index ${index.name}: ${messageOf(cause)}`);
    }
  }
  for (const constraint of [...state.droppedConstraints]) {
    options.signal?.throwIfAborted();
    try {
      const step = await constraintStep(runner, constraint);
      if (step.kind === 'refuse') {
        outcome.refused.push(`foreign key ${String(constraint.name)} on ${String(constraint.table)}: ${step.reason}; refused, nothing was run`);
      } else if (step.kind === 'run') {
        await runner.query(step.sql);
        outcome.constraints.push(constraint.name);
        logger.info(`recreated foreign key ${constraint.name} on ${constraint.table}`);
      }
      state.droppedConstraints = state.droppedConstraints.filter((c) => c !== constraint);
    } catch (cause) {
      if (isConnectionLost(cause)) throw cause;
      outcome.failures.push(`foreign key ${constraint.name} on ${constraint.table}: ${messageOf(cause)}`);
    }
  }
  // Details: the caller reports the failures and refusals it is given (an error, or restore's problems), once.
  for (const failure of outcome.failures) logger.info(`could not recreate ${failure}`);
  for (const refusal of outcome.refused) logger.info(`not recreated: ${refusal}`);
  return outcome;
}
