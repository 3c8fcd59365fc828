import { errorCode, withReconnect, type DataSourceManager } from '../connection';
import { planSeed, type PlanSeedOptions } from './plan-seed';
import type { LedgerRun, SeedLedger } from './seed-ledger';
import type { SeedPlan } from './seed-plan';
import { SeedInputError } from './seed-input-error';
import { appendIdStarts, lockForAppend, occupiedTables, outsideReferences, outsideRowsError, reserveAppendIds, truncateTables, type OutsideReference } from './table-contents';

/** What {@link openRun} needs from the seed options. */
export interface OpenRunOptions {
  manager: DataSourceManager;
  ledger: SeedLedger;
  /** The plan as requested (already validated). */
  requested: SeedPlan;
  /** The planning inputs, to plan again with the ledger's values or append offsets. */
  planInput: Omit<PlanSeedOptions, 'dataSource'>;
  resume: boolean;
  truncate: boolean;
  append: boolean;
  confirm?(question: string): Promise<boolean>;
  /** Id the run gets if a new one starts, chosen by the caller so that an abort can find it. */
  newRunId: string;
  /** Stops a wait for a server that is away; the caller turns the abort into SeedAbortedError. */
  signal?: AbortSignal;
  /**
   * Lock wait of the transaction that truncates or locks the tables to append
   * (and discards the unfinished run) before it gives up with a SeedInputError,
   * nothing changed: an application transaction holding a table must not stall
   * the seed, and the application traffic queued behind its lock, without end.
   * Also the wait for the unfinished run's row when it is taken over (resumed
   * or discarded), after the leftover backends of its gone or silent owner
   * were ended; a session still holding it is named in a SeedInputError.
   */
  lockTimeoutMs: number;
  /** Told when the run is taken over from an owner that is gone or silent. */
  onNote?(message: string): void;
}

/** The run to load and its plan. */
export interface OpenedRun {
  run: LedgerRun;
  plan: SeedPlan;
  resumed: boolean;
}

/**
 * Decides between resuming the unfinished run and starting a new one, and
 * refuses what would mix data: a different config against an unfinished run,
 * tables holding rows reseed did not write (unless truncating, after consent,
 * or appending). Nothing is written before every check has passed.
 *
 * The run it returns is this ledger owner's: a new run is started as its, an
 * unfinished one is taken over (status back to `running`). Resuming or
 * discarding an unfinished run that another live process owns is refused,
 * naming that process; one whose owner is gone or has been silent longer than
 * the lease is taken over, with a note.
 */
