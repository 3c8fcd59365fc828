import { EntitySchema } from 'typeorm';
import { defineFactory } from '../../../src/seeding/define-factory';
import { defineConfig } from '../../../src/seeding/reseed-config';

/**
 * An entity with a column of every type the writers must encode alike, and
 * values chosen to break a careless COPY encoder: tabs, newlines, carriage
 * returns, backslashes, quotes, braces, unicode, NULL next to the empty
 * string, bytes 0x00 and 0x5c, array elements that are NULL or empty, values
 * left to the column default in some rows only.
 */
export interface ZooRow {
  id: number;
  label: string;
  note: string | null;
  doc: unknown;
  tags: (string | null)[];
  scores: number[];
  mood: string;
  moods: string[];
  at: Date;
  local: Date;
  day: string;
  amount: string;
  blob: Buffer | null;
  key: string;
  flag: boolean;
  big: string;
  ratio: number;
  list: string[];
  meta: unknown;
  status: string;
  shout: string;
}

export const ZOO_TABLE_SQL = [
  `CREATE TYPE zoo_mood AS ENUM ('calm', 'wild', 'o''clock')`,
  `CREATE TABLE zoo_rows (
     id serial PRIMARY KEY, label text NOT NULL, note text, doc jsonb, tags text[] NOT NULL, scores integer[] NOT NULL,
     mood zoo_mood NOT NULL, moods zoo_mood[] NOT NULL, at timestamptz NOT NULL, local timestamp NOT NULL, day date NOT NULL,
     amount numeric(14,4) NOT NULL, blob bytea, key uuid NOT NULL, flag boolean NOT NULL, big bigint NOT NULL,
     ratio double precision NOT NULL, list text NOT NULL, meta text NOT NULL, status varchar(20) NOT NULL DEFAULT 'fresh',
     shout text NOT NULL)`,
];

export const Zoo = new EntitySchema<ZooRow>({
  name: 'Zoo',
  tableName: 'zoo_rows',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    label: { type: 'text' },
    note: { type: 'text', nullable: true },
    doc: { type: 'jsonb', nullable: true },
    tags: { type: 'text', array: true },
    scores: { type: 'integer', array: true },
    mood: { type: 'enum', enum: ['calm', 'wild', "o'clock"], enumName: 'zoo_mood' },
    moods: { type: 'enum', enum: ['calm', 'wild', "o'clock"], enumName: 'zoo_mood', array: true },
    at: { type: 'timestamptz' },
    local: { type: 'timestamp' },
    day: { type: 'date' },
    amount: { type: 'numeric', precision: 14, scale: 4 },
    blob: { type: 'bytea', nullable: true },
    key: { type: 'uuid' },
    flag: { type: 'boolean' },
    big: { type: 'bigint' },
    ratio: { type: 'double precision' },
    list: { type: 'simple-array' },
    meta: { type: 'simple-json' },
    status: { type: 'varchar', length: 20, default: 'fresh' },
    shout: { type: 'text', transformer: { to: (v: string) => v.toUpperCase(), from: (v: string) => v } },
  },
});

/** Strings that need escaping in COPY text, in array literals or in JSON. */
export const TRICKY = [
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'back\\slash \\N \\t',
  '"quoted", {braced}',
  'ünïcødé — 日本語 🦓',
  '',
  ' leading and trailing ',
  'NULL',
  '\\',
];

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;

export const zooFactory = defineFactory(Zoo, (ctx) => {
  const { index: i, random } = ctx;
  const bytes = Buffer.alloc(6);
  for (let b = 0; b < bytes.length; b++) bytes[b] = random.int(0, 255);
  bytes[0] = 0x00;
  bytes[1] = 0x5c;
  const row: Partial<ZooRow> = {
    label: `${pick(TRICKY, i)}#${i}`,
    note: i % 3 === 0 ? null : i % 3 === 1 ? '' : pick(TRICKY, i + 1),
    doc: i % 5 === 0 ? null : { text: pick(TRICKY, i), n: random.int(-5, 5), list: [pick(TRICKY, i + 2), null, true], nested: { '\t': '\\' } },
    tags: [pick(TRICKY, i), null, pick(TRICKY, i + 3), ''],
    scores: [random.int(-1000, 1000), 0, i],
    mood: pick(['calm', 'wild', "o'clock"], i),
    moods: [pick(['calm', 'wild', "o'clock"], i + 1), "o'clock"],
    at: new Date(Date.UTC(2024, 0, 1) + random.int(0, 365 * 86_400) * 1000 + 123),
    local: new Date(Date.UTC(2023, 5, 1) + random.int(0, 86_400) * 1000),
    day: `2024-0${1 + (i % 9)}-1${i % 10}`,
    amount: `${random.int(-99_999, 99_999)}.${String(random.int(0, 9999)).padStart(4, '0')}`,
    blob: i % 4 === 0 ? null : bytes,
    key: `0000${String(i).padStart(4, '0')}-0000-4000-8000-${random.int(0, 0xffffff).toString(16).padStart(12, '0')}`,
    flag: random.bool(),
    big: String(9_007_199_254_740_993n + BigInt(i)),
    ratio: random.next() * 1e6 - 5e5,
    list: ['a b', pick(TRICKY, i).replaceAll(',', ';')],
    meta: { s: pick(TRICKY, i), i },
    shout: `${pick(TRICKY, i)} quiet`,
  };
  // Some rows leave status to its default: the COPY writer must name the column only where it has a value.
  if (i % 7 >= 4) row.status = `set-${i % 7}`;
  return row;
  // useDefaults: reseed generates no status of its own, so a row without one gets the column's default.
}, { useDefaults: ['status'] });

export const zooConfig = defineConfig({ entities: [Zoo], factories: [zooFactory] });
