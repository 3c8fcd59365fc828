import type { TimedLine } from './timed-cli-run';

/** What a finished CLI run said about itself, read from its output. */
export interface CliOutputFacts {
  /** From the report line "Seeded N rows in T (R rows/s), seed S, tuning P". */
  totalRows: number;
  /** The CLI's own rate: seed() from plan to ANALYZE (tuning and its restart included, the restore not). */
  reportedRowsPerSec: number;
  /** The profile the report says ran. */
  profile: string;
  /** rows/s per table, from the report's table. */
  tables: Record<string, number>;
  /** Each restart, from the note announcing it to the note saying it is done (ms). */
  restartsMs: number[];
}

/** The report's summary line, as seed-report-text.ts formats it. */
const SEEDED_LINE = /^Seeded ([\d,]+) rows in (\S+) \(([\d.]+)(k|M)? rows\/s\), seed \d+(?:, resumed run)?, tuning (\S+)$/;
/** A row of the report's per-table table: name, rows, rows/s, generate, write. */
const TABLE_ROW = /^ {2}(\S+)\s+([\d,]+)\s+([\d.]+)(k|M)?\s+\S+\s+\S+$/;
/** Notes printed before a restart (for tuning, then to restore). */
const RESTART_BEGIN = /^PostgreSQL must restart /;
/** Notes printed once the restart is over, whatever its outcome. */
const RESTART_END = /^(Restarted; |Restart skipped|The server did not restart|The server has not restarted)/;

/** A CLI output that does not hold what the bench needs: says which line is missing. */
export class CliOutputError extends Error {
  override readonly name = 'CliOutputError';
}

/** Reads the final report and the restart notes; throws CliOutputError when the report is missing. */
export function readCliOutput(lines: readonly TimedLine[]): CliOutputFacts {
  const stdout = lines.filter((l) => l.stream === 'stdout');
  const at = stdout.findIndex((l) => SEEDED_LINE.test(l.text));
  if (at < 0) throw new CliOutputError('the CLI printed no "Seeded N rows in T (R rows/s) ..., tuning P" report line');
  const [, rows, , rate, unit, profile] = SEEDED_LINE.exec(stdout[at]!.text)!;
  const tables: Record<string, number> = {};
  for (const line of stdout.slice(at + 2)) {
    const row = TABLE_ROW.exec(line.text);
    if (!row) break;
    tables[row[1]!] = scaled(row[3]!, row[4]);
  }
  const restartsMs: number[] = [];
  let begin: number | undefined;
  for (const line of stdout) {
    if (RESTART_BEGIN.test(line.text)) begin = line.atMs;
    else if (begin !== undefined && RESTART_END.test(line.text)) {
      restartsMs.push(line.atMs - begin);
      begin = undefined;
    }
  }
  return { totalRows: Number(rows!.replaceAll(',', '')), reportedRowsPerSec: scaled(rate!, unit), profile: profile!, tables, restartsMs };
}

/** "17.7" + "k" -> 17700 (formatRate's units). */
function scaled(value: string, unit: string | undefined): number {
  return Number(value) * (unit === 'M' ? 1_000_000 : unit === 'k' ? 1_000 : 1);
}
