import { formatCount } from '../format-count';

/** Where progress goes: a terminal gets redrawn bars, anything else plain periodic lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link ProgressDisplay}. */
export interface ProgressDisplayOptions {
  /** Redraw bars at most this often in a terminal. Default: 100 ms. */
  redrawMs?: number;
  /** Without a terminal, one line per table at most this often. Default: 5000 ms. */
  plainEveryMs?: number;
  /** Clock, for tests. Default: Date.now. */
  now?: () => number;
}

const DEFAULT_REDRAW_MS = 100;
const DEFAULT_PLAIN_EVERY_MS = 5_000;
const BAR_WIDTH = 24;
/** The narrowest bar worth drawing; below it the bar is left out. */
const MIN_BAR_WIDTH = 6;
/** Table names in the bars take at least this width, and at most the other (longer ones are cut with ~). */
const MIN_NAME_WIDTH = 12;
const MAX_NAME_WIDTH = 20;
/** Room kept for the ETA: `done in 1:05:03`. */
const ETA_WIDTH = 15;
/** Width assumed when the terminal does not say. */
const DEFAULT_COLUMNS = 80;

interface TableLine {
  table: string;
  total: number;
  done: number;
  startedAt: number;
  finishedAt: number | undefined;
  lastPlainAt: number;
}

/**
 * Progress for a seed run: one bar per table with rows/s and ETA in a
 * terminal, redrawn in place; plain periodic lines when output is a pipe or a
 * file (CI logs stay readable). Notes (reconnecting, tuning) print above the bars.
 */
export class ProgressDisplay {
  readonly #out: ProgressStream;
  readonly #tty: boolean;
  readonly #redrawMs: number;
  readonly #plainEveryMs: number;
  readonly #now: () => number;
  readonly #lines: TableLine[] = [];
  #drawn = 0;
  #lastDraw = 0;
  #closed = false;

  constructor(out: ProgressStream, options: ProgressDisplayOptions = {}) {
    this.#out = out;
    this.#tty = out.isTTY === true;
    this.#redrawMs = options.redrawMs ?? DEFAULT_REDRAW_MS;
    this.#plainEveryMs = options.plainEveryMs ?? DEFAULT_PLAIN_EVERY_MS;
    this.#now = options.now ?? Date.now;
  }

  /** The tables the run will show, before they start: the bars' name column fits them all from the first frame. */
  plan(tables: readonly string[]): void {
    this.#planned = [...tables];
  }

  #planned: string[] = [];

  /** A table starts (or resumes with `done` rows already committed). */
  start(table: string, total: number, done = 0): void {
    const now = this.#now();
    const existing = this.#lines.find((l) => l.table === table);
    if (existing) Object.assign(existing, { total, done, startedAt: now, finishedAt: undefined });
    else this.#lines.push({ table, total, done, startedAt: now, finishedAt: undefined, lastPlainAt: now });
    this.#baseline.set(table, done);
    this.#render(true);
  }

  /** Rows committed so far for a table. */
  update(table: string, done: number): void {
    const line = this.#lines.find((l) => l.table === table);
    if (!line) return;
    line.done = done;
    const now = this.#now();
    if (!this.#tty && now - line.lastPlainAt >= this.#plainEveryMs) {
      line.lastPlainAt = now;
      this.#out.write(`${formatLine(line, now, this.#baseline.get(table) ?? 0, undefined)}\n`);
      return;
    }
    this.#render(false);
  }

