import type { SeedPlan } from '../seeding/seed-plan';
import type { SeedReport } from '../seeding/seed-report';
import { formatDuration, formatInt, formatRate } from './progress-display';
import { formatBytes } from '../format-bytes';

/** The plan as `--dry-run` prints it (and `--verbose` before a load, without the dry-run line): one row per table in load order. */
export function formatPlan(plan: SeedPlan, dryRun = true): string {
  const header = ['table', 'rows', 'ids', 'batch', 'batches', 'est. size', 'after'];
  const rows = plan.tables.map((t) => [
    t.table,
    formatInt(t.count),
    t.idStart === undefined || t.idEnd === undefined ? '-' : `${t.idStart}..${t.idEnd}`,
    formatInt(t.batchSize),
    formatInt(t.batches),
    formatBytes(t.estimatedBytes),
    t.parents.length ? t.parents.join(', ') : '-',
  ]);
  const lines = [
    `Plan: seed ${plan.seed}, preset ${plan.preset}${plan.append ? ', appending' : ''}; ${formatInt(plan.totalRows)} rows, about ${formatBytes(plan.estimatedBytes)}`,
    ...table([header, ...rows]),
    ...(dryRun ? ['Dry run: nothing was written.'] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Options of {@link formatReport}. */
export interface ReportContext {
  /** Tuning profile that ran ('off' when none). */
  tuningProfile: string;
  /** Set when the seeded server is reseed's embedded one: whether this run stops it at exit. */
  /** Set for the embedded server: whether this run stopped it, and the command that keeps it running. */
  embedded: { stoppedAtExit: boolean; serverCommand: string } | undefined;
  /** Masked URL of the database. */
  url: string;
}

/** The final report: rows and rows/s per table, time generating vs writing, reconnects, downtime. */
export function formatReport(report: SeedReport, context: ReportContext): string {
  const header = ['table', 'rows', 'rows/s', 'generate', 'write'];
  const rows = report.tables.map((t) => [t.table, formatInt(t.rows), formatRate(t.rowsPerSec).replace(' rows/s', ''), formatDuration(t.generateMs / 1000), formatDuration(t.writeMs / 1000)]);
  const generateMs = report.tables.reduce((n, t) => n + t.generateMs, 0);
  const writeMs = report.tables.reduce((n, t) => n + t.writeMs, 0);
  const seconds = report.elapsedMs / 1000;
  // The load alone: the whole run also holds tuning, restarts (and their waits), index rebuilds and ANALYZE.
  const loadSeconds = report.loadMs / 1000;
  const lines = [
    '',
    `Seeded ${formatInt(report.totalRows)} rows in ${formatElapsed(seconds)} (loading ${formatElapsed(loadSeconds)} at ${formatRate(report.totalRows / Math.max(loadSeconds, 0.001))}), seed ${report.seed}${report.resumed ? ', resumed run' : ''}, tuning ${context.tuningProfile}`,
    ...table([header, ...rows]),
    `Time: generating ${formatDuration(generateMs / 1000)}, writing ${formatDuration(writeMs / 1000)}; reconnects: ${report.reconnects}${report.reconnects ? ` (down ${formatDuration(report.downtimeMs / 1000)})` : ''}`,
    // The database was named when the run started; only the embedded server's fate is news here.
    ...(context.embedded
      ? [`Embedded server ${context.url}: ${context.embedded.stoppedAtExit ? `stopped at exit; \`${context.embedded.serverCommand}\` runs it for psql` : 'left running as it was'} (password: RESEED_EMBEDDED_PASSWORD)`]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A run's time in its report: formatDuration, with hundredths from 1 to
 * 10 s (1.51s, not 1.5s): a seed of a few seconds is compared with another,
 * and a tenth of a second is 5-10% of it.
 */
export function formatElapsed(seconds: number): string {
  return seconds >= 1 && seconds < 9.995 ? `${seconds.toFixed(2)}s` : formatDuration(seconds);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd());
}

