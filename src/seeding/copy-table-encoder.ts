import { createRequire } from 'node:module';
import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { COPY_NULL, copyByteaField, copyTextField } from './copy-text';
import { quoteIdent, quoteTable } from '../sql-quote';
import type { GeneratedRow } from './row-generator';
import { SeedInputError } from './seed-input-error';
import { dataSourceOf } from './data-source-of';
import { isoInstant } from './iso-instant';
import { BinaryTuples, binaryCodecOf, COPY_BINARY_OPTIONS, type BinaryCodec } from './copy-binary';

/** node-postgres' own conversion of a parameter to its text (what the repository writer's statements send). */
const { prepareValue } = createRequire(__filename)('pg/lib/utils') as { prepareValue(value: unknown): string | Buffer | null };

/** Column types whose inserts need an SQL function around the value (PostGIS): COPY cannot run it. */
const SQL_WRAPPED_TYPES = new Set(['geometry', 'geography']);

/** Types whose Date values are instants: ISO-8601 in UTC says the same as node-postgres' local-time form, faster. */
const INSTANT_TYPES = new Set<unknown>(['timestamptz', 'timestamp with time zone']);

/**
 * Column types whose driver conversion (preparePersistentValue) gives a
 * string or a number back unchanged, for a column with no transformer:
 * such a value is sent as it is, without the driver's round of checks.
 */
const VERBATIM_TYPES = new Set<unknown>([
  String, Number, 'varchar', 'character varying', 'text', 'citext', 'char', 'character', 'uuid', 'enum', 'simple-enum',
  'int', 'integer', 'int2', 'int4', 'int8', 'smallint', 'bigint', 'numeric', 'decimal', 'real', 'float', 'float4', 'float8', 'double precision',
]);

/** One COPY statement of a batch: the rows that give a value to the same columns. */
export interface CopyStatement {
  /** `COPY ... FROM STDIN`, text or binary format (see isBinaryCopy), or for rows that name no column an INSERT of `$1` rows of defaults. */
  sql: string;
  rows: number;
  /** The rows' data: COPY text, each row ending in a newline, or binary tuples (without the format's header and trailer); empty for the INSERT. */
  data: string | Buffer;
}

/**
 * Rows generated and then encoded at a time, the batch slice by slice: each
 * slice's row objects die young, in the young generation, instead of all of
 * a batch's living until it is encoded (20k users + 100k posts of lorem
 * bodies on one thread: 62k rows/s a batch at a time, 77k in slices of 256).
 */
export const ENCODE_SLICE_ROWS = 256;

/** A batch's statement, its text in chunks (a slice's rows, or a worker's piece), in row order. */
export interface JoinedStatement<Chunk> {
  sql: string;
  rows: number;
  chunks: Chunk[];
}

/** A batch's COPY statement as its slices were encoded: the data of each slice's rows as one chunk. */
export type ChunkedCopyStatement = JoinedStatement<string | Buffer>;

/**
 * Adds a part of a batch (a slice's or a worker piece's statement) to the
 * batch's statements: to the last one when it has the same SQL (a COPY into
 * the same columns, or INSERTs of default rows), so the batch is written as
 * the same statements as if it had been made whole.
 */
export function joinStatement<Chunk>(statements: JoinedStatement<Chunk>[], sql: string, rows: number, chunk: Chunk): void {
  const last = statements.at(-1);
  if (last && last.sql === sql) {
    last.rows += rows;
    last.chunks.push(chunk);
  } else {
    statements.push({ sql, rows, chunks: [chunk] });
  }
}

/** A batch's statements built from its slices' (CopyTableEncoder.encode of each slice in turn), each slice's lines one chunk. */
export class SlicedStatements {
  readonly statements: ChunkedCopyStatement[] = [];

  add(slice: readonly CopyStatement[]): void {
    for (const statement of slice) joinStatement(this.statements, statement.sql, statement.rows, statement.data);
  }
}

/** The columns a row gives a value: bits, or for a wide table '0'/'1' per column. */
type ColumnMask = number | string;

/** One inserted column and how its values become COPY text. */
interface CopyColumn {
  readonly metadata: ColumnMetadata;
  readonly quotedName: string;
  /** Whether a Date value is an instant (see INSTANT_TYPES). */
  readonly instant: boolean;
  /**
   * The entity property that holds the value, when nothing stands between
   * the two (no embedded, relation, transformer or discriminator): the fast
   * path, for a string or number of VERBATIM_TYPES (sent as it is) and a
   * Date of an instant column (its ISO form), as the driver would.
   */
  readonly direct: string | undefined;
  /** Whether a string or number value goes as it is (VERBATIM_TYPES). */
  readonly verbatim: boolean;
  /** How the binary format writes its database type; undefined: text only. */
  readonly codec: BinaryCodec | undefined;
}

