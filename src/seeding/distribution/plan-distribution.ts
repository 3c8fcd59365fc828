import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { SeedInputError } from '../seed-input-error';
import type { DistributionConfig } from './distribution-config';

/**
 * A child row's distribution column, set from its parent's row: the child
 * names the parent by id (`keyProperty`), and lands on the parent's shard only
 * when its distribution column equals the parent's (`parentProperty`).
 */
export interface Placement {
  /** Parent table (distributed, co-located with the child). */
  readonly parent: string;
  /** Child property holding the parent's id. */
  readonly keyProperty: string;
  /** Child's distribution property, set from the parent's row. */
  readonly targetProperty: string;
  /** Parent's distribution property. */
  readonly parentProperty: string;
}

/** One table's place on a Citus cluster, checked against its entity. */
export interface PlannedDistribution {
  readonly table: string;
  readonly kind: 'distributed' | 'reference';
  /** Distribution column (database name); distributed tables only. */
  readonly column: string | undefined;
  /** Table whose shards this one shares; undefined for the first of a group and for reference tables. */
  readonly colocateWith: string | undefined;
  /** Parents whose shard key this table's rows must carry. */
  readonly placements: readonly Placement[];
}

/** A planned table as planDistribution needs it. */
export interface DistributionInput {
  readonly table: string;
  readonly entityName: string;
  readonly metadata: EntityMetadata;
  /** Property of the table's generated id (row index + id start); undefined without one. */
  readonly idProperty: string | undefined;
}

/**
 * Checks a distribution config against the entities, as Citus would at
 * create_distributed_table (and before anything is written): the column
 * exists, the primary key and every unique constraint include it, co-located
 * tables have the same column type, and every FK between placed tables is
 * one Citus accepts (between co-located distributed tables on their
 * distribution columns, or to a reference table). Returns the tables in the
 * given order, with the placement rules that make co-located FKs hold.
 * Throws SeedInputError naming the table, the column and what is accepted.
 */
