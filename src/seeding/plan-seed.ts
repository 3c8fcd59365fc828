import type { DataSource, EntityMetadata } from 'typeorm';
import { configHash } from './config-hash';
import { describeTable } from './columns/table-shape';
import { globalSubscriberNote, listenerNote } from './columns/listener-note';
import { plannedEntities, type PlannedEntity } from './columns/planned-entities';
import { estimateRowBytes } from './estimate-row-bytes';
import type { ReseedConfig, TableCounts } from './reseed-config';
import { resolveCounts } from './resolve-counts';
import { RowGenerator } from './row-generator';
import type { PlannedTable, SeedPlan } from './seed-plan';
import { SeedInputError } from './seed-input-error';
import { orderTablesByDependencies } from './table-order';
import { insertableColumns } from './columns/table-shape';
import { shardRange, WHOLE_RUN, type Shard } from './shard';
import { planDistribution } from './distribution/plan-distribution';
import type { DistributionConfig } from './distribution/distribution-config';
import { closestName } from '../closest-name';
import { formatCount } from '../format-count';

/** PostgreSQL's limit on bind parameters in one statement. */
export const MAX_BIND_PARAMETERS = 65_535;
/** Seed when none is given. */
export const DEFAULT_SEED = 1;
/** Rows sampled per table for the size estimate. */
const SAMPLE_ROWS = 16;
/**
 * Estimated bytes a default batch holds at most: a batch lives several times
 * over while it is made (rows, COPY text, bytes, the copy a worker hands to
 * the main thread, the batches made ahead). The installed CLI on 20k users +
 * 100k posts of 8-sentence bodies (about 470 bytes a row, 13,107 rows a batch
 * by the bind limit alone): peak RSS 351-357 MB, 283-292 MB with batches of
 * 4,000 rows (about 2 MB), no slower. Rows are a pure function of their
 * index, so the data is the same for any batch size.
 */
export const DEFAULT_BATCH_BYTES = 2 * 1024 * 1024;
const NUMERIC_TYPES = new Set(['int', 'int2', 'int4', 'int8', 'integer', 'smallint', 'bigint', 'numeric', 'decimal']);

/** Inputs of {@link planSeed}. */
export interface PlanSeedOptions {
  /** An initialized DataSource: only its entity metadata is read; no query is sent. */
  dataSource: DataSource;
  /** Entities, factories, presets (defineConfig). */
  config: ReseedConfig;
  /** Preset name. Default 'small'. */
  preset?: string;
  /** Rows per table (table or entity name), over the preset. Default: none. */
  counts?: TableCounts;
  /** Default {@link DEFAULT_SEED}. */
  seed?: number;
  /** Rows per batch, capped by the bind-parameter limit. Default: floor(65535 / columns). */
  batchSize?: number;
  /** Whether ids start past existing rows (part of the config hash). Default false. */
  append?: boolean;
  /** What the config's prepare step returned; factories read it as ctx.prepared. Default {}. */
  prepared?: Readonly<Record<string, unknown>>;
  /** Placement on a Citus cluster, over the config's (read from the cluster's metadata). Default: the config's. */
  distribution?: DistributionConfig;
  /** The share of every table this process writes (`--shard K/N`). Default: the whole run. */
  shard?: Shard;
}

/** Links per owner of a join table that neither the preset nor the counts size. */
export const DEFAULT_JOIN_LINKS_PER_OWNER = 3;

/**
 * Plans a run without touching the database: tables in FK order (parents
 * first, self-references allowed), counts from the preset and overrides, id
 * ranges, batch sizes under the bind-parameter limit, estimated bytes. Throws
 * SeedInputError for any bad input, so callers can stop before writing. Ids
 * start at 1: see {@link withIdStarts}.
 */
