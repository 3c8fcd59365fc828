import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { ForeignKeyMetadata } from 'typeorm/metadata/ForeignKeyMetadata';
import type { Driver } from 'typeorm/driver/Driver';
import type { RelationFillOptions } from '../define-factory';
import { SeedInputError } from '../seed-input-error';
import { NoGeneratorError, selectGenerator } from './select-generator';
import type { ValueGenerator } from './value-generator';

/** Share of NULLs in a nullable plain column the factory leaves out. */
export const DEFAULT_NULL_RATIO = 0.1;

/** How a plain column left out by the factory gets its value. */
export type ColumnFill =
  | { kind: 'value'; column: ColumnMetadata; generator: ValueGenerator; nullRatio: number }
  | { kind: 'created' | 'updated' | 'version' | 'deleted'; column: ColumnMetadata }
  | { kind: 'discriminator'; column: ColumnMetadata; values: readonly string[] };

/**
 * How the engine picks the parent of a foreign key the factory leaves out:
 * `many` any parent (uniform, or a power law with `skew`), `distinct` a
 * different parent for every row (one-to-one, unique or primary FK), `tree`
 * an earlier row of the same table, `pair` two FKs that are unique together
 * (a join table, a composite key of two FKs): distinct pairs by construction.
 */
export interface ForeignKeyFill {
  readonly kind: 'many' | 'distinct' | 'tree';
  readonly fk: ForeignKeyMetadata;
  /** `Entity.relation` (or `table.column` for a join table), for messages. */
  readonly label: string;
  readonly parentTable: string;
  readonly nullable: boolean;
  readonly skew: number | undefined;
  readonly nullRatio: number;
  /** Paths whose value, when the factory set it, means the FK is set. */
  readonly setPaths: readonly string[];
}

/** Two FKs that are unique together; the first is the owner (row i's owner is i mod owners). */
export interface PairFill {
  readonly owner: ForeignKeyFill;
  readonly other: ForeignKeyFill;
}

/** Everything the engine fills from metadata for one table, decided once when planning. */
export interface TableShape {
  readonly columns: readonly ColumnFill[];
  readonly foreignKeys: readonly ForeignKeyFill[];
  readonly pairs: readonly PairFill[];
  /** `column:generator@version` of every generated column: part of the config hash. */
  readonly generatorLabels: readonly string[];
  /** Property paths of columns reseed generates nothing for: a row that leaves one out gets its database default. */
  readonly defaultPaths: ReadonlySet<string>;
}

/** What {@link describeTable} needs besides the metadata. */
export interface DescribeTableOptions {
  driver: Driver;
  /** Property path of the key the engine assigns (id start + index), if any. */
  idProperty: string | undefined;
  /** Factory options per relation property. */
  relations: Readonly<Record<string, RelationFillOptions>>;
  /** Columns (property paths or database names) reseed does not generate, left to their database default where the factory leaves them out; `true`: every column with a default. */
  useDefaults: readonly string[] | true;
  /** Fixed discriminator value when the factory is for a child entity of a single-table hierarchy. */
  discriminatorValue: string | undefined;
  /** Label of the factory in messages. */
  factoryLabel: string;
}

/**
 * Reads what the engine fills for a table from its metadata: a generator
 * per plain column (type and name), a parent choice per foreign key, unique
 * columns and composite unique indexes made unique by construction.
 * Throws SeedInputError naming table, column and what to do when a column
 * cannot be generated.
 */
export function describeTable(metadata: EntityMetadata, options: DescribeTableOptions): TableShape {
  const fkColumns = new Set(metadata.foreignKeys.flatMap((fk) => fk.columns));
  const uniqueSets = uniqueColumnSets(metadata);
  const unique = pickUniqueCarriers(metadata, uniqueSets, fkColumns, options.idProperty);
  const defaultPaths = new Set<string>();
  const columns: ColumnFill[] = [];
  for (const column of insertableColumns(metadata)) {
    if (column.propertyPath === options.idProperty || fkColumns.has(column)) continue;
    if (leftToDefault(column, options.useDefaults)) {
      defaultPaths.add(column.propertyPath);
      continue;
    }
    columns.push(columnFill(metadata, column, unique.has(column), options));
  }
  const { fills, pairs } = foreignKeyFills(metadata, uniqueSets, options.relations);
  const generatorLabels = [
    ...columns.map((c) => `${c.column.databaseName}:${c.kind === 'value' ? `${c.generator.label}${c.nullRatio ? `?${c.nullRatio}` : ''}` : `${c.kind}@1`}`),
    ...fills.map((f) => `${f.fk.columns.map((c) => c.databaseName).join('+')}:${f.kind}@1${f.skew ? `^${f.skew}` : ''}${f.nullRatio ? `?${f.nullRatio}` : ''}`),
    ...pairs.map((p) => `${p.owner.fk.columns[0]!.databaseName}&${p.other.fk.columns[0]!.databaseName}:pair@1${p.other.skew ? `^${p.other.skew}` : ''}`),
  ];
  return { columns, foreignKeys: fills, pairs, generatorLabels, defaultPaths };
}

