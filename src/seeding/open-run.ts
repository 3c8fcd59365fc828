import { isLockTimeout, withReconnect } from '../connection';
import type { LedgerRun } from './ledger/ledger-run';
import { takeOverRun } from './ledger/run-takeover';
import type { SeedLedger } from './ledger/seed-ledger';
import { ensureLedger } from './ledger/ledger-schema';
import { planSeed, withIdStarts, type PlanSeedOptions } from './plan-seed';
import type { PlanInput, ResolvedSeedOptions } from './seed-options';
import type { SeedPlan } from './seed-plan';
import { changedSourceFiles } from './run-source';
import { SeedInputError } from './seed-input-error';
import { formatShard, WHOLE_RUN, type Shard } from './shard';
import { appendIdStarts, lockForAppend, occupiedTables, outsideReferences, outsideRowsError, reserveAppendIds, truncateTables, type OutsideReference } from './table-contents';
import { refuseMissingSchema } from './schema-check';
import { withCopyTypes } from './copy-types';
import { formatCount } from '../format-count';

/** The run to load and its plan. */
export interface OpenedRun {
  run: LedgerRun;
  /** With each table's copyTypes, read when its schema was checked. */
  plan: SeedPlan;
  resumed: boolean;
}

/**
 * Decides between resuming the unfinished run and starting a new one, plans
 * the run (once: a resume plans with the run's values for what was not
 * given), and refuses what would mix data: a different config against an
 * unfinished run, tables holding rows reseed did not write (unless truncating,
 * after consent, or appending). Nothing is written before every check has
 * passed.
 *
 * The run it returns is this ledger owner's: a new run is started as its
 * (with `newRunId`, chosen by the caller so that an abort can find it), an
 * unfinished one is taken over (status back to `running`). Resuming or
 * discarding an unfinished run that another live process owns is refused,
 * naming that process; one whose owner is gone or has been silent longer than
 * the lease is taken over, with a note.
 *
 * The transaction that truncates or locks the tables to append (and discards
 * the unfinished run) waits at most lockTimeoutMs for its locks, then gives up
 * with a SeedInputError, nothing changed: an application transaction holding
 * a table must not stall the seed, and the traffic queued behind its lock,
 * without end.
 */