export function planDistribution(config: DistributionConfig | undefined, tables: readonly DistributionInput[]): PlannedDistribution[] {
  if (config === undefined || Object.keys(config).length === 0) return [];
  const byName = new Map<string, DistributionInput>();
  for (const t of tables) {
    byName.set(t.table, t);
    byName.set(t.entityName, t);
  }
  const entries = new Map<string, { kind: 'distributed' | 'reference'; column?: ColumnMetadata; colocateWith?: string }>();
  for (const [name, spec] of Object.entries(config)) {
    const input = byName.get(name);
    if (!input) throw new SeedInputError(`distribution names "${name}", which is not a seeded table (tables: ${tables.map((t) => t.table).join(', ')})`);
    if (entries.has(input.table)) throw new SeedInputError(`distribution places "${input.table}" twice; keep one entry`);
    if (spec === 'reference') {
      entries.set(input.table, { kind: 'reference' });
      continue;
    }
    if (!spec || typeof spec !== 'object' || typeof spec.by !== 'string') {
      throw new SeedInputError(`distribution of "${input.table}" must be { by: 'column', colocateWith?: 'table' } or 'reference'`);
    }
    const column = findColumn(input.metadata, spec.by);
    if (!column) {
      throw new SeedInputError(
        `distribution of "${input.table}": column "${spec.by}" does not exist (columns: ${input.metadata.columns.map((c) => c.databaseName).join(', ')})`,
      );
    }
    checkKeysInclude(input, column);
    entries.set(input.table, { kind: 'distributed', column, colocateWith: spec.colocateWith === undefined ? undefined : (byName.get(spec.colocateWith)?.table ?? spec.colocateWith) });
  }
  for (const [table, entry] of entries) {
    if (entry.colocateWith === undefined) continue;
    const target = entries.get(entry.colocateWith);
    if (!target || target.kind !== 'distributed') {
      throw new SeedInputError(`distribution of "${table}": colocateWith "${entry.colocateWith}" is not a distributed table of the config`);
    }
    if (typeOf(target.column!) !== typeOf(entry.column!)) {
      throw new SeedInputError(
        `distribution of "${table}": ${entry.column!.databaseName} (${typeOf(entry.column!)}) cannot be co-located with ${entry.colocateWith}.${target.column!.databaseName} (${typeOf(target.column!)}): the types must be the same`,
      );
    }
  }
  const root = (table: string): string => {
    const seen = new Set<string>();
    for (let t = table; ; t = entries.get(t)!.colocateWith!) {
      if (seen.has(t)) throw new SeedInputError(`distribution: colocateWith goes round in a circle through "${table}"`);
      seen.add(t);
      if (entries.get(t)?.colocateWith === undefined) return t;
    }
  };
  const planned: PlannedDistribution[] = [];
  for (const input of tables) {
    const entry = entries.get(input.table);
    const placements: Placement[] = [];
    for (const fk of input.metadata.foreignKeys) {
      const parentTable = fk.referencedEntityMetadata.tableName;
      const parentInput = tables.find((t) => t.table === parentTable);
      if (!parentInput) continue;
      const parent = entries.get(parentTable);
      const fkText = `the FK ${input.table}(${fk.columns.map((c) => c.databaseName).join(', ')}) -> ${parentTable}(${fk.referencedColumns.map((c) => c.databaseName).join(', ')})`;
      if (!entry && !parent) continue;
      if (!entry) {
        if (parent!.kind === 'reference') continue;
        throw new SeedInputError(`${fkText} reaches the distributed table ${parentTable} from a table the distribution leaves local: add "${input.table}" to the distribution`);
      }
      if (!parent) throw new SeedInputError(`${fkText} reaches a table the distribution leaves local: make "${parentTable}" a reference or distributed table`);
      if (parent.kind === 'reference') continue;
      if (entry.kind === 'reference') {
        throw new SeedInputError(`${fkText} goes from a reference table to a distributed one, which Citus refuses: make "${input.table}" distributed or "${parentTable}" a reference table`);
      }
      if (root(input.table) !== root(parentTable)) {
        throw new SeedInputError(`${fkText} joins tables that are not co-located: add colocateWith: '${parentTable}' to "${input.table}" (or drop the FK)`);
      }
      const onKey = fk.columns.findIndex((c) => c === entry.column);
      if (onKey < 0 || fk.referencedColumns[onKey] !== parent.column) {
        throw new SeedInputError(
          `${fkText} does not pair ${input.table}.${entry.column!.databaseName} with ${parentTable}.${parent.column!.databaseName}: Citus needs an FK between distributed tables to include both distribution columns`,
        );
      }
      if (fk.columns.length === 1) continue; // the FK is the distribution column itself: placed by construction
      const byId = fk.referencedColumns.findIndex((c) => c.propertyPath === parentInput.idProperty);
      if (byId < 0) {
        throw new SeedInputError(`${fkText}: cannot put ${input.table} rows on their parent's shard, as ${parentTable} has no single generated id among the FK's columns`);
      }
      placements.push({ parent: parentTable, keyProperty: fk.columns[byId]!.propertyPath, targetProperty: entry.column!.propertyPath, parentProperty: parent.column!.propertyPath });
    }
    if (!entry) continue;
    planned.push({
      table: input.table,
      kind: entry.kind,
      column: entry.column?.databaseName,
      colocateWith: entry.colocateWith,
      placements,
    });
  }
  return planned;
}

function findColumn(metadata: EntityMetadata, name: string): ColumnMetadata | undefined {
  return metadata.columns.find((c) => c.databaseName === name) ?? metadata.columns.find((c) => c.propertyPath === name);
}

/** Citus: a primary key or unique constraint of a distributed table must include the distribution column. */
function checkKeysInclude(input: DistributionInput, column: ColumnMetadata): void {
  const { table, metadata } = input;
  const primary = metadata.primaryColumns;
  if (!primary.includes(column)) {
    const names = primary.map((c) => c.databaseName);
    throw new SeedInputError(
      `distribution of "${table}" by ${column.databaseName}: its primary key (${names.join(', ')}) does not include ${column.databaseName}; Citus needs it there, e.g. PRIMARY KEY (${[column.databaseName, ...names].join(', ')})`,
    );
  }
  const uniques = [
    ...metadata.uniques.map((u) => ({ name: u.name, columns: u.columns })),
    ...metadata.indices.filter((i) => i.isUnique).map((i) => ({ name: i.name, columns: i.columns })),
  ];
  for (const unique of uniques) {
    if (unique.columns.includes(column)) continue;
    throw new SeedInputError(
      `distribution of "${table}" by ${column.databaseName}: the unique constraint ${unique.name} (${unique.columns.map((c) => c.databaseName).join(', ')}) does not include ${column.databaseName}; Citus needs it in every unique constraint`,
    );
  }
}

function typeOf(column: ColumnMetadata): string {
  const type = column.type;
  const name = typeof type === 'function' ? type.name.toLowerCase() : String(type).toLowerCase();
  const aliases: Record<string, string> = { number: 'integer', int: 'integer', int4: 'integer', int8: 'bigint', string: 'varchar', 'character varying': 'varchar' };
  return aliases[name] ?? name;
}