  /** A table is complete. */
  finish(table: string): void {
    const line = this.#lines.find((l) => l.table === table);
    if (!line) return;
    line.done = line.total;
    line.finishedAt = this.#now();
    if (!this.#tty) this.#out.write(`${formatLine(line, line.finishedAt, this.#baseline.get(table) ?? 0, undefined)}\n`);
    this.#render(true);
  }

  /** A message above the bars (reconnecting, tuning, warnings). */
  note(message: string): void {
    this.#clear();
    // In a terminal, cut between words to its width (the terminal would cut mid-word); a log keeps one line.
    this.#out.write(`${this.#tty ? wrapWords(message, this.#width()) : message}\n`);
    this.#render(true);
  }

  #width(): number {
    return Math.max((this.#out.columns ?? DEFAULT_COLUMNS) - 1, 20);
  }

  /** Leaves the final bars on screen; later notes print below them. */
  close(): void {
    if (this.#closed) return;
    this.#render(true);
    this.#drawn = 0;
    this.#closed = true;
  }

  readonly #baseline = new Map<string, number>();

  #clear(): void {
    if (!this.#tty || this.#drawn === 0) return;
    // From the start of the line: a ^C echoed by the terminal moved the cursor right.
    this.#out.write(`\r\x1b[${this.#drawn}A\x1b[0J`);
    this.#drawn = 0;
  }

  #render(force: boolean): void {
    if (!this.#tty || this.#closed) return;
    const now = this.#now();
    if (!force && now - this.#lastDraw < this.#redrawMs) return;
    this.#lastDraw = now;
    // One screen line per bar, never wrapped: the redraw moves up exactly that many lines.
    const width = this.#width();
    // One name width for every bar (the longest name, within reason): the bars line up, and keep their width.
    const nameWidth = Math.min(MAX_NAME_WIDTH, Math.max(MIN_NAME_WIDTH, ...this.#planned.map((t) => t.length), ...this.#lines.map((l) => l.table.length)));
    const text = this.#lines.map((l) => formatLine(l, now, this.#baseline.get(l.table) ?? 0, width, nameWidth)).join('\n');
    this.#clear();
    if (!text) return;
    this.#out.write(`${text}\n`);
    this.#drawn = this.#lines.length;
  }
}

/** A table's progress: a plain sentence, or (given a width) a bar line that fits in it. */
function formatLine(line: TableLine, now: number, baseline: number, width: number | undefined, nameWidth = MIN_NAME_WIDTH): string {
  const end = line.finishedAt ?? now;
  const seconds = Math.max((end - line.startedAt) / 1000, 0.001);
  const rate = (line.done - baseline) / seconds;
  const pct = line.total === 0 ? 100 : Math.floor((line.done / line.total) * 100);
  const remaining = line.total - line.done;
  const eta = line.finishedAt !== undefined ? `done in ${formatDuration(seconds)}` : rate > 0 ? `ETA ${formatDuration(remaining / rate)}` : 'ETA --';
  const counts = `${formatInt(line.done)}/${formatInt(line.total)}`;
  if (width === undefined) return `${line.table}: ${counts} rows (${pct}%), ${formatRate(rate)}, ${eta}`;
  const name = line.table.length > nameWidth ? `${line.table.slice(0, nameWidth - 1)}~` : line.table.padEnd(nameWidth);
  // The ETA padded to its longest usual form ('done in 1:05:03'): the bar's width does not move as it changes.
  const figures = ` ${String(pct).padStart(3)}% ${counts.padStart(15)} ${formatRate(rate).padStart(12)} `;
  const tail = `${figures}${eta}`;
  const room = width - name.length - figures.length - Math.max(ETA_WIDTH, eta.length) - 3;
  const barWidth = Math.min(BAR_WIDTH, room);
  if (barWidth < MIN_BAR_WIDTH) return `${name}${tail}`.slice(0, width);
  const filled = line.total === 0 ? barWidth : Math.round((line.done / line.total) * barWidth);
  return `${name} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${tail}`.slice(0, width);
}

/** 12,345 */
export function formatInt(n: number): string {
  return formatCount(n);
}

/** 14.2k rows/s */
export function formatRate(rowsPerSecond: number): string {
  if (!Number.isFinite(rowsPerSecond) || rowsPerSecond <= 0) return '-- rows/s';
  if (rowsPerSecond >= 1_000_000) return `${(rowsPerSecond / 1_000_000).toFixed(1)}M rows/s`;
  if (rowsPerSecond >= 1_000) return `${(rowsPerSecond / 1_000).toFixed(1)}k rows/s`;
  return `${Math.round(rowsPerSecond)} rows/s`;
}

/** 1:05:03, 4:07, 12s, 3.4s, 40ms */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** `text` cut between words into lines of at most `width` (a longer word gets a line of its own), the later ones indented by two. */
export function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length > width && line.trim() !== '') {
      lines.push(line);
      line = `  ${word}`;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