export async function openRun(options: ResolvedSeedOptions, ledger: SeedLedger, newRunId: string): Promise<OpenedRun> {
  const { manager, mode, lockTimeoutMs } = options;
  const policy = { signal: options.signal };
  const note = (message: string | undefined) => message && options.onProgress({ type: 'note', message });
  const planOnly = async (input: Omit<PlanSeedOptions, 'dataSource'>) => planSeed({ ...input, dataSource: await manager.ready() });
  // Before any run is opened or taken over: tables the migrations have not made yet are refused by
  // name. The columns' database types read for it let the COPY writer send the binary format.
  const checked = async (planned: SeedPlan) => withCopyTypes(planned, await withReconnect(manager, (ds) => refuseMissingSchema(ds, planned), policy));
  const plan = async (input: Omit<PlanSeedOptions, 'dataSource'>) => checked(await planOnly(input));
  await withReconnect(manager, (ds) => ensureLedger(ds), policy);
  const shard = options.planInput.shard ?? WHOLE_RUN;
  // Every unfinished run: one, or the shards of one sharded load (all split the same way).
  const runs = await withReconnect(manager, (ds) => ledger.findUnfinishedRuns(ds), policy);
  checkShardCount(runs, shard);
  const found = runs.find((r) => r.shard.index === shard.index);
  // An unfinished run that wrote no row (its first batch failed, a factory threw, a unique column
  // ran out of values) holds nothing a resume would keep: a plain run or a truncate starts over
  // instead of being refused for another config. Not while its owner lives, nor a shard of a load.
  const empty = found !== undefined && mode !== 'resume' && runs.length === 1 && found.shard.count === 1 && found.tables.every((t) => t.done === 0) && ledger.ownership.verdict(found) !== 'live';
  const unfinished = empty ? undefined : found;
  const emptyRun = empty ? found : undefined;
  // The other shards of the load this process joins; their rows are theirs, not foreign rows.
  const siblings = runs.filter((r) => r !== found);
  if (unfinished && mode !== 'truncate') {
    const describe = describeRun(unfinished);
    // Before any question: a run another process is loading right now cannot be joined.
    ledger.ownership.checkTakeover(unfinished, 'resume');
    const recorded = unfinished.source;
    const current = options.source;
    // Started from another config (by the caller's name for it): name that one, it is what resumes the run.
    const otherSource = recorded && current && recorded.label !== current.label ? recorded.label : undefined;
    const startedFrom = otherSource ? `; it was started with ${otherSource}, this run with ${current!.label}` : '';
    const fromThere = otherSource ? `{resume} with ${otherSource} continues it` : undefined;
    // The code behind the config, file by file; [] when either side cannot tell.
    const changed = changedSourceFiles(recorded, current);
    // A config found elsewhere with every file as it was (a moved folder) is the same config.
    const moved = otherSource !== undefined && recorded?.files !== undefined && current?.files !== undefined && changed.length === 0;
    let planned: SeedPlan;
    try {
      planned = await planOnly(mode === 'resume' ? adoptedFrom(unfinished, options.planInput) : options.planInput);
    } catch (error) {
      if (!(error instanceof SeedInputError) || mode !== 'resume') throw error;
      throw new SeedInputError(`the unfinished run ${describe} does not fit this config (${error.message})${startedFrom}`, {
        hint: `${fromThere ? `${fromThere}, or ` : ''}{truncate} discards it and starts over`,
        cause: error,
      });
    }
    // A schema behind the entities is the database's problem, not the run's: said as for any run.
    planned = await checked(planned);
    if (planned.configHash !== unfinished.configHash) {
      throw new SeedInputError(`an unfinished run ${describe} was started with a different config (seed, counts, schema or mode) than this one${startedFrom}`, {
        hint: (fromThere ?? (mode === 'resume' ? '{resume} without {inputs} continues it as started' : '{resume} continues it as started')) + ', or {truncate} discards it and starts over',
      });
    }
    // The same shape (seed, counts, schema) from another config: its factories may write other rows.
    if (otherSource && !moved) {
      throw new SeedInputError(`the unfinished run ${describe} was started with ${otherSource}, this run with ${current!.label}`, {
        hint: `${fromThere}, or {truncate} discards it and starts over`,
      });
    }
    // Same config, but its code was edited: the rows loaded so far came from the old code.
    const edited = changed.length > 0 ? `${changed.join(', ')} changed since run ${unfinished.runId} started` : undefined;
    if (mode !== 'resume') {
      const question = edited
        ? `An unfinished run ${describe} matches this config, but ${edited}: the rows it loaded came from the old code. Resume it with the new code?`
        : `An unfinished run ${describe} matches this config. Resume it?`;
      const yes = await ask(options, question);
      if (!yes) {
        throw new SeedInputError(edited ? `an unfinished run ${describe} exists, and ${edited}` : `an unfinished run ${describe} exists`, {
          hint: edited ? '{resume} continues it with the new code, or {truncate} discards it and starts over' : '{resume} continues it, or {truncate} discards it and starts over',
        });
      }
    }
    if (edited) note(`${edited}: the rows loaded before came from the old code, the rest come from the new (a truncate starts over with the new code only)`);
    note(await withReconnect(manager, (ds) => ds.transaction((tx) => takeOverRun(tx, ledger.ownership, unfinished.runId, 'resume', lockTimeoutMs)), policy));
    return { run: { ...unfinished, status: 'running', owner: ledger.owner, heartbeatAgeMs: 0 }, plan: withIdStarts(planned, idStartsOf(unfinished)), resumed: true };
  }
  // A shard that never started joins its load on --resume too: each shard resumes on its own.
  if (mode === 'resume' && siblings.length === 0) throw new SeedInputError('nothing to resume: this database has no unfinished reseed run');

  if (unfinished) ledger.ownership.checkTakeover(unfinished, 'discard');
  let planned = await plan(siblings.length > 0 ? adoptedFrom(siblings[0]!, options.planInput) : options.planInput);
  if (siblings.length > 0 && planned.configHash !== siblings[0]!.configHash) {
    throw new SeedInputError(
      `shard ${formatShard(shard)} does not fit the load its other shards are writing (${siblings.map((r) => `shard ${formatShard(r.shard)}`).join(', ')}, ${describeRun(siblings[0]!)}): ` +
        'start every shard with the same seed, counts and config',
    );
  }
  const limit = options.sizeLimit;
  if (limit && planned.estimatedBytes > limit.bytes) {
    throw new SeedInputError(
      `this run would write about ${formatSize(planned.estimatedBytes)} (${formatCount(planned.totalRows)} rows), ` +
        `more than ${formatSize(limit.bytes)}, ${limit.reason}; nothing was written`,
    );
  }
  const occupied = await withReconnect(manager, (ds) => occupiedTables(ds, planned.tables), policy);
  if (mode === 'truncate' && (occupied.length > 0 || unfinished)) {
    let outside: OutsideReference[] = [];
    if (occupied.length > 0) {
      // Before the question: a truncate PostgreSQL would refuse (0A000), or that would delete rows reseed does not seed, is refused here.
      outside = await withReconnect(manager, (ds) => outsideReferences(ds, planned.tables), policy);
      const refused = outsideRowsError(outside);
      if (refused) throw refused;
    }
    const along =
      outside.length > 0
        ? ` ${outside.map((t) => t.table).join(', ')} (not seeded, empty) reference${outside.length === 1 ? 's' : ''} them and ${outside.length === 1 ? 'is' : 'are'} truncated along.`
        : '';
    const what = occupied.length > 0 ? `Truncate ${occupied.map((t) => t.table).join(', ')}? Every row in them is deleted.${along}` : `Discard the unfinished run ${describeRun(unfinished!)}?`;
    const yes = await ask(options, what);
    if (!yes) {
      throw new SeedInputError('not truncating without consent', {
        hint: `{yes} with {truncate} ${occupied.length > 0 ? `empties ${occupied.map((t) => t.table).join(', ')}` : 'discards the unfinished run'}`,
      });
    }
  } else if (mode !== 'append') {
    // (Appending reads the id starts in the transaction that creates the run, under lock: below.)
    // The other shards' rows are the load's own.
    const filled = siblings.length > 0 ? [] : occupied.filter((t) => t.count > 0);
    if (filled.length > 0) {
      throw new SeedInputError(`${filled.map((t) => t.table).join(', ')} already hold rows that this run did not write`, {
        hint: '{truncate} empties them first (asks; {yes} skips the question), or {append} adds rows after them',
      });
    }
  }
  const runId = newRunId;
  let taken: string | undefined;
  let discarded: string | undefined;
  const locking = mode === 'truncate' || mode === 'append';
  const run = await withReconnect(
    manager,
    (ds) =>
      ds.transaction(async (tx) => {
        if (locking) await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
        // A redo after a lost acknowledgement: the run may already be there.
        const committed = await ledger.findRun(tx, runId);
        if (committed) {
          if (mode === 'append') planned = withIdStarts(planned, idStartsOf(committed));
          return committed;
        }
        // One run is created at a time in a database: a second reseed started at the same moment waits here,
        // before it takes a table lock (two truncates locking tables in turn deadlock a batch of the first),
        // then finds the run the first one committed, and stops.
        await tx.query('SELECT pg_advisory_xact_lock($1, $2)', RUN_CREATION_LOCK);
        // Per shard: the other shards of a load are not racing, they are the load this one joins.
        const racing = await ledger.findUnfinished(tx, shard.index);
        const loadNow = await ledger.findUnfinishedRuns(tx);
        checkShardCount(loadNow, shard);
        if (racing && racing.runId !== (unfinished ?? emptyRun)?.runId) {
          throw new SeedInputError(
            `another reseed run started on this database at the same moment: run ${describeRun(racing)} (owner ${racing.owner ?? 'unknown'}); nothing was written by this one`,
            { hint: 'wait for it to finish, or {resume} continues it later' },
          );
        }
        if (emptyRun) {
          taken = await takeOverRun(tx, ledger.ownership, emptyRun.runId, 'abandon', lockTimeoutMs);
          discarded = `the unfinished run ${describeRun(emptyRun)} wrote no row: discarded, this run starts afresh`;
        }
        if (mode === 'append') {
          // Writers of these tables wait until the run, with its id ranges, is committed, and the
          // sequences are moved past those ranges before they go on: an insert of the
          // application (through the sequence) can neither take an id the load will write nor
          // have taken one unseen, whenever it comes.
          await lockForAppend(tx, planned.tables);
          planned = withIdStarts(planned, await appendIdStarts(tx, planned.tables));
          await reserveAppendIds(tx, planned.tables);
        }
        if (mode === 'truncate') {
          // First, before any table lock: waits for the owner's batch in flight, if any.
          if (unfinished) taken = await takeOverRun(tx, ledger.ownership, unfinished.runId, 'abandon', lockTimeoutMs);
          // Every planned table, not only the occupied ones: PostgreSQL refuses to truncate a
          // parent unless the tables referencing it are in the same statement, even empty ones.
          if (occupied.length > 0) {
            // Again under lock: a referencing table outside the plan may have been created or filled since the question.
            let outside = await outsideReferences(tx, planned.tables);
            if (outside.length > 0) {
              await tx.query(`LOCK TABLE ${outside.map((t) => t.table).join(', ')} IN ACCESS EXCLUSIVE MODE`);
              outside = await outsideReferences(tx, planned.tables);
              const refused = outsideRowsError(outside);
              if (refused) throw refused;
            }
            await truncateTables(tx, planned.tables, outside);
          }
        }
        // Shards started together: the first creates the load's group, under the lock above; the others join it.
        const group = shard.count > 1 ? loadNow.find((r) => r.shard.index !== shard.index && r.runId !== unfinished?.runId)?.shardGroup : undefined;
        return ledger.start(tx, planned, runId, group ?? runId, options.source);
      }),
    // An abort that cuts this short may leave the run committed (its acknowledgement lost): the
    // caller's abort path finds it through the ledger and marks it interrupted.
    policy,
  ).catch((error: unknown) => {
    // A SeedInputError (the unfinished run's row held by a session named in it) is said as it is.
    if (!locking || error instanceof SeedInputError || !isLockTimeout(error)) throw error;
    const names = planned.tables.map((t) => t.table).join(', ');
    throw new SeedInputError(
      `could not lock ${names} to ${mode === 'truncate' ? 'truncate them' : 'append to them'} within ${lockTimeoutMs / 1000}s: ` +
        `other sessions hold locks on them${mode === 'truncate' && unfinished ? ' or on the unfinished run' : ''} (a long transaction of the application?). ` +
        'Nothing was changed',
      { hint: 'run the command again when they are done', cause: error },
    );
  });
  note(discarded ?? taken);
  return { run, plan: planned, resumed: false };
}

