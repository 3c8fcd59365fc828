import type { CliOutputFacts } from './cli-output';
import { median } from './median';

/** One timed CLI run of the tuning comparison. */
export interface TuningRun {
  profile: string;
  /** 1-based repetition. */
  rep: number;
  /** Whole CLI process, spawn to exit. */
  wallMs: number;
  facts: CliOutputFacts;
}

/** The medians of one profile over its repetitions. */
export interface ProfileMedians {
  profile: string;
  runs: number;
  /** The CLI report's rows/s. */
  reportedRowsPerSec: number;
  /** Whether every run's report gave the load-only rate (newer report format). */
  rateIsLoadOnly: boolean;
  /** The CLI report's seed() time. */
  runSeconds: number;
  wallSeconds: number;
  /** Fastest and slowest wall time: how much the shared machine moved the numbers. */
  wallRange: [number, number];
  /** Time inside restarts, summed per run. */
  restartSeconds: number;
  /** Restart time over wall time, per run. */
  restartShare: number;
  tables: Record<string, number>;
}

/** Medians per profile, in the order given. */
export function profileMedians(runs: readonly TuningRun[], profiles: readonly string[]): ProfileMedians[] {
  return profiles.map((profile) => {
    const mine = runs.filter((r) => r.profile === profile);
    const restartMs = mine.map((r) => r.facts.restartsMs.reduce((a, b) => a + b, 0));
    const tableNames = [...new Set(mine.flatMap((r) => Object.keys(r.facts.tables)))];
    return {
      profile,
      runs: mine.length,
      reportedRowsPerSec: median(mine.map((r) => r.facts.reportedRowsPerSec)),
      rateIsLoadOnly: mine.every((r) => r.facts.rateIsLoadOnly),
      runSeconds: median(mine.map((r) => r.facts.runSeconds)),
      wallSeconds: median(mine.map((r) => r.wallMs / 1000)),
      wallRange: [Math.min(...mine.map((r) => r.wallMs / 1000)), Math.max(...mine.map((r) => r.wallMs / 1000))],
      restartSeconds: median(restartMs.map((ms) => ms / 1000)),
      restartShare: median(mine.map((r, i) => restartMs[i]! / r.wallMs)),
      tables: Object.fromEntries(tableNames.map((t) => [t, median(mine.map((r) => r.facts.tables[t] ?? Number.NaN))])),
    };
  });
}

/** The closing table: medians per profile and their ratio to `off`, then rows/s per table. */
export function formatTuningSummary(medians: readonly ProfileMedians[], context: { reps: number; cores: number; loadAverages: string }): string {
  const off = medians.find((m) => m.profile === 'off');
  const ratio = (value: number, reference: number | undefined) => (reference ? `${(value / reference).toFixed(2)}x` : '-');
  const rows = medians.map((m) => [
    m.profile,
    rate(m.reportedRowsPerSec),
    ratio(m.reportedRowsPerSec, off?.reportedRowsPerSec),
    m.runSeconds.toFixed(1),
    m.wallSeconds.toFixed(1),
    `${m.wallRange[0].toFixed(1)}-${m.wallRange[1].toFixed(1)}`,
    ratio(off?.wallSeconds ?? Number.NaN, m.wallSeconds),
    m.restartSeconds > 0 ? `${m.restartSeconds.toFixed(1)} (${Math.round(m.restartShare * 100)}%)` : '-',
  ]);
  const tableNames = [...new Set(medians.flatMap((m) => Object.keys(m.tables)))];
  const perTable = tableNames.map((t) => [t, ...medians.map((m) => rate(m.tables[t] ?? Number.NaN))]);
  const loadOnly = medians.every((m) => m.rateIsLoadOnly);
  return [
    `Medians over ${context.reps} repetition(s) per profile on a shared machine (${context.cores} cores, other work may be running: 1-min load average ${context.loadAverages}); the order rotated each repetition.`,
    ...grid([['profile', 'rows/s', 'vs off', 'seed s', 'wall s', 'min-max', 'vs off', 'restarts s (share of wall)'], ...rows]),
    loadOnly
      ? '  rows/s: the CLI report\'s load rate (the table loads alone: no tuning, restart, index/FK rebuild or ANALYZE).'
      : '  rows/s: the CLI report\'s rate (over its seed s).',
    '  seed s: the CLI report\'s run time (tuning, the restart for it, load, index/FK rebuild, ANALYZE; not the restore).',
    '  wall s: the whole CLI process from spawn to exit (node start, both restarts, restore); min-max over the repetitions.',
    '  vs off: speed relative to off (rows/s over off\'s; off\'s wall over the profile\'s); above 1.00x is faster.',
    '',
    'Median rows/s per table (the CLI report; time to rebuild indexes and FKs is not in these)',
    ...grid([['table', ...medians.map((m) => m.profile)], ...perTable]),
  ].join('\n');
}

/** 17.7k / 1.2M / 950 */
function rate(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(2)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)}k`;
  return String(Math.round(n));
}

function grid(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd());
}
