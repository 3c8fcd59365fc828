import { FactoryError } from '../../seeding/factory-error';
import { SeedInputError } from '../../seeding/seed-input-error';
import type { WorkerFailure } from './generation-job';

/** The failure to send back for `error`, when it is one of reseed's that the main thread must see as it is; else undefined (thrown as it is). */
export function workerFailureOf(error: unknown): WorkerFailure | undefined {
  if (error instanceof FactoryError) {
    const cause = error.cause;
    return {
      kind: 'factory',
      factory: error.factory,
      table: error.table,
      rowIndex: error.rowIndex,
      message: cause instanceof Error ? cause.message : String(cause),
      stack: cause instanceof Error ? cause.stack : undefined,
    };
  }
  if (error instanceof SeedInputError) return { kind: 'input', message: error.summaryTemplate, hint: error.hintTemplate, stack: error.stack };
  return undefined;
}

/** The error a worker's failure stands for, of the class it was raised as (its message and hint still templates the caller words). */
export function reviveWorkerFailure(failure: WorkerFailure): Error {
  if (failure.kind === 'factory') {
    const cause = new Error(failure.message);
    if (failure.stack) cause.stack = failure.stack;
    return new FactoryError(failure.factory, failure.table, failure.rowIndex, cause);
  }
  const error = new SeedInputError(failure.message, failure.hint === undefined ? undefined : { hint: failure.hint });
  if (failure.stack) error.stack = failure.stack;
  return error;
}
