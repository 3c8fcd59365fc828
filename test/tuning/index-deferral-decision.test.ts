import { describe, expect, it } from 'vitest';
import { CLI_HINT_WORDS } from '../../src/cli/cli-hint-words';
import { LIBRARY_HINT_WORDS, renderHint } from '../../src/errors';
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

  it('names the option in the caller\'s words: deferIndexes for the library, --defer-indexes for the CLI', () => {
    const { reason } = decideIndexDeferral({ ...large, requested: 'on' });
    expect(renderHint(reason, LIBRARY_HINT_WORDS)).toBe('deferIndexes: on');
    expect(renderHint(reason, CLI_HINT_WORDS)).toBe('--defer-indexes on');
  });
});
