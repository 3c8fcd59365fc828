import { createRequire } from 'node:module';

/**
 * COPY's binary format (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Binary Format"): the signature, flags and header extension before the
 * first tuple, a 16-bit -1 after the last; each tuple a 16-bit field count,
 * then per field a 32-bit length (-1 for NULL) and the value in the type's
 * send format. PostgreSQL reads it without parsing text: into bare tables on
 * this machine, half the server's time of the text format for the example's
 * comments (58 against 117 ms for 50k rows), 0.6x for lorem post bodies.
 */
export const COPY_BINARY_HEADER: Buffer = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
export const COPY_BINARY_TRAILER: Buffer = Buffer.from([0xff, 0xff]);
/** What ends a binary COPY statement's SQL. */
export const COPY_BINARY_OPTIONS = ' (FORMAT binary)';

/** Whether a COPY statement of an encoded batch is in the binary format (its data then needs the header and trailer around it). */
export function isBinaryCopy(sql: string): boolean {
  return sql.endsWith(COPY_BINARY_OPTIONS);
}

/** A statement's data as COPY reads it: the binary header and trailer around a binary statement's tuples. */
export function* copyData<Chunk>(sql: string, chunks: Iterable<Chunk>): Generator<Chunk | Buffer> {
  const binary = isBinaryCopy(sql);
  if (binary) yield COPY_BINARY_HEADER;
  yield* chunks;
  if (binary) yield COPY_BINARY_TRAILER;
}

/** node-postgres' defaults (parseInputDatesAsUTC decides how it writes a Date for `timestamp`). */
const pgDefaults = createRequire(__filename)('pg/lib/defaults') as { parseInputDatesAsUTC?: boolean };

const DAY_MS = 86_400_000;
/** 2000-01-01, PostgreSQL's epoch for dates and timestamps, in days and ms since 1970-01-01. */
const PG_EPOCH_DAYS = 10_957;
const PG_EPOCH_MS = PG_EPOCH_DAYS * DAY_MS;
/** 0001-01-01 and the end of 9999-12-31 (UTC), in ms since 1970: the years both formats write alike. */
const FIRST_MS = -62_135_596_800_000;
const END_MS = 253_402_300_800_000;
const TWO_32 = 4_294_967_296;

const INTEGER = /^-?[0-9]{1,19}$/;
const DAY = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tuples of one slice of rows, written into a buffer that grows as
 * needed. A codec that meets a value it does not handle exactly as the text
 * format would returns false, and the slice is encoded as text instead.
 */
export class BinaryTuples {
  #buffer: Buffer;
  #at = 0;

  constructor(capacity = 64 * 1024) {
    this.#buffer = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.#at;
  }