/** Columns an insert writes: no virtual properties, no generated (computed) columns. */
export function insertableColumns(metadata: EntityMetadata): ColumnMetadata[] {
  return metadata.columns.filter(
    (c) => c.isDiscriminator || (c.isInsert && !c.isVirtualProperty && !c.generatedType && (!c.isVirtual || c.relationMetadata !== undefined || metadata.tableType === 'junction')),
  );
}

function leftToDefault(column: ColumnMetadata, useDefaults: readonly string[] | true): boolean {
  if (useDefaults === true) return column.default !== undefined && !column.isPrimary;
  return useDefaults.includes(column.propertyPath) || useDefaults.includes(column.databaseName);
}

function columnFill(metadata: EntityMetadata, column: ColumnMetadata, unique: boolean, options: DescribeTableOptions): ColumnFill {
  if (column.isCreateDate) return { kind: 'created', column };
  if (column.isUpdateDate) return { kind: 'updated', column };
  if (column.isVersion) return { kind: 'version', column };
  if (column.isDeleteDate) return { kind: 'deleted', column };
  if (column.isDiscriminator) {
    const root = metadata.parentEntityMetadata ?? metadata;
    const values = options.discriminatorValue !== undefined ? [options.discriminatorValue] : [root.discriminatorValue, ...root.childEntityMetadatas.map((c) => c.discriminatorValue)];
    return { kind: 'discriminator', column, values: values.filter((v): v is string => v !== undefined) };
  }
  const rawType = typeof column.type === 'string' ? column.type : '';
  const type = rawType.startsWith('simple-') ? rawType : options.driver.normalizeType(column);
  try {
    const generator = selectGenerator({
      property: column.propertyName,
      column: column.databaseName,
      type,
      length: column.length ? Number(column.length) : undefined,
      precision: column.precision ?? undefined,
      scale: column.scale ?? undefined,
      enumValues: column.enum,
      isArray: column.isArray,
      unique,
      table: metadata.tableName,
      entity: metadata.name,
    });
    return { kind: 'value', column, generator, nullRatio: column.isNullable && !unique && !column.isPrimary ? DEFAULT_NULL_RATIO : 0 };
  } catch (error) {
    if (!(error instanceof NoGeneratorError)) throw error;
    throw new SeedInputError(
      `${options.factoryLabel} leaves ${metadata.tableName}.${column.databaseName} (${type}) unset and reseed cannot generate it: ${error.message}; ` +
        `set ${column.propertyPath} in the factory${column.default !== undefined ? `, or list it in useDefaults to keep its database default` : ''}`,
    );
  }
}

/** Column sets that must not repeat: the primary key, unique constraints, unique indexes. */
function uniqueColumnSets(metadata: EntityMetadata): ColumnMetadata[][] {
  const sets: ColumnMetadata[][] = [];
  if (metadata.primaryColumns.length > 0) sets.push(metadata.primaryColumns);
  for (const u of metadata.uniques) sets.push(u.columns);
  for (const i of metadata.indices) if (i.isUnique && !i.where) sets.push(i.columns);
  for (const c of metadata.columns) if (c.relationMetadata?.isOneToOneOwner && !sets.some((s) => s.length === 1 && s[0] === c)) sets.push([c]);
  return sets;
}

/**
 * For every unique set without an engine-assigned id or a foreign key that
 * makes it unique, one plain column (the first that can carry it) embeds the
 * row's ordinal: the set never repeats, with no retry.
 */