export function planSeed(options: PlanSeedOptions): SeedPlan {
  const { config } = options;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new SeedInputError(`bad seed ${String(seed)}: a whole number, 0 or more`);
  const batchSize = options.batchSize;
  if (batchSize !== undefined && (!Number.isSafeInteger(batchSize) || batchSize < 1)) {
    throw new SeedInputError(`bad batch size ${String(batchSize)}: a whole number, 1 or more`);
  }
  const { entries, notes } = plannedEntities(options.dataSource, config);
  const resolved = resolveCounts(
    entries.map((e) => ({ table: e.metadata.tableName, entityName: e.metadata.name })),
    config.presets,
    options.preset,
    options.counts,
  );
  const order = orderTablesByDependencies(entries.map((e) => ({ table: e.metadata.tableName, parents: orderingParents(e) })), (table) => cycleHint(entries, table));
  const byTable = new Map(entries.map((e) => [e.metadata.tableName, e]));
  const counts = resolved.counts;
  const presetCounts = config.presets?.[resolved.preset] ?? {};
  for (const e of entries) {
    const table = e.metadata.tableName;
    if (e.metadata.tableType !== 'junction' || resolved.explicit.has(table) || table in presetCounts || e.metadata.name in presetCounts) continue;
    const owner = e.metadata.foreignKeys[0]?.referencedEntityMetadata.tableName;
    counts.set(table, (counts.get(owner ?? '') ?? 0) * DEFAULT_JOIN_LINKS_PER_OWNER);
  }
  const lookup = { count: (target: unknown) => counts.get(typeof target === 'string' ? target : tableOfEntity(entries, target)) ?? 0 };
  const shapes = new Map<string, ReturnType<typeof describeTable>>();
  const limitNotes: string[] = [];
  for (const table of order) {
    const entry = byTable.get(table)!;
    const { factory, metadata } = entry;
    const key = keyOf(metadata);
    const shape = describeTable(metadata, {
      driver: options.dataSource.driver,
      idProperty: key.idProperty,
      relations: factory.relations ?? {},
      useDefaults: factory.useDefaults ?? [],
      discriminatorValue: entry.discriminatorValue,
      factoryLabel: entry.label,
    });
    shapes.set(table, shape);
    const wanted = counts.get(table)!;
    const limits: RowLimit[] = [
      { rows: factory.maxRows?.(lookup) ?? Infinity, why: `the maxRows of the ${entry.label}` },
      ...(options.append ? [] : [requiredParentsLimit(metadata, counts), ...shapeLimits(metadata, shape, counts)]),
    ];
    const tightest = limits.reduce((a, b) => (b.rows < a.rows ? b : a));
    if (wanted > tightest.rows) {
      const rows = formatCount;
      if (resolved.explicit.has(table)) {
        throw new SeedInputError(`too many rows for "${table}": ${rows(wanted)} asked, at most ${rows(tightest.rows)}: ${tightest.why}`);
      }
      // A preset's count (or the default) cut to what the schema allows: said, not done silently.
      limitNotes.push(`${table}: ${rows(tightest.rows)} rows, not the ${rows(wanted)} of the preset: ${tightest.why}`);
      counts.set(table, tightest.rows);
    }
  }
  const unplaced = order.map((table) => planTable(byTable.get(table)!, shapes.get(table)!, counts.get(table)!, batchSize));
  const distribution = planDistribution(options.distribution ?? config.distribution, unplaced);
  const shard = options.shard ?? WHOLE_RUN;
  const tables = unplaced.map((t) => {
    const placed = distribution.find((d) => d.table === t.table);
    const withPlacements = placed && placed.placements.length > 0 ? { ...t, placements: placed.placements } : t;
    return shard.count > 1 ? { ...withPlacements, shardRows: shardRange(t.count, shard) } : withPlacements;
  });
  const generator = new RowGenerator(seed, tables, options.prepared);
  const estimated = tables.map((t) => withEstimate(t, generator, batchSize === undefined));
  for (const t of estimated) {
    const note = unknownKeysNote(t, generator);
    if (note) limitNotes.push(note);
  }
  const append = options.append ?? false;
  return {
    seed,
    preset: resolved.preset,
    append,
    tables: estimated,
    notes: [
      ...notes,
      ...limitNotes,
      ...[globalSubscriberNote(options.dataSource), ...entries.map((e) => listenerNote(options.dataSource, e.metadata))].filter((n): n is string => n !== undefined),
    ],
    distribution,
    shard,
    totalRows: estimated.reduce((n, t) => n + t.count, 0),
    estimatedBytes: estimated.reduce((n, t) => n + t.estimatedBytes, 0),
    configHash: configHash({
      seed,
      append,
      tables: estimated.map((t) => ({
        table: t.table,
        count: t.count,
        columns: t.metadata.columns.filter((c) => t.insertProperties.includes(c.propertyPath)).map((c) => `${c.databaseName}:${String(c.type)}`),
        factoryVersion: t.factory.version,
        generators: [...t.shape.generatorLabels],
      })),
      // Placement changes rows (a child's distribution column comes from its parent); left out when there is none.
      ...(distribution.length > 0 ? { distribution: distribution.map((d) => ({ table: d.table, kind: d.kind, column: d.column, colocateWith: d.colocateWith })) } : {}),
    }),
  };
}

