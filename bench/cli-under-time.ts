import { readCliOutput } from './cli-output';
import { CLI_BIN, REPO_ROOT } from './timed-cli-run';
import { runUnderTime } from './time-v';

/** One installed-CLI run measured from outside: what its report says and what /usr/bin/time saw. */
export interface CliUnderTime {
  rows: number;
  /** The load's rows/s as the report gives it ("loading L at R rows/s"). */
  rowsPerSec: number;
  /** Rows over the whole seed (its "in T": plan, ledger, tuning, load, index rebuild, ANALYZE; not the process start). */
  overallRowsPerSec: number;
  /** The whole seed's seconds (T of the report). */
  runSeconds: number;
  peakRssBytes: number;
  /** Spawn to exit (node start and config loading included). */
  wallMs: number;
}

/**
 * Runs the installed CLI (bin/reseed.cjs on dist/, see buildCli) once under
 * /usr/bin/time -v with DATABASE_URL=url and reads its final report.
 */
export async function runCliUnderTime(cliArgs: readonly string[], url: string, cwd: string = REPO_ROOT): Promise<CliUnderTime> {
  const run = await runUnderTime([CLI_BIN, ...cliArgs], { cwd, env: { ...process.env, DATABASE_URL: url }, what: 'CLI run' });
  const lines = [
    ...run.out.split('\n').map((text) => ({ atMs: 0, stream: 'stdout' as const, text })),
    ...run.err.split('\n').map((text) => ({ atMs: 0, stream: 'stderr' as const, text })),
  ];
  const facts = readCliOutput(lines);
  return {
    rows: facts.totalRows,
    rowsPerSec: facts.reportedRowsPerSec,
    overallRowsPerSec: facts.totalRows / facts.runSeconds,
    runSeconds: facts.runSeconds,
    peakRssBytes: run.peakRssBytes,
    wallMs: run.wallMs,
  };
}