  /** The tuples written: a view of the buffer, not a copy. */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#at);
  }

  /** The position of a 16-bit field count to fill in later (see setFieldCount). */
  startTuple(): number {
    this.#ensure(2);
    const at = this.#at;
    this.#at += 2;
    return at;
  }

  setFieldCount(at: number, fields: number): void {
    this.#buffer.writeUInt16BE(fields, at);
  }

  /** Drops what was written since `length` was `at` (a tuple that goes to another statement). */
  truncate(at: number): void {
    this.#at = at;
  }

  /** Reserves a field's length, to be written by endField once its value is (an array's elements). */
  startField(): number {
    this.#ensure(4);
    const at = this.#at;
    this.#at += 4;
    return at;
  }

  endField(at: number): void {
    this.#buffer.writeInt32BE(this.#at - at - 4, at);
  }

  /** A bare 32-bit integer inside a field (an array's header). */
  int32Raw(value: number): void {
    this.#ensure(4);
    this.#buffer.writeInt32BE(value, this.#at);
    this.#at += 4;
  }

  null(): void {
    this.#ensure(4);
    this.#buffer.writeInt32BE(-1, this.#at);
    this.#at += 4;
  }

  text(value: string, prefix?: number): void {
    // At most 3 bytes per UTF-16 unit; the length is written once the text is.
    this.#ensure(5 + value.length * 3);
    const buffer = this.#buffer;
    const start = this.#at + 4;
    let at = start;
    if (prefix !== undefined) buffer[at++] = prefix;
    at += buffer.write(value, at);
    buffer.writeInt32BE(at - start, this.#at);
    this.#at = at;
  }

  raw(value: Uint8Array): void {
    const at = this.#field(value.byteLength);
    this.#buffer.set(value, at);
  }

  int16(value: number): void {
    const at = this.#field(2);
    this.#buffer.writeInt16BE(value, at);
  }

  int32(value: number): void {
    const at = this.#field(4);
    this.#buffer.writeInt32BE(value, at);
  }

  /**
   * `ms * 1000` as a 64-bit integer, exactly (µs of a timestamp: past about
   * 285 years from 2000 the product is beyond a double's 2^53), for a safe
   * integer `ms`.
   */
  micros(ms: number): void {
    const high = Math.floor(ms / TWO_32);
    const low = (ms - high * TWO_32) * 1000;
    const carry = Math.floor(low / TWO_32);
    this.#int64Parts(high * 1000 + carry, low - carry * TWO_32);
  }

  /** A safe integer as a 64-bit one. */
  int64(value: number): void {
    const high = Math.floor(value / TWO_32);
    this.#int64Parts(high, value - high * TWO_32);
  }

  bigint64(value: bigint): void {
    const at = this.#field(8);
    this.#buffer.writeBigInt64BE(value, at);
  }

  float32(value: number): void {
    const at = this.#field(4);
    this.#buffer.writeFloatBE(value, at);
  }

  float64(value: number): void {
    const at = this.#field(8);
    this.#buffer.writeDoubleBE(value, at);
  }

  byte(value: number): void {
    const at = this.#field(1);
    this.#buffer[at] = value;
  }

  /** A numeric's binary form from its base-10000 digits (see the numeric codec). */
  numeric(digits: readonly number[], weight: number, negative: boolean, scale: number): void {
    let at = this.#field(8 + digits.length * 2);
    const buffer = this.#buffer;
    buffer.writeInt16BE(digits.length, at);
    buffer.writeInt16BE(weight, at + 2);
    buffer.writeUInt16BE(negative ? 0x4000 : 0, at + 4);
    buffer.writeInt16BE(scale, at + 6);
    at += 8;
    for (const digit of digits) {
      buffer.writeInt16BE(digit, at);
      at += 2;
    }
  }


  uuid(value: string): void {
    const at = this.#field(16);
    this.#buffer.write(value.replaceAll('-', ''), at, 16, 'hex');
  }

  /** Writes a field's length, `bytes`, with room for its value after it; returns where the value goes. */
  #field(bytes: number): number {
    this.#ensure(4 + bytes);
    const at = this.#at;
    this.#buffer.writeInt32BE(bytes, at);
    this.#at = at + 4 + bytes;
    return at + 4;
  }

  /** A 64-bit integer from its signed high and unsigned low 32 bits. */
  #int64Parts(high: number, low: number): void {
    const at = this.#field(8);
    this.#buffer.writeInt32BE(high, at);
    this.#buffer.writeUInt32BE(low, at + 4);
  }

  #ensure(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#at + bytes));
    this.#buffer.copy(grown, 0, 0, this.#at);
    this.#buffer = grown;
  }
}

/**
 * How one column's value (as the driver prepared it: what the text format
 * would print) is written in the binary format, or false when this value is
 * not one the codec writes exactly as the text format's server-side parse
 * would store it (the slice then goes as text, which decides, errors
 * included, as it always did). `instant`: the entity's column is a
 * timestamptz, whose Date the text format writes as its ISO instant.
 */
export type BinaryCodec = (out: BinaryTuples, value: unknown, instant: boolean) => boolean;

/**
 * The value the text format would send for a text-like column: a string as
 * it is, a number as String() prints it; anything else is left to the text
 * format (a Date or a boolean, printed by node-postgres, is rare here).
 */
const textual: BinaryCodec = (out, value) => {
  if (typeof value === 'string') out.text(value);
  else if (typeof value === 'number') out.text(String(value));
  else return false;
  return true;
};