function pickUniqueCarriers(metadata: EntityMetadata, sets: ColumnMetadata[][], fkColumns: Set<ColumnMetadata>, idProperty: string | undefined): Set<ColumnMetadata> {
  const carriers = new Set<ColumnMetadata>();
  for (const set of sets) {
    if (set.some((c) => c.propertyPath === idProperty || carriers.has(c))) continue;
    const plain = set.filter((c) => !fkColumns.has(c) && !c.isCreateDate && !c.isUpdateDate && !c.isVersion && !c.isDiscriminator);
    if (plain.length === 0) continue; // made of FKs: distinct parents or pairs
    const carrier = plain.find((c) => !(c.enum && c.enum.length) && c.type !== Boolean && c.type !== 'boolean') ?? plain[0]!;
    carriers.add(carrier);
  }
  return carriers;
}

function foreignKeyFills(
  metadata: EntityMetadata,
  sets: ColumnMetadata[][],
  relations: Readonly<Record<string, RelationFillOptions>>,
): { fills: ForeignKeyFill[]; pairs: PairFill[] } {
  const covering = (fk: ForeignKeyMetadata, set: ColumnMetadata[]) => fk.columns.every((c) => set.includes(c));
  const fills: ForeignKeyFill[] = [];
  const pairs: PairFill[] = [];
  const paired = new Set<ForeignKeyMetadata>();
  // Two FKs that together are a unique set (a join table, a composite key of two FKs): pairs.
  for (const set of sets) {
    const inSet = metadata.foreignKeys.filter((fk) => covering(fk, set) && !paired.has(fk));
    const plainLeft = set.filter((c) => !inSet.some((fk) => fk.columns.includes(c)));
    if (inSet.length !== 2 || plainLeft.length > 0) continue;
    const [a, b] = inSet as [ForeignKeyMetadata, ForeignKeyMetadata];
    if (a.referencedEntityMetadata.tableName === metadata.tableName || b.referencedEntityMetadata.tableName === metadata.tableName) {
      if (a.referencedEntityMetadata.tableName !== b.referencedEntityMetadata.tableName) continue;
    }
    paired.add(a).add(b);
    pairs.push({ owner: fill(metadata, a, 'many', relations), other: fill(metadata, b, 'many', relations) });
  }
  for (const fk of metadata.foreignKeys) {
    if (paired.has(fk)) continue;
    const self = fk.referencedEntityMetadata.tableName === metadata.tableName;
    const distinct = sets.some((set) => set.length === fk.columns.length && covering(fk, set));
    fills.push(fill(metadata, fk, self ? 'tree' : distinct ? 'distinct' : 'many', relations));
  }
  return { fills, pairs };
}

function fill(metadata: EntityMetadata, fk: ForeignKeyMetadata, kind: ForeignKeyFill['kind'], relations: Readonly<Record<string, RelationFillOptions>>): ForeignKeyFill {
  const relation = metadata.tableType === 'junction' ? undefined : fk.columns[0]!.relationMetadata;
  const options = relation ? relations[relation.propertyPath] ?? {} : relations[fk.columns[0]!.databaseName] ?? {};
  const label = relation ? `${metadata.name}.${relation.propertyPath}` : `${metadata.tableName}.${fk.columns.map((c) => c.databaseName).join(', ')}`;
  const setPaths = [...fk.columns.filter((c) => !c.isVirtual || metadata.tableType === 'junction').map((c) => c.propertyPath)];
  if (relation) setPaths.push(relation.propertyPath);
  const nullRatio = options.nullRatio ?? 0;
  if (!(nullRatio >= 0 && nullRatio <= 1)) throw new SeedInputError(`${label}: nullRatio must be between 0 and 1, got ${String(options.nullRatio)}`);
  const nullable = fk.columns.every((c) => c.isNullable);
  if (nullRatio > 0 && !nullable) throw new SeedInputError(`${label}: nullRatio ${nullRatio} on a NOT NULL relation; its column cannot hold NULL`);
  if (options.skew !== undefined && !(options.skew > 0)) throw new SeedInputError(`${label}: skew must be a number above 0 (1 is a classic power law), got ${String(options.skew)}`);
  return { kind, fk, label, parentTable: fk.referencedEntityMetadata.tableName, nullable, skew: options.skew, nullRatio, setPaths };
}