/**
 * The plan with other ids for row 0 (an appended run's, or the ones an
 * unfinished run recorded): only idStart and idEnd change; counts, order,
 * batch sizes, estimates and the config hash do not depend on them. For a
 * uuid key the id start is the ordinal of row 0 (its uuid's input).
 */
export function withIdStarts(plan: SeedPlan, idStarts: Readonly<Record<string, number>>): SeedPlan {
  return {
    ...plan,
    tables: plan.tables.map((t) => {
      const idStart = t.idStart === undefined ? undefined : (idStarts[t.table] ?? t.idStart);
      if (idStart === t.idStart) return t;
      return { ...t, idStart, idEnd: t.keyKind === 'number' && idStart !== undefined && t.count > 0 ? idStart + t.count - 1 : undefined };
    }),
  };
}

function tableOfEntity(entries: PlannedEntity[], target: unknown): string {
  return entries.find((e) => (e.factory.entity === target && !e.factory.joinRelation) || e.metadata.target === target)?.metadata.tableName ?? '';
}

function parentTables(metadata: EntityMetadata): string[] {
  return metadata.foreignKeys.map((fk) => fk.referencedEntityMetadata.tableName);
}

/** Parents that must be written first: every FK's, except a relation the factory always leaves NULL (nullRatio 1), which breaks a cycle. */
function orderingParents(entry: PlannedEntity): string[] {
  const relations = entry.factory.relations ?? {};
  return entry.metadata.foreignKeys
    .filter((fk) => {
      const relation = fk.columns[0]?.relationMetadata;
      return !(relation && entry.metadata.tableType !== 'junction' && relations[relation.propertyPath]?.nullRatio === 1);
    })
    .map((fk) => fk.referencedEntityMetadata.tableName);
}

/** The relations that close a cycle among `tables`, and how to break one. */
function cycleHint(entries: PlannedEntity[], tables: readonly string[]): string {
  const edges: string[] = [];
  const breakable: string[] = [];
  for (const e of entries) {
    if (!tables.includes(e.metadata.tableName)) continue;
    for (const fk of e.metadata.foreignKeys) {
      const parent = fk.referencedEntityMetadata.tableName;
      if (parent === e.metadata.tableName || !tables.includes(parent)) continue;
      const relation = fk.columns[0]?.relationMetadata;
      const name = relation ? `${e.metadata.name}.${relation.propertyPath}` : `${e.metadata.tableName}.${fk.columns.map((c) => c.databaseName).join(',')}`;
      edges.push(`${name} -> ${parent}`);
      if (relation && fk.columns.every((c) => c.isNullable)) breakable.push(relation.propertyPath);
    }
  }
  const fix = breakable.length
    ? `break it by leaving a nullable relation empty: in its factory's options, relations: { ${breakable[0]}: { nullRatio: 1 } } (nullable here: ${breakable.join(', ')})`
    : 'no relation in it is nullable, so no order can write it: make one of them nullable';
  return `${edges.join(', ')}; ${fix}`;
}

