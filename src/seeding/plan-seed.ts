import type { DataSource, EntityMetadata } from 'typeorm';
import { configHash } from './config-hash';
import type { Factory } from './define-factory';
import { estimateRowBytes } from './estimate-row-bytes';
import { withDataSourceEntities } from './with-data-source-entities';
import type { ReseedConfig, TableCounts } from './reseed-config';
import { resolveCounts } from './resolve-counts';
import { RowGenerator } from './row-generator';
import type { PlannedTable, SeedPlan } from './seed-plan';
import { SeedInputError } from './seed-input-error';
import { orderTablesByDependencies } from './table-order';

/** PostgreSQL's limit on bind parameters in one statement. */
export const MAX_BIND_PARAMETERS = 65_535;
/** Seed when none is given. */
export const DEFAULT_SEED = 1;
/** Rows sampled per table for the size estimate. */
const SAMPLE_ROWS = 16;
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
}

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
  const entries = factoriesWithMetadata(options.dataSource, config);
  const resolved = resolveCounts(
    entries.map((e) => ({ table: e.metadata.tableName, entityName: e.metadata.name })),
    config.presets,
    options.preset,
    options.counts,
  );
  const order = orderTablesByDependencies(entries.map((e) => ({ table: e.metadata.tableName, parents: parentTables(e.metadata) })));
  const byTable = new Map(entries.map((e) => [e.metadata.tableName, e]));
  const counts = resolved.counts;
  const lookup = { count: (target: unknown) => counts.get(typeof target === 'string' ? target : tableOfEntity(entries, target)) ?? 0 };
  for (const table of order) {
    const { factory, metadata } = byTable.get(table)!;
    const wanted = counts.get(table)!;
    const limit = Math.min(factory.maxRows?.(lookup) ?? Infinity, options.append ? Infinity : requiredParentsLimit(metadata, counts));
    if (wanted > limit) {
      if (resolved.explicit.has(table)) {
        throw new SeedInputError(`too many rows for "${table}": ${wanted} asked, at most ${limit} with the other counts (${describeParents(metadata, counts)})`);
      }
      counts.set(table, limit);
    }
  }
  const tables = order.map((table) => planTable(byTable.get(table)!, counts.get(table)!, batchSize));
  const generator = new RowGenerator(seed, tables);
  const estimated = tables.map((t) => withEstimate(t, generator));
  const append = options.append ?? false;
  return {
    seed,
    preset: resolved.preset,
    append,
    tables: estimated,
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
      })),
    }),
  };
}

/**
 * The plan with other ids for row 0 (an appended run's, or the ones an
 * unfinished run recorded): only idStart and idEnd change; counts, order,
 * batch sizes, estimates and the config hash do not depend on them.
 */
export function withIdStarts(plan: SeedPlan, idStarts: Readonly<Record<string, number>>): SeedPlan {
  return {
    ...plan,
    tables: plan.tables.map((t) => {
      const idStart = t.idStart === undefined ? undefined : (idStarts[t.table] ?? t.idStart);
      return idStart === t.idStart ? t : { ...t, idStart, idEnd: idStart !== undefined && t.count > 0 ? idStart + t.count - 1 : undefined };
    }),
  };
}

interface FactoryEntry {
  factory: Factory;
  metadata: EntityMetadata;
}

function factoriesWithMetadata(dataSource: DataSource, given: ReseedConfig): FactoryEntry[] {
  const config = withDataSourceEntities(given, dataSource);
  const entries: FactoryEntry[] = [];
  const seen = new Set<string>();
  for (const factory of config.factories ?? []) {
    if (!dataSource.hasMetadata(factory.entity)) {
      throw new SeedInputError(`a factory is for ${entityLabel(factory.entity)}, which is not among the DataSource's entities; add it to the DataSource options`);
    }
    const metadata = dataSource.getMetadata(factory.entity);
    if (!config.entities.some((e) => dataSource.hasMetadata(e) && dataSource.getMetadata(e) === metadata)) {
      throw new SeedInputError(`the factory for "${metadata.tableName}" has no entry in the config's entities`);
    }
    if (seen.has(metadata.tableName)) throw new SeedInputError(`two factories fill "${metadata.tableName}"; keep one`);
    seen.add(metadata.tableName);
    entries.push({ factory, metadata });
  }
  if (entries.length === 0) throw new SeedInputError('the config has no factories: nothing to seed');
  return entries;
}

