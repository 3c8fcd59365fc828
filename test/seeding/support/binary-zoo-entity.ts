import { EntitySchema } from 'typeorm';
import { defineFactory } from '../../../src/seeding/define-factory';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { TRICKY } from './zoo-entity';

/**
 * An entity whose every column has a binary COPY codec, so the COPY writer
 * sends its rows in the binary format; a few rows hold a value a codec
 * leaves to the text format (their slice goes as text): TEXT_ROWS.
 */
export interface BinaryZooRow {
  id: number;
  small: number | string;
  big: number | string | bigint;
  real: number;
  ratio: number;
  flag: boolean;
  label: string;
  note: string | null;
  code: string;
  initials: string;
  key: string;
  at: Date;
  local: Date;
  day: string | Date;
  doc: unknown;
  raw: unknown;
  blob: Buffer | null;
  mood: string;
  price: string;
  amount: string | number;
  tags: (string | null)[];
  scores: number[];
  moods: string[];
  keys: string[];
}

export const BINARY_ZOO_TABLE_SQL = [
  `CREATE TYPE binary_zoo_mood AS ENUM ('calm', 'wild', 'o''clock')`,
  `CREATE TABLE binary_zoo_rows (
     id serial PRIMARY KEY, small smallint NOT NULL, big bigint NOT NULL, real real NOT NULL, ratio double precision NOT NULL,
     flag boolean NOT NULL, label text NOT NULL, note text, code varchar(20) NOT NULL DEFAULT 'fresh', initials char(5) NOT NULL,
     key uuid NOT NULL, at timestamptz NOT NULL, local timestamp NOT NULL, day date NOT NULL, doc jsonb, raw json NOT NULL,
     blob bytea, mood binary_zoo_mood NOT NULL, price numeric(10,2) NOT NULL, amount numeric NOT NULL,
     tags text[] NOT NULL, scores integer[] NOT NULL, moods binary_zoo_mood[] NOT NULL, keys uuid[] NOT NULL)`,
];

export const BinaryZoo = new EntitySchema<BinaryZooRow>({
  name: 'BinaryZoo',
  tableName: 'binary_zoo_rows',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    small: { type: 'smallint' },
    big: { type: 'bigint' },
    real: { type: 'real' },
    ratio: { type: 'double precision' },
    flag: { type: 'boolean' },
    label: { type: 'text' },
    note: { type: 'text', nullable: true },
    code: { type: 'varchar', length: 20, default: 'fresh' },
    initials: { type: 'char', length: 5 },
    key: { type: 'uuid' },
    at: { type: 'timestamptz' },
    local: { type: 'timestamp' },
    day: { type: 'date' },
    doc: { type: 'jsonb', nullable: true },
    raw: { type: 'json' },
    blob: { type: 'bytea', nullable: true },
    mood: { type: 'enum', enum: ['calm', 'wild', "o'clock"], enumName: 'binary_zoo_mood' },
    price: { type: 'numeric', precision: 10, scale: 2 },
    amount: { type: 'numeric' },
    tags: { type: 'text', array: true },
    scores: { type: 'integer', array: true },
    moods: { type: 'enum', enum: ['calm', 'wild', "o'clock"], enumName: 'binary_zoo_mood', array: true },
    keys: { type: 'uuid', array: true },
  },
});

/** Rows (0-based) holding a value the binary format leaves to the text format: a smallint as a padded string, a uuid in braces, a real that float4 rounds. */
export const TEXT_ROWS = [57, 77, 101];

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;

export const binaryZooFactory = defineFactory(
  BinaryZoo,
  (ctx) => {
    const { index: i, random } = ctx;
    const bytes = Buffer.alloc(5);
    for (let b = 0; b < bytes.length; b++) bytes[b] = random.int(0, 255);
    bytes[0] = 0x00;
    bytes[1] = 0x5c;
    const key = `0000${String(i).padStart(4, '0')}-0000-4000-8000-${random.int(0, 0xffffff).toString(16).padStart(12, '0')}`;
    const row: Partial<BinaryZooRow> = {
      small: i === 57 ? ` ${i} ` : random.int(-32_768, 32_767),
      // Numbers, bigints, strings past 2^53, and int8's very ends.
      big: i % 3 === 0 ? (i % 2 === 0 ? random.int(-1e15, 1e15) : BigInt(random.int(-1e15, 1e15)) * 1000n) : i % 3 === 1 ? String(9_007_199_254_740_993n + BigInt(i)) : pick(['-9223372036854775808', '9223372036854775807', '0'], Math.floor(i / 3)),
      real: i === 101 ? 0.1 : pick([0.5, -0, 1.25, -1024, 2 ** 40], i),
      ratio: pick([random.next() * 1e6 - 5e5, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.1, 1e-300], i),
      flag: random.bool(),
      label: `${pick(TRICKY, i)}#${i}`,
      note: i % 3 === 0 ? null : i % 3 === 1 ? '' : pick(TRICKY, i + 1),
      initials: pick(['ab', 'abcde', 'ü', ''], i),
      key: i === 77 ? `{${key}}` : i % 4 === 0 ? key.toUpperCase() : key,
      // Years 0500 and 9999 too, milliseconds kept.
      at: new Date(pick([Date.UTC(2024, 0, 1), Date.UTC(500, 5, 5), Date.UTC(9999, 11, 30)], i) + random.int(0, 86_400) * 1000 + 123),
      local: new Date(Date.UTC(2023, 5, 1) + random.int(0, 365 * 86_400) * 1000 + i),
      day: i % 5 === 0 ? new Date(2024, 1, 29) : pick(['2024-02-29', '0001-01-01', '9999-12-31', '1999-12-31', '2000-01-01'], i),
      doc: i % 5 === 0 ? null : { text: pick(TRICKY, i), n: random.int(-5, 5), list: [null, true], nested: { '\t': '\\' } },
      raw: { s: pick(TRICKY, i), i, spaced: 'kept as written' },
      blob: i % 4 === 0 ? null : bytes,
      mood: pick(['calm', 'wild', "o'clock"], i),
      // Rounded to the column's scale on the server, in either format; the display scale of an unconstrained numeric kept.
      price: pick(['12.345', '-0.5', '100', '0', '-0.00', '99999999.99', '0.005', `${random.int(0, 99_999)}.${random.int(0, 999)}`], i),
      // Arrays: NULL and empty elements, the strings an array literal must quote, an empty array.
      tags: [pick(TRICKY, i), null, pick(TRICKY, i + 3), '', 'NULL', '{a,b}'],
      scores: i % 6 === 0 ? [] : [random.int(-1000, 1000), 0, i],
      moods: [pick(['calm', 'wild', "o'clock"], i + 1), "o'clock"],
      keys: [key.replace('{', '').replace('}', ''), '00000000-0000-4000-8000-000000000000'],
      amount: pick(['1.500', '-123456789012345678901234567890.000000000001', '0.00001', 42, '007.50', '10000', 0.25], i),
    };
    // Some rows leave code to its default: a COPY of their own, naming one column fewer.
    if (i % 7 >= 4) row.code = `set-${i % 7}`;
    return row;
  },
  { useDefaults: ['code'] },
);

export const binaryZooConfig = defineConfig({ entities: [BinaryZoo], factories: [binaryZooFactory] });