/** Most rows the table's shape allows: distinct parents, distinct pairs. */
/** A most rows a table can have, and why (for the refusal or the note). */
interface RowLimit {
  rows: number;
  why: string;
}

/** What the table's shape allows: one row per parent (one-to-one), distinct pairs, unique values of a bounded column. */
function shapeLimits(metadata: EntityMetadata, shape: ReturnType<typeof describeTable>, counts: Map<string, number>): RowLimit[] {
  const rows = formatCount;
  const limits: RowLimit[] = [];
  for (const fk of shape.foreignKeys) {
    if (fk.kind === 'distinct' && counts.has(fk.parentTable)) {
      const parents = counts.get(fk.parentTable)!;
      limits.push({ rows: parents, why: `${fk.label} takes a different ${fk.parentTable} row for each row (one-to-one or unique), and ${fk.parentTable} gets ${rows(parents)}` });
    }
  }
  for (const pair of shape.pairs) {
    const owners = counts.get(pair.owner.parentTable);
    const others = counts.get(pair.other.parentTable);
    if (owners === undefined || others === undefined) continue;
    const self = pair.owner.parentTable === pair.other.parentTable;
    limits.push({
      rows: owners * (self ? Math.max(0, others - 1) : others),
      why: `each row is a distinct (${pair.owner.label}, ${pair.other.label}) pair: ${rows(owners)} x ${rows(self ? Math.max(0, others - 1) : others)} of them`,
    });
  }
  for (const column of shape.columns) {
    if (column.kind === 'value' && column.generator.maxOrdinal !== undefined) {
      limits.push({
        rows: column.generator.maxOrdinal,
        why: `${metadata.name}.${column.column.propertyPath} is unique and holds ${column.column.length} characters: reseed's values for it run out after ${rows(column.generator.maxOrdinal)} rows (a factory value for it lifts that)`,
      });
    }
  }
  return limits;
}

/** The key the engine assigns: a single numeric or uuid primary key that is not also a foreign key. */
function keyOf(metadata: EntityMetadata): { idProperty: string | undefined; kind: 'number' | 'uuid' | undefined } {
  // A single key, or the one generated column of a composite key (Citus: PRIMARY KEY (author_id, id)).
  const generated = metadata.primaryColumns.filter((c) => c.isGenerated && c.generationStrategy === 'increment');
  const primary = metadata.primaryColumns.length === 1 ? metadata.primaryColumns[0]! : generated.length === 1 ? generated[0]! : undefined;
  if (!primary || primary.relationMetadata || metadata.foreignKeys.some((fk) => fk.columns.includes(primary))) return { idProperty: undefined, kind: undefined };
  const numeric = primary.type === Number || NUMERIC_TYPES.has(String(primary.type)) || primary.generationStrategy === 'increment' || String(primary.generationStrategy) === 'identity';
  if (numeric) return { idProperty: primary.propertyPath, kind: 'number' };
  if (primary.generationStrategy === 'uuid' || primary.type === 'uuid') return { idProperty: primary.propertyPath, kind: 'uuid' };
  return { idProperty: undefined, kind: undefined };
}

/** A child with a required FK to a parent of the run that gets no rows can have no rows either. */
function requiredParentsLimit(metadata: EntityMetadata, counts: Map<string, number>): RowLimit {
  for (const fk of metadata.foreignKeys) {
    const parent = fk.referencedEntityMetadata.tableName;
    if (parent === metadata.tableName || !counts.has(parent)) continue;
    if (fk.columns.every((c) => !c.isNullable) && counts.get(parent) === 0) {
      const owner = metadata.relations.find((r) => r.foreignKeys.includes(fk));
      const relation = owner ? `${metadata.name}.${owner.propertyPath}` : `${metadata.tableName}(${fk.columns.map((c) => c.databaseName).join(', ')})`;
      return { rows: 0, why: `${relation} is required (NOT NULL) and ${parent} gets no rows` };
    }
  }
  return { rows: Infinity, why: '' };
}


