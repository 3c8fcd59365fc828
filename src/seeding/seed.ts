import { SeedLedger } from './ledger/seed-ledger';
import { prepareCluster } from './distribution/prepare-cluster';
import { planSeed } from './plan-seed';
import { resolveSeedOptions, type SeedOptions } from './seed-options';
import type { SeedReport } from './seed-report';
import { emptyReport, SeedRun } from './seed-run';
import { refuseMissingSchema } from './schema-check';
import { withReconnect } from '../connection';

export type { SeedHookContext, SeedHooks, SeedMode, SeedOptions } from './seed-options';

/**
 * Fills the database: plans (validating everything first), resumes or starts
 * a run in the ledger as the mode says, loads every table in FK order in
 * batches that commit with their ledger advance, survives lost connections
 * through the manager, then moves sequences past max(id) and analyzes. Same
 * seed and counts, same rows, byte for byte, whatever the batch size or
 * interruptions.
 *
 * The ledger, not memory, says what is loaded: it is read again after every
 * table and after every reconnect, and the run becomes `done` only in a
 * transaction that checks rows_done = target_rows for every table. A crash
 * under synchronous_commit = off can take back batches of a table that had
 * already finished; they are loaded again, parents before children.
 *
 * An abort of `signal`, wherever it lands, ends in SeedAbortedError with the
 * run left resumable.
 *
 * One process loads a run at a time: the run is this call's (a new one, or an
 * unfinished one taken over from an owner that is gone or silent for the
 * owner lease), every batch checks that in its own transaction, and a
 * heartbeat says so while the call runs. Another live owner is refused
 * (SeedInputError naming it); losing the run to another process mid-load
 * stops this one with RunTakenOverError before its next batch. Reconnects
 * without progress are bounded (maxReconnects): SeedStalledError.
 *
 * Refusals are SeedInputErrors with a `hint` worded for these options.
 */
export async function seed(options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  let resolved = resolveSeedOptions(options);
  const ledger = new SeedLedger(resolved.ledger);
  // Once per call, before the plan: factories read it as ctx.prepared.
  resolved.planInput.prepared = (await resolved.planInput.config?.prepare?.()) ?? {};
  // On Citus: a worker is refused, and the tables are distributed (or their placement read) before the run.
  const planInput = await prepareCluster({
    manager: resolved.manager,
    planInput: resolved.planInput,
    checkOnly: resolved.dryRun,
    signal: resolved.signal,
    onNote: (message) => resolved.onProgress({ type: 'note', message }),
  });
  resolved = { ...resolved, planInput };
  if (resolved.dryRun) {
    const plan = planSeed({ ...resolved.planInput, dataSource: await resolved.manager.ready() });
    await withReconnect(resolved.manager, (ds) => refuseMissingSchema(ds, plan), { signal: resolved.signal });
    resolved.onProgress({ type: 'plan', plan, runId: undefined, resumed: false, dryRun: true });
    for (const message of plan.notes) resolved.onProgress({ type: 'note', message });
    return emptyReport(plan, started);
  }
  return new SeedRun(resolved, ledger, started).run();
}
