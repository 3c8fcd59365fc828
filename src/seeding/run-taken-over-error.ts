import { ReseedError } from '../errors';

/** Stable code of {@link RunTakenOverError}. */
export const RUN_TAKEN_OVER = 'RESEED_RUN_TAKEN_OVER';

/**
 * Another process took the run over (resumed it, or discarded it with
 * mode 'truncate') while this one was loading it, which it may do only once this
 * process had been silent for longer than the owner lease (a stalled or
 * partitioned process). Every batch checks ownership in its own transaction,
 * so this process stopped before writing anything more: nothing it loaded
 * lands after the takeover.
 */
export class RunTakenOverError extends ReseedError {
  readonly runId: string;
  /** The run's status and owner as the ledger has them now. */
  readonly status: string;
  readonly owner: string | undefined;
  constructor(runId: string, status: string, owner: string | undefined, what: string, options?: ErrorOptions) {
    const by = owner ? ` (${describeOwner(owner)})` : '';
    const how = status === 'abandoned' ? `discarded by another process${by}` : status === 'done' ? `finished by another process${by}` : `taken over by another process${by}`;
    super(RUN_TAKEN_OVER, `run ${runId} was ${how} while this one was loading it: this process stopped ${what}, without writing it`, options);
    this.runId = runId;
    this.status = status;
    this.owner = owner;
  }
}

/** `pid@host#call:pidns` as a person reads it. */
export function describeOwner(owner: string): string {
  const match = /^(\d+)@(.*)#([^#]*)$/.exec(owner);
  return match ? `pid ${match[1]} on ${match[2]}` : owner;
}
