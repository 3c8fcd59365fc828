import { describe, expect, it } from 'vitest';
import { ProgressDisplay, wrapWords } from '../../src/cli/progress-display';

/** A terminal 80 columns wide that keeps what was written. */
function terminal() {
  const writes: string[] = [];
  return { stream: { isTTY: true, columns: 80, write: (t: string) => writes.push(t) }, writes };
}

const bars = (writes: string[]) =>
  writes
    .join('')
    .replace(/\r|\x1b\[\d*[AJ]/g, '\n')
    .split('\n')
    .filter((l) => /\[[#-]+\]/.test(l));

describe('the progress display in an 80-column terminal', () => {
  it('keeps every bar the same width as the ETA and the counts change, and names up to 20 characters whole', () => {
    let now = 0;
    const { stream, writes } = terminal();
    const display = new ProgressDisplay(stream, { now: () => now, redrawMs: 0 });
    // The plan's tables are known before the first starts: the name column fits the longest from the first frame.
    display.plan(['employees', 'employee_projects']);
    display.start('employees', 400_000);
    display.start('employee_projects', 900_000);
    for (const [t, done] of [[1_000, 5], [4_000, 29_113], [9_000, 150_000], [60_000, 291_111], [3_700_000, 399_999]] as const) {
      now = t;
      display.update('employees', done);
      display.update('employee_projects', done * 2);
    }
    now = 3_800_000;
    display.finish('employees');
    const drawn = bars(writes);
    expect(drawn.length).toBeGreaterThan(8);
    expect(new Set(drawn.map((l) => /\[[#-]+\]/.exec(l)![0].length)).size).toBe(1);
    for (const line of drawn) expect(line.length).toBeLessThanOrEqual(79);
    expect(drawn.some((l) => l.startsWith('employee_projects ['))).toBe(true);
  });

  it('cuts a long note between words, later lines indented; a log (no terminal) keeps it on one line', () => {
    const note =
      'Dropped 2 secondary indexes and 6 foreign keys for the load (303,000 rows into empty tables; recorded, recreated afterwards)';
    const wrapped = wrapWords(note, 79).split('\n');
    expect(wrapped.length).toBe(2);
    for (const line of wrapped) expect(line.length).toBeLessThanOrEqual(79);
    expect(wrapped[1]!.startsWith('  ')).toBe(true);
    expect(wrapped.map((l) => l.trim()).join(' ')).toBe(note);

    const { stream, writes } = terminal();
    new ProgressDisplay(stream).note(note);
    expect(writes.join('')).toContain(wrapped.join('\n'));
    const plain: string[] = [];
    new ProgressDisplay({ write: (t: string) => plain.push(t) }).note(note);
    expect(plain.join('')).toBe(`${note}\n`);
  });
});
