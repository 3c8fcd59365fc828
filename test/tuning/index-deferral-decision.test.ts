import { describe, expect, it } from 'vitest';
import { decideIndexDeferral, DEFAULT_DEFER_THRESHOLD } from '../../src/tuning/index-deferral';

const large = { requested: 'auto' as const, rows: DEFAULT_DEFER_THRESHOLD, threshold: DEFAULT_DEFER_THRESHOLD, emptyTables: true, profileDefers: false };

describe('index and FK deferral decision', () => {
  it('defers a large load into empty tables by default', () => {
    expect(decideIndexDeferral(large)).toEqual({ defer: true, reason: '100,000 rows into empty tables' });
  });

  it('keeps them below the threshold, for tables that hold rows, and when told off, even for a profile that defers', () => {
    expect(decideIndexDeferral({ ...large, rows: DEFAULT_DEFER_THRESHOLD - 1 }).defer).toBe(false);
    expect(decideIndexDeferral({ ...large, emptyTables: false })).toEqual({ defer: false, reason: 'the tables already hold rows' });
    expect(decideIndexDeferral({ ...large, requested: 'off', profileDefers: true }).defer).toBe(false);
  });

  it('defers when told on, or when the tuning profile does, whatever the size', () => {
    expect(decideIndexDeferral({ ...large, rows: 10, emptyTables: false, requested: 'on' }).defer).toBe(true);
    expect(decideIndexDeferral({ ...large, rows: 10, profileDefers: true }).defer).toBe(true);
  });
});
