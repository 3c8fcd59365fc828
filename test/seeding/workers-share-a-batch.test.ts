import { describe, expect, it } from 'vitest';
import { joinStatements, MIN_PIECE_ROWS, splitBatch } from '../../src/loading/workers/generation-pool';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (parts: readonly Uint8Array[]) => parts.map((p) => new TextDecoder().decode(p)).join('');

describe('a batch shared among the workers', () => {
  it('is cut into consecutive pieces that cover it exactly, one per worker, none below the minimum', () => {
    for (const workers of [1, 2, 3, 4, 7]) {
      for (const count of [1, MIN_PIECE_ROWS - 1, MIN_PIECE_ROWS, 2 * MIN_PIECE_ROWS - 1, 2 * MIN_PIECE_ROWS, 1000, 4253, 13107]) {
        const start = 40_000;
        const pieces = splitBatch(start, count, workers);
        expect(pieces.length).toBe(Math.max(1, Math.min(workers, Math.floor(count / MIN_PIECE_ROWS))));
        let next = start;
        for (const [from, rows] of pieces) {
          expect(from).toBe(next);
          expect(rows).toBeGreaterThan(0);
          if (pieces.length > 1) expect(rows).toBeGreaterThanOrEqual(MIN_PIECE_ROWS);
          next += rows;
        }
        expect(next).toBe(start + count);
        const sizes = pieces.map(([, rows]) => rows);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("joins the pieces' statements in order, one statement for consecutive ones with the same SQL", () => {
    const copyAll = 'COPY "t" ("a", "b") FROM STDIN';
    const copyA = 'COPY "t" ("a") FROM STDIN';
    const defaults = 'INSERT INTO "t" SELECT FROM generate_series(1, $1)';
    const joined = joinStatements([
      [{ sql: copyAll, rows: 2, bytes: bytes('1\tx\n2\ty\n') }],
      [
        { sql: copyAll, rows: 1, bytes: bytes('3\tz\n') },
        { sql: copyA, rows: 1, bytes: bytes('4\n') },
      ],
      [{ sql: copyA, rows: 1, bytes: bytes('5\n') }, { sql: defaults, rows: 3, bytes: bytes('') }],
      [{ sql: defaults, rows: 2, bytes: bytes('') }, { sql: copyAll, rows: 1, bytes: bytes('8\tw\n') }],
    ]);
    expect(joined.map((s) => ({ sql: s.sql, rows: s.rows, text: text(s.chunks) }))).toEqual([
      { sql: copyAll, rows: 3, text: '1\tx\n2\ty\n3\tz\n' },
      { sql: copyA, rows: 2, text: '4\n5\n' },
      { sql: defaults, rows: 5, text: '' },
      { sql: copyAll, rows: 1, text: '8\tw\n' },
    ]);
  });
});