/** Slices sent as text for a value the binary codecs left to it, from which a table that does so for a third of its slices goes as text. */
const BINARY_GIVE_UP_SLICES = 3;

/** A column the row leaves to its default (undefined after the driver's conversion). */
const OMITTED = Symbol('omitted');

/**
 * Encodes generated rows of one entity as COPY data, value for value as the
 * repository writer's INSERT would send them: the same getEntityValue, the
 * same driver conversion (transformers, json, enums, dates, simple-array),
 * the same node-postgres text of the result (arrays, Buffers as bytea hex,
 * objects as JSON). A value left undefined means the column's default, as
 * INSERT's DEFAULT would: rows are grouped, in order, by which columns they
 * give a value, and each group is one COPY naming only those columns.
 *
 * Given the database types of the table's columns (`copyTypes`, see
 * readCopyTypes) and a binary codec for each inserted one, a slice of rows
 * is written in COPY's binary format, which the server reads about twice as
 * fast; a slice holding a value a codec leaves to the text format (a
 * number as a string with spaces, a Date outside years 1-9999, a float4 that
 * rounds) goes as text, so either format stores the same values and refuses
 * the same ones.
 */
export class CopyTableEncoder {
  readonly #metadata: EntityMetadata;
  readonly #table: string;
  readonly #columns: readonly CopyColumn[];
  /** More columns than a number's bits can mark. */
  readonly #wide: boolean;
  /** Every inserted column has a binary codec (and the values have not given it up, see encode). */
  #binary: boolean;
  #binarySlices = 0;
  #textSlices = 0;
  /** Bytes of the last slice encoded in the binary format. */
  #lastBinaryBytes = 0;

  constructor(metadata: EntityMetadata, insertProperties: readonly string[], copyTypes?: Readonly<Record<string, string>>) {
    this.#metadata = metadata;
    this.#table = quoteTable(metadata);
    this.#columns = metadata.columns
      .filter((c) => insertProperties.includes(c.propertyPath))
      .map((c) => ({
        metadata: c,
        quotedName: quoteIdent(c.databaseName),
        instant: INSTANT_TYPES.has(c.type) && !c.isArray,
        direct: directProperty(c),
        verbatim: VERBATIM_TYPES.has(c.type),
        codec: copyTypes && Object.hasOwn(copyTypes, c.databaseName) ? binaryCodecOf(copyTypes[c.databaseName]) : undefined,
      }));
    this.#wide = this.#columns.length > 31;
    this.#binary = this.#columns.length > 0 && this.#columns.every((c) => c.codec !== undefined);
  }

  /** Whether slices go in the binary format (the text format stays the fallback for a value its codec leaves to it). */
  get binary(): boolean {
    return this.#binary;
  }

  /** Why COPY cannot write this entity (a column whose insert wraps the value in SQL), or undefined when it can. */
  static unsupported(metadata: EntityMetadata, insertProperties: readonly string[]): string | undefined {
    const column = metadata.columns.find((c) => insertProperties.includes(c.propertyPath) && SQL_WRAPPED_TYPES.has(String(c.type)));
    return column ? `column "${column.databaseName}" is a ${String(column.type)}, whose insert goes through an SQL function` : undefined;
  }