/** The user's answer; a prompt that fails once the signal aborted (Ctrl-C at the question) is the abort. */
async function ask(options: ResolvedSeedOptions, question: string): Promise<boolean> {
  try {
    return (await options.confirm?.(question)) ?? false;
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  }
}

/**
 * A resume takes from the unfinished run what was not given explicitly (an
 * empty counts object asks for nothing, so it counts as not given), and its
 * mode.
 */
function adoptedFrom(run: LedgerRun, input: PlanInput): PlanInput {
  const sized = input.preset !== undefined || (input.counts !== undefined && Object.keys(input.counts).length > 0);
  return { ...input, seed: input.seed ?? run.seed, append: run.append, ...(sized ? {} : { preset: run.preset, counts: run.counts }) };
}

function idStartsOf(run: LedgerRun): Record<string, number> {
  const starts: Record<string, number> = {};
  for (const t of run.tables) if (t.idStart !== undefined) starts[t.table] = t.idStart;
  return starts;
}

/** 1.2 GB, 3.4 TB: for the size refusal. */
function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** The advisory lock (two int4 keys: "reseed", "run creation") that serializes the creation of runs in one database. */
const RUN_CREATION_LOCK = [0x7265_7365, 1];

function describeRun(run: LedgerRun): string {
  const done = run.tables.reduce((n, t) => n + t.done, 0);
  const target = run.tables.reduce((n, t) => n + t.target, 0);
  return `${run.runId} (seed ${run.seed}, preset ${run.preset}, ${done} of ${target} rows, started ${run.createdAt.toISOString()})`;
}

/**
 * A load split into N shards is continued only as N shards: another count
 * (or none) would write other row ranges over it.
 */
function checkShardCount(runs: readonly LedgerRun[], shard: Shard): void {
  const other = runs.find((r) => r.shard.count !== shard.count);
  if (!other) return;
  const asked = shard.count === 1 ? 'without {shard}' : `with {shard} ${formatShard(shard)}`;
  const split = other.shard.count === 1 ? 'is not split into shards' : `is split into ${other.shard.count} shards`;
  const how = other.shard.count === 1 ? 'continue it without {shard}' : `load its shards with {shard} K/${other.shard.count}`;
  throw new SeedInputError(`the unfinished run ${describeRun(other)} ${split}: it cannot be loaded ${asked}; ${how}, or finish or discard it first`);
}