function integer(min: number, max: number, write: (out: BinaryTuples, value: number) => void): BinaryCodec {
  return (out, value) => {
    let n = value;
    // A string of digits, as a bigint column's value often is, parses as int8in would; anything looser is left to the server.
    if ((typeof n === 'string' && INTEGER.test(n)) || typeof n === 'bigint') n = Number(n);
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) return false;
    write(out, n);
    return true;
  };
}

const int8: BinaryCodec = (out, value) => {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return false;
    out.int64(value);
    return true;
  }
  if (typeof value !== 'bigint' && (typeof value !== 'string' || !INTEGER.test(value))) return false;
  const n = BigInt(value);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return false;
  out.bigint64(n);
  return true;
};

/** Writes a time value of years 0001-9999 as µs since 2000-01-01; false outside them. */
function pgTimestamp(out: BinaryTuples, ms: number): boolean {
  if (!(ms >= FIRST_MS && ms < END_MS)) return false;
  out.micros(ms - PG_EPOCH_MS);
  return true;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const timestamptz: BinaryCodec = (out, value, instant) => {
  // A Date of a timestamptz entity column, which the text format writes as its ISO instant; node-postgres' local-time text of other Dates is left to it.
  if (!(value instanceof Date) || !instant) return false;
  return pgTimestamp(out, value.getTime());
};

const timestamp: BinaryCodec = (out, value, instant) => {
  if (!(value instanceof Date)) return false;
  const time = value.getTime();
  if (Number.isNaN(time)) return false;
  // The text format sends the ISO instant (a timestamptz entity column) or node-postgres' text of the Date, in local time
  // unless parseInputDatesAsUTC; `timestamp` keeps the wall-clock fields and ignores the offset.
  const utc = instant || pgDefaults.parseInputDatesAsUTC;
  // An offset of a fraction of a minute (local mean time before the zone's first rule) is one node-postgres cannot print.
  if (!utc && !Number.isInteger(value.getTimezoneOffset())) return false;
  const wall =
    utc
      ? time
      : daysFromCivil(value.getFullYear(), value.getMonth() + 1, value.getDate()) * DAY_MS +
        ((value.getHours() * 60 + value.getMinutes()) * 60 + value.getSeconds()) * 1000 +
        value.getMilliseconds();
  return pgTimestamp(out, wall);
};

const date: BinaryCodec = (out, value) => {
  // The driver prints a `date` column's value as YYYY-MM-DD; a real day of years 0001-9999 is the same in both formats.
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  out.int32(daysFromCivil(year, month, day) - PG_EPOCH_DAYS);
  return true;
};

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;
/** numeric's largest display scale (NUMERIC_DSCALE_MAX). */
const NUMERIC_DSCALE_MAX = 0x3fff;

/**
 * numeric's binary form (numeric_send): the digit count, the weight of the
 * first base-10000 digit, the sign, the display scale, then the digits. A
 * plain decimal (digits, an optional point and fraction, an optional minus)
 * gets the display scale numeric_in would give it (its fraction's digits),
 * and the column's precision and scale round it on the server as they
 * round text; exponents, NaN, infinities and spaces are left to the text
 * format.
 */
const numeric: BinaryCodec = (out, value) => {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : undefined;
  const match = text === undefined ? null : DECIMAL.exec(text);
  if (!match) return false;
  const fraction = match[3] ?? '';
  if (fraction.length > NUMERIC_DSCALE_MAX) return false;
  const whole = match[2]!.replace(/^0+/, '');
  const wholeDigits = whole.padStart(Math.ceil(whole.length / 4) * 4, '0');
  const fractionDigits = fraction.padEnd(Math.ceil(fraction.length / 4) * 4, '0');
  const digits: number[] = [];
  for (let i = 0; i < wholeDigits.length; i += 4) digits.push(Number(wholeDigits.slice(i, i + 4)));
  for (let i = 0; i < fractionDigits.length; i += 4) digits.push(Number(fractionDigits.slice(i, i + 4)));
  let weight = wholeDigits.length / 4 - 1;
  let first = 0;
  while (first < digits.length && digits[first] === 0) {
    first++;
    weight--;
  }
  let end = digits.length;
  while (end > first && digits[end - 1] === 0) end--;
  const kept = digits.slice(first, end);
  // Zero is positive, whatever its sign, as numeric_in makes it.
  const negative = match[1] === '-' && kept.length > 0;
  if (kept.length === 0) weight = 0;
  if (weight < -32_768 || weight > 32_767 || kept.length > 32_767) return false;
  out.numeric(kept, weight, negative, fraction.length);
  return true;
};

const CODECS: Readonly<Record<string, BinaryCodec>> = {
  text: textual,
  varchar: textual,
  bpchar: textual,
  enum: textual,
  json: textual,
  jsonb: (out, value) => {
    // Version 1 of jsonb's binary form: the byte 1, then the JSON text.
    if (typeof value !== 'string') return false;
    out.text(value, 1);
    return true;
  },
  int2: integer(-32_768, 32_767, (out, n) => out.int16(n)),
  int4: integer(-2_147_483_648, 2_147_483_647, (out, n) => out.int32(n)),
  int8,
  float8: (out, value) => {
    if (typeof value !== 'number') return false;
    // String(-0) is "0": the text format stores +0.
    out.float64(value === 0 ? 0 : value);
    return true;
  },
  float4: (out, value) => {
    // Only a value float4 holds exactly: float4in rounds the decimal String() prints, which may round otherwise than the double does.
    if (typeof value !== 'number' || (Math.fround(value) !== value && !Number.isNaN(value))) return false;
    out.float32(value === 0 ? 0 : value);
    return true;
  },
  bool: (out, value) => {
    if (typeof value === 'boolean') out.byte(value ? 1 : 0);
    else if (value === 1 || value === 0) out.byte(value);
    else return false;
    return true;
  },
  uuid: (out, value) => {
    if (typeof value !== 'string' || !UUID.test(value)) return false;
    out.uuid(value);
    return true;
  },
  bytea: (out, value) => {
    if (!(value instanceof Uint8Array)) return false;
    out.raw(value);
    return true;
  },
  timestamptz,
  timestamp,
  date,
  numeric,
};

/**
 * A one-dimensional array of a type with a codec (array_send's form: the
 * dimension count, whether an element is NULL, the element type's oid, the
 * length and lower bound 1, then each element as a field). node-postgres
 * prints each element as its own text (a NULL or undefined as NULL), which
 * the element's codec writes as it would a column's; a nested array, or an
 * element the codec leaves to text, sends the slice as text.
 */
function arrayCodec(element: BinaryCodec, oid: number): BinaryCodec {
  return (out, value) => {
    if (!Array.isArray(value)) return false;
    const field = out.startField();
    const nulls = value.some((v) => v === null || v === undefined);
    out.int32Raw(value.length === 0 ? 0 : 1);
    out.int32Raw(nulls ? 1 : 0);
    out.int32Raw(oid);
    if (value.length > 0) {
      out.int32Raw(value.length);
      out.int32Raw(1);
    }
    for (const item of value) {
      if (item === null || item === undefined) out.null();
      else if (Array.isArray(item) || !element(out, item, false)) return false;
    }
    out.endField(field);
    return true;
  };
}

const ARRAY = /^array:([^:]+):([0-9]+)$/;
const arrayCodecs = new Map<string, BinaryCodec | undefined>();

/**
 * The binary codec of a column's type as the catalog names it (see
 * readCopyTypes; an array as `array:<element>:<element oid>`), or undefined
 * when reseed writes that type as text only (intervals, times, domains,
 * extension types...).
 */
export function binaryCodecOf(type: string | undefined): BinaryCodec | undefined {
  if (type === undefined) return undefined;
  const array = ARRAY.exec(type);
  if (!array) return Object.hasOwn(CODECS, type) ? CODECS[type] : undefined;
  if (!arrayCodecs.has(type)) {
    const element = Object.hasOwn(CODECS, array[1]!) ? CODECS[array[1]!] : undefined;
    arrayCodecs.set(type, element && arrayCodec(element, Number(array[2])));
  }
  return arrayCodecs.get(type);
}
