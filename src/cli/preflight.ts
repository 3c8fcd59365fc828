import { describeConnectionError, FatalConnectionError, waitForReady, type DatabaseTarget } from '../connection';

/** How long the first connection may take before a command gives up with one line. */
export const INITIAL_CONNECT_BUDGET_MS = 5_000;

/**
 * A short readiness wait before anything else: a server that is not there, a
 * wrong password or a missing database is one clear line after a few seconds,
 * not a two-minute wait (that budget is for restarts mid-run) and not a stack
 * trace from a tool further down (the TypeORM CLI for migrate).
 */
export async function preflight(target: DatabaseTarget, ssl: unknown, log: (line: string) => void, verbose: (line: string) => void): Promise<void> {
  let told = false;
  try {
    await waitForReady(
      { host: target.host, port: target.port, user: target.user, password: target.password, database: target.database, ssl: ssl as never },
      {
        budgetMs: INITIAL_CONNECT_BUDGET_MS,
        onAttempt: (a) => {
          if (a.outcome === 'ready') return;
          verbose(`waiting for the server: ${a.outcome} (${a.message})`);
          if (!told && a.outcome !== 'error') log(`Waiting up to ${INITIAL_CONNECT_BUDGET_MS / 1000}s for the server (${a.outcome})...`);
          told = true;
        },
      },
    );
  } catch (error) {
    throw new FatalConnectionError(describeConnectionError(error, target), { cause: error });
  }
}
