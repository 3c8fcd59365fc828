import { SeedInputError } from './seed-input-error';

/** A table and the tables it references (its parents). */
export interface TableDependencies {
  table: string;
  parents: readonly string[];
}

/**
 * Tables ordered so every parent comes before its children (Kahn's
 * algorithm, ties kept in input order). Self-references (follows -> users is
 * not one; a category's parent category is) are ignored: the rows of one
 * table are written in id order. Parents outside the list are ignored too.
 * A cycle between different tables is a SeedInputError naming them.
 */
export function orderTablesByDependencies(tables: readonly TableDependencies[], explain?: (cycle: readonly string[]) => string): string[] {
  const names = new Set(tables.map((t) => t.table));
  const pending = new Map(tables.map((t) => [t.table, new Set(t.parents.filter((p) => p !== t.table && names.has(p)))]));
  const ordered: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending.entries()].find(([, parents]) => parents.size === 0)?.[0];
    if (ready === undefined) {
      const cycle = [...pending.keys()];
      throw new SeedInputError(`tables reference each other in a cycle: ${cycle.join(', ')}; reseed needs an order where parents come first${explain ? ` (${explain(cycle)})` : ''}`);
    }
    ordered.push(ready);
    pending.delete(ready);
    for (const parents of pending.values()) parents.delete(ready);
  }
  return ordered;
}

/**
 * Every table `table` depends on, through parents of parents, within
 * `tables` in load order (itself left out): what must be complete before its
 * first row is written. A parent later in the order is a reference the order
 * broke (a relation the factory leaves NULL) and is not waited for. A table
 * may load side by side with any table that is neither its ancestor nor its
 * descendant.
 */
export function ancestorsOf(tables: readonly TableDependencies[], table: string): string[] {
  const position = new Map(tables.map((t, i) => [t.table, i]));
  const found = new Set<string>();
  const visit = (name: string) => {
    const at = position.get(name)!;
    for (const parent of tables[at]!.parents) {
      const parentAt = position.get(parent);
      if (parentAt === undefined || parentAt >= at || found.has(parent)) continue;
      found.add(parent);
      visit(parent);
    }
  };
  if (position.has(table)) visit(table);
  return tables.filter((t) => found.has(t.table)).map((t) => t.table);
}