function entityLabel(entity: unknown): string {
  if (typeof entity === 'function') return `entity ${entity.name}`;
  const options = (entity as { options?: { name?: string } }).options;
  return `entity ${options?.name ?? String(entity)}`;
}

function tableOfEntity(entries: FactoryEntry[], target: unknown): string {
  return entries.find((e) => e.factory.entity === target || e.metadata.target === target)?.metadata.tableName ?? '';
}

function parentTables(metadata: EntityMetadata): string[] {
  return metadata.foreignKeys.map((fk) => fk.referencedEntityMetadata.tableName);
}

/** A child with a required FK to a parent of the run that gets no rows can have no rows either. */
function requiredParentsLimit(metadata: EntityMetadata, counts: Map<string, number>): number {
  for (const fk of metadata.foreignKeys) {
    const parent = fk.referencedEntityMetadata.tableName;
    if (parent === metadata.tableName || !counts.has(parent)) continue;
    if (fk.columns.every((c) => !c.isNullable) && counts.get(parent) === 0) return 0;
  }
  return Infinity;
}

function describeParents(metadata: EntityMetadata, counts: Map<string, number>): string {
  const parents = [...new Set(parentTables(metadata))].filter((p) => counts.has(p));
  return parents.length ? parents.map((p) => `${p}=${counts.get(p)}`).join(', ') : 'limit of its factory';
}

function planTable(entry: FactoryEntry, count: number, requestedBatch: number | undefined): PlannedTable {
  const { factory, metadata } = entry;
  const insertable = metadata.columns.filter((c) => c.isInsert && !c.isVirtual && !c.generatedType && !c.isVirtualProperty);
  const insertProperties = insertable.map((c) => c.propertyPath);
  const primary = metadata.primaryColumns.length === 1 ? metadata.primaryColumns[0] : undefined;
  const numericId = primary && (primary.type === Number || NUMERIC_TYPES.has(String(primary.type)) || primary.generationStrategy === 'increment');
  // Row 0 gets id 1; an appended or resumed run moves it with withIdStarts.
  const idStart = numericId ? 1 : undefined;
  const limit = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / Math.max(1, insertProperties.length)));
  const size = Math.min(requestedBatch ?? limit, limit);
  return {
    table: metadata.tableName,
    entityName: metadata.name,
    count,
    idProperty: numericId ? primary!.propertyPath : undefined,
    idColumn: numericId ? primary!.databaseName : undefined,
    hasSequence: Boolean(numericId && primary!.isGenerated && primary!.generationStrategy === 'increment'),
    idStart,
    idEnd: idStart !== undefined && count > 0 ? idStart + count - 1 : undefined,
    insertProperties,
    columns: insertProperties.length,
    batchSize: size,
    batches: Math.ceil(count / size),
    parents: [...new Set(parentTables(metadata))].filter((p) => p !== metadata.tableName),
    estimatedRowBytes: 0,
    estimatedBytes: 0,
    factory,
    metadata,
  };
}

/** A create/update date left to PostgreSQL would be now(): different on every run. */
function checkClockColumns(table: PlannedTable, row: Record<string, unknown>): void {
  for (const column of table.metadata.columns) {
    if (!(column.isCreateDate || column.isUpdateDate) || row[column.propertyPath] !== undefined) continue;
    throw new SeedInputError(
      `the factory of "${table.table}" leaves ${column.databaseName} unset: PostgreSQL would fill it with now() and the data would differ on every run; ` +
        'set it from a fixed reference date (ctx.random, ctx.randomFor)',
    );
  }
}

function withEstimate(table: PlannedTable, generator: RowGenerator): PlannedTable {
  if (table.count === 0) return table;
  const samples = Math.min(SAMPLE_ROWS, table.count);
  const step = table.count / samples;
  let bytes = 0;
  for (let i = 0; i < samples; i++) {
    const row = generator.row(table, Math.floor(i * step));
    checkClockColumns(table, row);
    bytes += estimateRowBytes(row);
  }
  const rowBytes = Math.round(bytes / samples);
  return { ...table, estimatedRowBytes: rowBytes, estimatedBytes: rowBytes * table.count };
}
