import { expect, it } from 'vitest';
import { isoInstant } from '../../src/seeding/iso-instant';
import { copyTextField } from '../../src/seeding/copy-text';
import { RandomSource } from '../../src/seeding/random-source';

const toIso = (ms: number) => new Date(ms).toISOString();

it('gives toISOString text at the ends of four-digit years, leap days and around the epoch', () => {
  const edges = [
    '0000-01-01T00:00:00.000Z', '0000-02-29T23:59:59.999Z', '0004-02-29T01:02:03.004Z', '1582-10-15T00:00:00.000Z',
    '1900-02-28T12:00:00.000Z', '1900-03-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z',
    '2000-02-29T12:34:56.789Z', '2100-02-28T23:59:59.999Z', '2100-03-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z',
  ].map(Date.parse);
  for (const ms of edges) expect(isoInstant(ms)).toBe(toIso(ms));
  // Past four digits toISOString writes ±YYYYYY: left to it.
  for (const ms of [Date.parse('0000-01-01T00:00:00.000Z') - 1, Date.parse('9999-12-31T23:59:59.999Z') + 1, 8.64e15, -8.64e15]) {
    expect(isoInstant(ms)).toBe(toIso(ms));
  }
});

it('gives toISOString text for every day of 1900-2199, every 29th day of 0000-9999 and random instants', () => {
  const random = new RandomSource().reseedRow(7, 1, 0);
  const first = Math.floor(Date.parse('0000-01-01T00:00:00.000Z') / 86_400_000);
  const last = Math.floor(Date.parse('9999-12-31T00:00:00.000Z') / 86_400_000);
  const wrong: string[] = [];
  const from1900 = Math.floor(Date.parse('1900-01-01T00:00:00.000Z') / 86_400_000);
  const to2199 = Math.floor(Date.parse('2199-12-31T00:00:00.000Z') / 86_400_000);
  for (let day = first; day <= last; day += day >= from1900 && day <= to2199 ? 1 : 29) {
    const ms = day * 86_400_000 + random.int(0, 86_399_999);
    if (isoInstant(ms) !== toIso(ms)) wrong.push(toIso(ms));
  }
  for (let i = 0; i < 50_000; i++) {
    const ms = random.int(-8.64e15, 8.64e15);
    if (isoInstant(ms) !== toIso(ms)) wrong.push(toIso(ms));
  }
  expect(wrong.slice(0, 5)).toEqual([]);
});

it('escapes exactly the characters COPY text gives a meaning', () => {
  expect(copyTextField('plain text, unicode ✓ and "quotes"')).toBe('plain text, unicode ✓ and "quotes"');
  expect(copyTextField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  expect(copyTextField('')).toBe('');
  expect(copyTextField('\\N')).toBe('\\\\N');
});
