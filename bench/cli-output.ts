import type { TimedLine } from './timed-cli-run';

/** What a finished CLI run said about itself, read from its output. */
export interface CliOutputFacts {
  /** From the report line "Seeded N rows in T (loading L at R rows/s), seed S, tuning P". */
  totalRows: number;
  /** T: the CLI's seed() time, plan to ANALYZE (tuning, its restart and the index/FK rebuild included; the restore not). */
  runSeconds: number;
  /** R: the CLI's rate. */
  reportedRowsPerSec: number;
  /**
   * True when R is the load alone ("loading L at R rows/s": table loads only);
   * false for the older report "(R rows/s)", where R is rows over T.
   */
  rateIsLoadOnly: boolean;
  /** The profile the report says ran. */
  profile: string;
  /** rows/s per table, from the report's table. */
  tables: Record<string, number>;
  /** Each restart, from the note announcing it to the note saying it is done (ms). */
  restartsMs: number[];
}

/** The report's summary line, as seed-report-text.ts formats it (with or without the "loading L at" of newer reports). */
const SEEDED_LINE = /^Seeded ([\d,]+) rows in (\S+) \((loading \S+ at )?([\d.]+)(k|M)? rows\/s\), seed \d+(?:, resumed run)?, tuning (\S+)$/;
/** formatDuration's forms (850ms, 5.7s, 12s, 1:05, 1:05:03) and formatElapsed's (5.71s). */
const DURATION = /^(?:(\d+)ms|([\d.]+)s|(?:(\d+):)?(\d+):(\d\d))$/;
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
  // Which stream carries the report and the notes has changed between versions: look in both, pair within one.
  const seeded = lines.find((l) => SEEDED_LINE.test(l.text));
  const report = lines.filter((l) => l.stream === (seeded?.stream ?? 'stdout'));
  const at = report.findIndex((l) => SEEDED_LINE.test(l.text));
  if (at < 0) throw new CliOutputError('the CLI printed no "Seeded N rows in T (loading L at R rows/s), seed S, tuning P" report line');
  const [, rows, duration, loading, rate, unit, profile] = SEEDED_LINE.exec(report[at]!.text)!;
  const tables: Record<string, number> = {};
  for (const line of report.slice(at + 2)) {
    const row = TABLE_ROW.exec(line.text);
    if (!row) break;
    tables[row[1]!] = scaled(row[3]!, row[4]);
  }
  const restartsMs: number[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    let begin: number | undefined;
    for (const line of lines) {
      if (line.stream !== stream) continue;
      if (RESTART_BEGIN.test(line.text)) begin = line.atMs;
      else if (begin !== undefined && RESTART_END.test(line.text)) {
        restartsMs.push(line.atMs - begin);
        begin = undefined;
      }
    }
  }
  return {
    totalRows: Number(rows!.replaceAll(',', '')),
    runSeconds: seconds(duration!),
    reportedRowsPerSec: scaled(rate!, unit),
    rateIsLoadOnly: loading !== undefined,
    profile: profile!,
    tables,
    restartsMs,
  };
}

/** "850ms" -> 0.85, "12s" -> 12, "1:05" -> 65, "1:05:03" -> 3903. */
function seconds(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new CliOutputError(`the report's duration "${text}" is in no known form (850ms, 5.7s, 5.71s, 1:05, 1:05:03)`);
  if (m[1] !== undefined) return Number(m[1]) / 1000;
  if (m[2] !== undefined) return Number(m[2]);
  return Number(m[3] ?? 0) * 3600 + Number(m[4]) * 60 + Number(m[5]);
}

/** "17.7" + "k" -> 17700 (formatRate's units). */
function scaled(value: string, unit: string | undefined): number {
  return Number(value) * (unit === 'M' ? 1_000_000 : unit === 'k' ? 1_000 : 1);
}