export async function openRun(options: OpenRunOptions): Promise<OpenedRun> {
  const { manager, ledger } = options;
  const policy = { signal: options.signal };
  await withReconnect(manager, (ds) => ledger.assertInstalled(ds), policy);
  const unfinished = await withReconnect(manager, (ds) => ledger.findUnfinished(ds), policy);
  if (unfinished && !options.truncate) {
    const describe = describeRun(unfinished);
    // Before any question: a run another process is loading right now cannot be joined.
    ledger.checkTakeover(unfinished, 'resume');
    let plan: SeedPlan;
    try {
      plan = planSeed({
        ...options.planInput,
        ...(options.resume ? adoptedFrom(unfinished, options.planInput) : {}),
        append: options.resume ? unfinished.append : options.append,
        idStarts: idStartsOf(unfinished),
        dataSource: await manager.ready(),
      });
    } catch (error) {
      if (!(error instanceof SeedInputError)) throw error;
      throw new SeedInputError(`the unfinished run ${describe} does not fit this config (${error.message}); pass --truncate to discard it and start over`, { cause: error });
    }
    if (plan.configHash !== unfinished.configHash) {
      throw new SeedInputError(
        `an unfinished run ${describe} was started with a different config (seed, counts, schema or mode) than this one; ` +
          (options.resume ? 'pass --resume without --seed/--preset/--count to continue it as started, ' : 'pass --resume to continue it as started, ') +
          'or --truncate to discard it and start over',
      );
    }
    if (!options.resume) {
      const yes = await ask(options, `An unfinished run ${describe} matches this config. Resume it?`);
      if (!yes) throw new SeedInputError(`an unfinished run ${describe} exists: pass --resume to continue it, or --truncate to discard it and start over`);
    }
    const note = await withReconnect(manager, (ds) => ds.transaction((tx) => ledger.takeOver(tx, unfinished.runId, 'resume', options.lockTimeoutMs)), policy);
    if (note) options.onNote?.(note);
    return { run: { ...unfinished, status: 'running', owner: ledger.owner, heartbeatAgeMs: 0 }, plan, resumed: true };
  }
  if (options.resume) throw new SeedInputError('nothing to resume: this database has no unfinished reseed run');

  if (unfinished) ledger.checkTakeover(unfinished, 'discard');
  let plan = options.requested;
  const occupied = await withReconnect(manager, (ds) => occupiedTables(ds, plan.tables), policy);
  if (options.truncate && (occupied.length > 0 || unfinished)) {
    let outside: OutsideReference[] = [];
    if (occupied.length > 0) {
      // Before the question: a truncate PostgreSQL would refuse (0A000), or that would delete rows reseed does not seed, is refused here.
      outside = await withReconnect(manager, (ds) => outsideReferences(ds, plan.tables), policy);
      const refused = outsideRowsError(outside);
      if (refused) throw refused;
    }
    const along =
      outside.length > 0
        ? ` ${outside.map((t) => t.table).join(', ')} (not seeded, empty) reference${outside.length === 1 ? 's' : ''} them and ${outside.length === 1 ? 'is' : 'are'} truncated along.`
        : '';
    const what = occupied.length > 0 ? `Truncate ${occupied.map((t) => t.table).join(', ')}? Every row in them is deleted.${along}` : `Discard the unfinished run ${describeRun(unfinished!)}?`;
    const yes = await ask(options, what);
    if (!yes) throw new SeedInputError(`not truncating without consent: pass --yes with --truncate to ${occupied.length > 0 ? `empty ${occupied.map((t) => t.table).join(', ')}` : 'discard the unfinished run'}`);
  } else if (options.append) {
    // The id starts are read in the transaction that creates the run, under lock (below).
  } else {
    const filled = occupied.filter((t) => t.count > 0);
    if (filled.length > 0) {
      throw new SeedInputError(
        `${filled.map((t) => t.table).join(', ')} already hold rows that this run did not write: ` +
          'pass --truncate to empty them first (asks; --yes skips the question) or --append to add rows after them',
      );
    }
  }
  const runId = options.newRunId;
  let note: string | undefined;
  const locking = options.truncate || options.append;
  const run = await withReconnect(
    manager,
    (ds) =>
      ds.transaction(async (tx) => {
        if (locking) await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${options.lockTimeoutMs}ms`]);
        // A redo after a lost acknowledgement: the run may already be there.
        const committed = await ledger.findRun(tx, runId);
        if (committed) {
          if (options.append) plan = planSeed({ ...options.planInput, append: true, idStarts: idStartsOf(committed), dataSource: ds });
          return committed;
        }
        if (options.append) {
          // Writers of these tables wait until the run, with its id ranges, is committed, and the
          // sequences are moved past those ranges before they go on: an insert of the
          // application (through the sequence) can neither take an id the load will write nor
          // have taken one unseen, whenever it comes.
          await lockForAppend(tx, plan.tables);
          plan = planSeed({ ...options.planInput, append: true, idStarts: await appendIdStarts(tx, plan.tables), dataSource: ds });
          await reserveAppendIds(tx, plan.tables);
        }
        if (options.truncate) {
          // First, before any table lock: waits for the owner's batch in flight, if any.
          if (unfinished) note = await ledger.takeOver(tx, unfinished.runId, 'abandon', options.lockTimeoutMs);
          // Every planned table, not only the occupied ones: PostgreSQL refuses to truncate a
          // parent unless the tables referencing it are in the same statement, even empty ones.
          if (occupied.length > 0) {
            // Again under lock: a referencing table outside the plan may have been created or filled since the question.
            let outside = await outsideReferences(tx, plan.tables);
            if (outside.length > 0) {
              await tx.query(`LOCK TABLE ${outside.map((t) => t.table).join(', ')} IN ACCESS EXCLUSIVE MODE`);
              outside = await outsideReferences(tx, plan.tables);
              const refused = outsideRowsError(outside);
              if (refused) throw refused;
            }
            await truncateTables(tx, plan.tables, outside);
          }
        }
        return ledger.start(tx, plan, runId);
      }),
    // An abort that cuts this short may leave the run committed (its acknowledgement lost): the
    // caller's abort path finds it through the ledger and marks it interrupted.
    policy,
  ).catch((error: unknown) => {
    // A SeedInputError (the unfinished run's row held by a session named in it) is said as it is.
    if (!locking || error instanceof SeedInputError || errorCode(error) !== '55P03') throw error;
    const names = plan.tables.map((t) => t.table).join(', ');
    throw new SeedInputError(
      `could not lock ${names} to ${options.truncate ? 'truncate them' : 'append to them'} within ${options.lockTimeoutMs / 1000}s: ` +
        `other sessions hold locks on them${options.truncate && unfinished ? ' or on the unfinished run' : ''} (a long transaction of the application?). ` +
        'Nothing was changed; run the command again when they are done',
      { cause: error },
    );
  });
  if (note) options.onNote?.(note);
  return { run, plan, resumed: false };
}

/** The user's answer; a prompt that fails once the signal aborted (Ctrl-C at the question) is the abort. */
async function ask(options: OpenRunOptions, question: string): Promise<boolean> {
  try {
    return (await options.confirm?.(question)) ?? false;
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  }
}

/**
 * On --resume, what was not given explicitly comes from the unfinished run.
 * An empty counts object asks for nothing, so it counts as not given.
 */
function adoptedFrom(run: LedgerRun, input: OpenRunOptions['planInput']): Pick<PlanSeedOptions, 'seed' | 'preset' | 'counts'> {
  const sized = input.preset !== undefined || (input.counts !== undefined && Object.keys(input.counts).length > 0);
  return { seed: input.seed ?? run.seed, ...(sized ? {} : { preset: run.preset, counts: run.counts }) };
}

function idStartsOf(run: LedgerRun): Record<string, number> {
  const starts: Record<string, number> = {};
  for (const t of run.tables) if (t.idStart !== undefined) starts[t.table] = t.idStart;
  return starts;
}

function describeRun(run: LedgerRun): string {
  const done = run.tables.reduce((n, t) => n + t.done, 0);
  const target = run.tables.reduce((n, t) => n + t.target, 0);
  return `${run.runId} (seed ${run.seed}, preset ${run.preset}, ${done} of ${target} rows, started ${run.createdAt.toISOString()})`;
}