  /** The rows as COPY statements, in row order (usually one). */
  encode(rows: readonly GeneratedRow[]): CopyStatement[] {
    if (this.#binary) {
      const binary = this.#encodeBinary(rows);
      if (binary !== undefined) {
        this.#binarySlices++;
        return binary;
      }
      // A column whose values mostly need text (a real of ordinary decimals) would be encoded twice
      // a slice, its transformers run twice: past a few slices, this table goes as text.
      this.#textSlices++;
      if (this.#textSlices >= BINARY_GIVE_UP_SLICES && this.#textSlices * 2 > this.#binarySlices) this.#binary = false;
    }
    return this.#encodeText(rows);
  }

  #encodeText(rows: readonly GeneratedRow[]): CopyStatement[] {
    const statements: CopyStatement[] = [];
    const lines: string[][] = [];
    const columns = this.#columns;
    let current: string[] | undefined;
    let mask: ColumnMask = 0;
    for (const row of rows) {
      let line = '';
      // Which columns the row names: a bit each up to 31 columns, a string of 0s and 1s past that.
      let rowMask: ColumnMask = this.#wide ? '' : 0;
      let named = 0;
      for (let i = 0; i < columns.length; i++) {
        const field = this.#textField(columns[i]!, row);
        if (field === undefined) {
          if (this.#wide) rowMask += '0';
          continue;
        }
        line = named++ > 0 ? `${line}\t${field}` : field;
        rowMask = this.#wide ? `${rowMask}1` : (rowMask as number) | (1 << i);
      }
      if (!current || rowMask !== mask) {
        mask = rowMask;
        current = [];
        lines.push(current);
        statements.push({ sql: this.#sql(rowMask, ''), rows: 0, data: '' });
      }
      current.push(line + '\n');
    }
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      statement.rows = lines[i]!.length;
      if (statement.sql.startsWith('COPY')) statement.data = lines[i]!.join('');
    }
    return statements;
  }

  /** The rows in the binary format, or undefined when a value is left to the text format. */
  #encodeBinary(rows: readonly GeneratedRow[]): CopyStatement[] | undefined {
    // Room for as much as the last slice took, and a little more: one buffer, seldom grown.
    const out = new BinaryTuples(Math.max(16 * 1024, Math.ceil(this.#lastBinaryBytes * 1.125)));
    const statements: CopyStatement[] = [];
    /** Where each statement's tuples start in `out`. */
    const starts: number[] = [];
    const columns = this.#columns;
    let mask: ColumnMask | undefined;
    for (const row of rows) {
      const tupleStart = out.length;
      const countAt = out.startTuple();
      let rowMask: ColumnMask = this.#wide ? '' : 0;
      let named = 0;
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]!;
        const value = this.#value(column, row);
        if (value === OMITTED) {
          if (this.#wide) rowMask += '0';
          continue;
        }
        if (value === null) out.null();
        else if (!column.codec!(out, value, column.instant)) return undefined;
        named++;
        rowMask = this.#wide ? `${rowMask}1` : (rowMask as number) | (1 << i);
      }
      out.setFieldCount(countAt, named);
      if (rowMask !== mask) {
        mask = rowMask;
        statements.push({ sql: this.#sql(rowMask, COPY_BINARY_OPTIONS), rows: 0, data: '' });
        starts.push(tupleStart);
      }
      statements.at(-1)!.rows++;
      // A row of defaults only is a row of the INSERT, not a tuple.
      if (named === 0) out.truncate(tupleStart);
    }
    const bytes = out.bytes();
    this.#lastBinaryBytes = bytes.length;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      if (statement.sql.startsWith('COPY')) statement.data = bytes.subarray(starts[i], starts[i + 1] ?? bytes.length);
    }
    return statements;
  }

  /** The statement for rows naming the columns of `mask`. */
  #sql(mask: ColumnMask, options: string): string {
    const list = this.#columns.filter((_, i) => (typeof mask === 'number' ? (mask & (1 << i)) !== 0 : mask[i] === '1')).map((c) => c.quotedName);
    // Rows that leave every column to its default: COPY needs a column, INSERT does not.
    return list.length > 0 ? `COPY ${this.#table} (${list.join(', ')}) FROM STDIN${options}` : `INSERT INTO ${this.#table} SELECT FROM generate_series(1, $1)`;
  }

  /**
   * The column's value as the driver prepared it (what the text format
   * prints: see #textField), OMITTED when the row leaves it to its default.
   */
  #value(column: CopyColumn, row: GeneratedRow): unknown {
    if (column.direct !== undefined) {
      const value = row[column.direct];
      if (column.verbatim) {
        if (typeof value === 'string' || typeof value === 'number') return value;
      } else if (value instanceof Date && column.instant) {
        return value;
      }
    }
    const meta = column.metadata;
    // Single-table inheritance: the row's class (chosen by the generator), else the entity's own.
    if (meta.isDiscriminator) return String(row[meta.propertyPath] ?? this.#metadata.discriminatorValue);
    const raw: unknown = meta.getEntityValue(row);
    if (typeof raw === 'function') {
      throw new SeedInputError(
        `${this.#metadata.tableName}.${meta.databaseName}: a factory returned an SQL expression (a function), which COPY cannot send; use {repositoryWriter}`,
      );
    }
    const value: unknown = dataSourceOf(this.#metadata).driver.preparePersistentValue(raw, meta);
    if (value === undefined) return meta.isVersion ? '1' : OMITTED;
    return value;
  }

  #textField(column: CopyColumn, row: GeneratedRow): string | undefined {
    const value = this.#value(column, row);
    if (value === OMITTED) return undefined;
    if (value === null) return COPY_NULL;
    if (typeof value === 'string') return copyTextField(value);
    if (typeof value === 'number') return String(value);
    if (value instanceof Date && column.instant) {
      const time = value.getTime();
      if (Number.isNaN(time)) throw new SeedInputError(`${this.#metadata.tableName}.${column.metadata.databaseName}: a factory returned an invalid Date`);
      return isoInstant(time);
    }
    const text = prepareValue(value);
    if (text === null) return COPY_NULL;
    return typeof text === 'string' ? copyTextField(text) : copyByteaField(text);
  }
}

function directProperty(c: ColumnMetadata): string | undefined {
  const plain = !c.embeddedMetadata && !c.relationMetadata && !c.referencedColumn && !c.transformer && !c.isDiscriminator && !c.isArray;
  return plain && (VERBATIM_TYPES.has(c.type) || INSTANT_TYPES.has(c.type)) ? c.propertyName : undefined;
}