function planTable(entry: PlannedEntity, shape: ReturnType<typeof describeTable>, count: number, requestedBatch: number | undefined): PlannedTable {
  const { factory, metadata } = entry;
  const insertable = insertableColumns(metadata);
  const insertProperties = insertable.map((c) => c.propertyPath);
  const key = keyOf(metadata);
  const primary = key.idProperty === undefined ? undefined : metadata.primaryColumns.find((c) => c.propertyPath === key.idProperty);
  const numericId = key.kind === 'number';
  // Row 0 gets id 1; an appended or resumed run moves it with withIdStarts.
  const idStart = key.kind !== undefined ? 1 : undefined;
  const limit = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / Math.max(1, insertProperties.length)));
  const size = Math.min(requestedBatch ?? limit, limit);
  return {
    table: metadata.tableName,
    entityName: metadata.name,
    factoryLabel: entry.label,
    count,
    idProperty: primary?.propertyPath,
    idColumn: primary?.databaseName,
    keyKind: key.kind,
    hasSequence: Boolean(numericId && primary!.isGenerated && (primary!.generationStrategy === 'increment' || String(primary!.generationStrategy) === 'identity')),
    idStart,
    idEnd: numericId && idStart !== undefined && count > 0 ? idStart + count - 1 : undefined,
    insertProperties,
    columns: insertProperties.length,
    batchSize: size,
    batches: Math.ceil(count / size),
    parents: [...new Set(parentTables(metadata))].filter((p) => p !== metadata.tableName),
    estimatedRowBytes: 0,
    estimatedBytes: 0,
    factory,
    metadata,
    shape,
  };
}

function withEstimate(table: PlannedTable, generator: RowGenerator, capBatchBytes: boolean): PlannedTable {
  if (table.count === 0) return table;
  const samples = Math.min(SAMPLE_ROWS, table.count);
  const step = table.count / samples;
  let bytes = 0;
  for (let i = 0; i < samples; i++) {
    const row = generator.row(table, Math.floor(i * step));
    bytes += estimateRowBytes(row);
  }
  const rowBytes = Math.round(bytes / samples);
  const batchSize = capBatchBytes ? Math.min(table.batchSize, Math.max(1, Math.floor(DEFAULT_BATCH_BYTES / Math.max(1, rowBytes)))) : table.batchSize;
  return { ...table, batchSize, batches: Math.ceil(table.count / batchSize), estimatedRowBytes: rowBytes, estimatedBytes: rowBytes * table.count };
}

/**
 * A note for keys a table's factory sets that are no property of its entity
 * (a typo: `emial`, `nickname`): the writers leave them out, and the column
 * meant gets a generated value instead, silently. Checked on the row made
 * for the estimate's first sample; undefined when every key is known.
 */
function unknownKeysNote(table: PlannedTable, generator: RowGenerator): string | undefined {
  if (table.count === 0 || table.metadata.tableType === 'junction') return undefined;
  let row: Record<string, unknown>;
  try {
    row = generator.row(table, 0);
  } catch {
    return undefined; // the estimate met it already, or the load will, with its own message
  }
  const known = new Set<string>([
    ...table.metadata.columns.map((c) => c.propertyPath.split('.')[0]!),
    ...table.metadata.relations.map((r) => r.propertyPath.split('.')[0]!),
    ...table.metadata.embeddeds.map((e) => e.propertyName),
  ]);
  const unknown = Object.keys(row).filter((key) => !known.has(key));
  if (unknown.length === 0) return undefined;
  const names = [...known];
  const described = unknown.map((key) => {
    const meant = closestName(key, names);
    return meant ? `${key} (${meant}?)` : key;
  });
  return `the ${table.factoryLabel} sets ${described.join(', ')}, which ${unknown.length === 1 ? 'is no property' : 'are no properties'} of ${table.entityName}: left out of the rows`;
}
