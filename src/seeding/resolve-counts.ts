import { DEFAULT_PRESET, GENERIC_PRESET_ROWS, type TableCounts } from './reseed-config';
import { SeedInputError } from './seed-input-error';

/** A table the counts may name: by table name or by entity name. */
export interface CountableTable {
  table: string;
  entityName: string;
}

/** Counts per table name, and which of them the caller gave explicitly. */
export interface ResolvedCounts {
  preset: string;
  counts: Map<string, number>;
  explicit: Set<string>;
}

/**
 * Starts from the preset (the config's, else {@link GENERIC_PRESET_ROWS} rows
 * in every table for small/medium/large), then applies `counts`. Every name
 * and number is checked; the error names the bad one and lists what is accepted.
 */
export function resolveCounts(
  tables: readonly CountableTable[],
  presets: Record<string, TableCounts> | undefined,
  preset: string | undefined,
  counts: TableCounts | undefined,
): ResolvedCounts {
  const presetName = preset ?? DEFAULT_PRESET;
  const known = tables.map((t) => t.table);
  const presetCounts = presets?.[presetName];
  const result = new Map<string, number>(known.map((t) => [t, 0]));
  if (presetCounts) {
    for (const [name, rows] of Object.entries(presetCounts)) result.set(tableName(tables, name, `preset "${presetName}"`), checkCount(name, rows, `preset "${presetName}"`));
  } else if (presetName in GENERIC_PRESET_ROWS) {
    for (const t of known) result.set(t, GENERIC_PRESET_ROWS[presetName]!);
  } else {
    const accepted = [...new Set([...Object.keys(GENERIC_PRESET_ROWS), ...Object.keys(presets ?? {})])];
    throw new SeedInputError(`unknown preset "${presetName}": use one of ${accepted.join(', ')}`);
  }
  const explicit = new Set<string>();
  for (const [name, rows] of Object.entries(counts ?? {})) {
    const table = tableName(tables, name, 'counts');
    result.set(table, checkCount(name, rows, 'counts'));
    explicit.add(table);
  }
  return { preset: presetName, counts: result, explicit };
}

function tableName(tables: readonly CountableTable[], name: string, where: string): string {
  const found = tables.find((t) => t.table === name) ?? tables.find((t) => t.entityName === name) ?? tables.find((t) => t.table.toLowerCase() === name.toLowerCase());
  if (!found) throw new SeedInputError(`unknown table "${name}" in ${where}: known tables are ${tables.map((t) => t.table).join(', ')}`);
  return found.table;
}

function checkCount(name: string, rows: unknown, where: string): number {
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) {
    throw new SeedInputError(`bad row count for "${name}" in ${where}: ${String(rows)} (a whole number, 0 or more)`);
  }
  return rows;
}
