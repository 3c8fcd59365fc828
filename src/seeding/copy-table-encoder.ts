import { createRequire } from 'node:module';
import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { COPY_NULL, copyByteaField, copyTextField } from './copy-text';
import { quoteIdent, quoteTable } from '../sql-quote';
import type { GeneratedRow } from './row-generator';
import { SeedInputError } from './seed-input-error';
import { dataSourceOf } from './data-source-of';
import { isoInstant } from './iso-instant';

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
  /** `COPY ... FROM STDIN`, or for rows that name no column an INSERT of `$1` rows of defaults. */
  sql: string;
  /** Rows encoded in COPY text, each ending in a newline. */
  lines: string[];
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

/** A batch's COPY statement as its slices were encoded: the text of each slice's rows as one chunk. */
export type ChunkedCopyStatement = JoinedStatement<string>;

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
    for (const statement of slice) joinStatement(this.statements, statement.sql, statement.lines.length, statement.lines.join(''));
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
}

/**
 * Encodes generated rows of one entity as COPY text, value for value as the
 * repository writer's INSERT would send them: the same getEntityValue, the
 * same driver conversion (transformers, json, enums, dates, simple-array),
 * the same node-postgres text of the result (arrays, Buffers as bytea hex,
 * objects as JSON). A value left undefined means the column's default, as
 * INSERT's DEFAULT would: rows are grouped, in order, by which columns they
 * give a value, and each group is one COPY naming only those columns.
 */
export class CopyTableEncoder {
  readonly #metadata: EntityMetadata;
  readonly #table: string;
  readonly #columns: readonly CopyColumn[];
  /** More columns than a number's bits can mark. */
  readonly #wide: boolean;

  constructor(metadata: EntityMetadata, insertProperties: readonly string[]) {
    this.#metadata = metadata;
    this.#table = quoteTable(metadata);
    this.#columns = metadata.columns
      .filter((c) => insertProperties.includes(c.propertyPath))
      .map((c) => ({ metadata: c, quotedName: quoteIdent(c.databaseName), instant: INSTANT_TYPES.has(c.type) && !c.isArray, direct: directProperty(c), verbatim: VERBATIM_TYPES.has(c.type) }));
    this.#wide = this.#columns.length > 31;
  }

  /** Why COPY cannot write this entity (a column whose insert wraps the value in SQL), or undefined when it can. */
  static unsupported(metadata: EntityMetadata, insertProperties: readonly string[]): string | undefined {
    const column = metadata.columns.find((c) => insertProperties.includes(c.propertyPath) && SQL_WRAPPED_TYPES.has(String(c.type)));
    return column ? `column "${column.databaseName}" is a ${String(column.type)}, whose insert goes through an SQL function` : undefined;
  }

  /** The batch as COPY statements, in row order (usually one). */
  encode(rows: readonly GeneratedRow[]): CopyStatement[] {
    const statements: CopyStatement[] = [];
    const columns = this.#columns;
    let current: CopyStatement | undefined;
    let mask: ColumnMask = 0;
    for (const row of rows) {
      let line = '';
      // Which columns the row names: a bit each up to 31 columns, a string of 0s and 1s past that.
      let rowMask: ColumnMask = this.#wide ? '' : 0;
      let named = 0;
      for (let i = 0; i < columns.length; i++) {
        const field = this.#field(columns[i]!, row);
        if (field === undefined) {
          if (this.#wide) rowMask += '0';
          continue;
        }
        line = named++ > 0 ? `${line}\t${field}` : field;
        rowMask = this.#wide ? `${rowMask}1` : (rowMask as number) | (1 << i);
      }
      if (!current || rowMask !== mask) {
        mask = rowMask;
        const list = columns.filter((_, i) => (typeof rowMask === 'number' ? (rowMask & (1 << i)) !== 0 : rowMask[i] === '1')).map((c) => c.quotedName);
        // Rows that leave every column to its default: COPY needs a column, INSERT does not.
        const sql = list.length > 0 ? `COPY ${this.#table} (${list.join(', ')}) FROM STDIN` : `INSERT INTO ${this.#table} SELECT FROM generate_series(1, $1)`;
        current = { sql, lines: [] };
        statements.push(current);
      }
      current.lines.push(line + '\n');
    }
    return statements;
  }

  #field(column: CopyColumn, row: GeneratedRow): string | undefined {
    if (column.direct !== undefined) {
      const value = row[column.direct];
      if (column.verbatim) {
        if (typeof value === 'string') return copyTextField(value);
        if (typeof value === 'number') return String(value);
      } else if (value instanceof Date && column.instant) {
        const time = value.getTime();
        if (!Number.isNaN(time)) return isoInstant(time);
      }
    }
    const meta = column.metadata;
    // Single-table inheritance: the row's class (chosen by the generator), else the entity's own.
    if (meta.isDiscriminator) return copyTextField(String(row[meta.propertyPath] ?? this.#metadata.discriminatorValue));
    const raw: unknown = meta.getEntityValue(row);
    if (typeof raw === 'function') {
      throw new SeedInputError(
        `${this.#metadata.tableName}.${meta.databaseName}: a factory returned an SQL expression (a function), which COPY cannot send; use {repositoryWriter}`,
      );
    }
    const value: unknown = dataSourceOf(this.#metadata).driver.preparePersistentValue(raw, meta);
    if (value === undefined) return meta.isVersion ? '1' : undefined;
    if (value === null) return COPY_NULL;
    if (typeof value === 'string') return copyTextField(value);
    if (typeof value === 'number') return String(value);
    if (value instanceof Date && column.instant) {
      const time = value.getTime();
      if (Number.isNaN(time)) throw new SeedInputError(`${this.#metadata.tableName}.${meta.databaseName}: a factory returned an invalid Date`);
      return isoInstant(time);
    }
    const text = prepareValue(value);
    if (text === null) return COPY_NULL;
    return typeof text === 'string' ? copyTextField(text) : copyByteaField(text);
  }
}

/** {@link CopyColumn.direct} of a column: its property, when the fast path gives what the driver would. */
function directProperty(c: ColumnMetadata): string | undefined {
  const plain = !c.embeddedMetadata && !c.relationMetadata && !c.referencedColumn && !c.transformer && !c.isDiscriminator && !c.isArray;
  return plain && (VERBATIM_TYPES.has(c.type) || INSTANT_TYPES.has(c.type)) ? c.propertyName : undefined;
}
