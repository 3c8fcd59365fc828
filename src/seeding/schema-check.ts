import type { Queryable } from '../queryable';
import { readCopyTypes } from './copy-types';
import type { SeedPlan } from './seed-plan';
import { SeedInputError } from './seed-input-error';

/** At most this many names in one message; the rest are counted. */
const NAMED = 6;

function listed(names: readonly string[]): string {
  return names.length <= NAMED ? names.join(', ') : `${names.slice(0, NAMED).join(', ')} and ${names.length - NAMED} more`;
}

/**
 * Refuses, before anything is written, a plan whose tables or columns the
 * database does not have: the migrations were not run, or lag behind the
 * entities (a column added to an entity, not yet to the table). Without
 * this, the load met the first missing table or column mid-run, as a bare
 * `relation "x" does not exist` after other tables were written. One
 * catalog query, whose column types it returns: the COPY writer's (see
 * readCopyTypes).
 */
export async function refuseMissingSchema(db: Queryable, plan: SeedPlan): Promise<Record<string, Record<string, string>>> {
  const present = await readCopyTypes(db, plan.tables);
  // Asked only for the refusal's words.
  const inDatabase = async () => {
    const database = await db.query<{ name: string }>('SELECT current_database() AS name').then((rows) => rows[0]?.name ?? '');
    return database ? ` in database "${database}"` : '';
  };
  const hint = 'run your migrations first (typeorm migration:run, or your app\'s migrate script), then seed again';
  const missingTables = plan.tables.filter((t) => !Object.hasOwn(present, t.table));
  if (missingTables.length > 0) {
    // A join table's entity is named after its table: said once.
    const tables = missingTables.map((t) => (t.entityName === t.table ? t.table : `${t.table} (${t.entityName})`));
    throw new SeedInputError(`no table ${listed(tables)}${await inDatabase()}: the schema is not the entities' yet; nothing was written`, { hint });
  }
  const missingColumns: string[] = [];
  for (const t of plan.tables) {
    const columns = present[t.table]!;
    for (const column of t.metadata.columns) {
      if (t.insertProperties.includes(column.propertyPath) && !Object.hasOwn(columns, column.databaseName)) {
        missingColumns.push(`${t.table}.${column.databaseName} (${t.entityName}.${column.propertyPath})`);
      }
    }
  }
  if (missingColumns.length > 0) {
    throw new SeedInputError(
      `no column ${listed(missingColumns)}${await inDatabase()}: the tables lag behind the entities; nothing was written`,
      { hint: 'run your migrations first (or generate one for the entity change: typeorm migration:generate), then seed again' },
    );
  }
  return present;
}
