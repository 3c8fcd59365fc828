import type { Client } from 'pg';
import { TUNING_PROFILES } from '../src/tuning/tuning-profiles';

/** reseed's own bookkeeping table, created by the first tuned run: not part of the user's schema. */
const RESEED_BOOKKEEPING = 'reseed_tuning_state';

/** Every setting some profile changes (the unsafe profile is a superset of the others). */
export const TUNED_SETTINGS: readonly string[] = TUNING_PROFILES.unsafe.settings.map((s) => s.name);

/**
 * What tuning may change and must put back, as sorted lines: the values of
 * the tuned settings, settings waiting for a restart, table storage options
 * (autovacuum), and every index and constraint of the public schema.
 */
export async function serverFingerprint(client: Client): Promise<string[]> {
  const settings = await client.query<{ line: string }>(
    `SELECT 'setting ' || name || '=' || setting AS line FROM pg_settings WHERE name = ANY($1)
     UNION ALL SELECT 'pending restart ' || name FROM pg_settings WHERE pending_restart`,
    [TUNED_SETTINGS],
  );
  const schema = await client.query<{ line: string }>(
    `SELECT 'reloptions ' || c.relname || ' ' || coalesce(array_to_string(c.reloptions, ','), '-') AS line
       FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname::text <> $1::text
     UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename::text <> $1::text
     UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> $1::text`,
    [RESEED_BOOKKEEPING],
  );
  return [...settings.rows, ...schema.rows].map((r) => r.line).sort();
}

/** Lines only in one of the two fingerprints, marked - (before) and + (after); empty when equal. */
export function fingerprintChanges(before: readonly string[], after: readonly string[]): string[] {
  const was = new Set(before);
  const now = new Set(after);
  return [...before.filter((l) => !now.has(l)).map((l) => `- ${l}`), ...after.filter((l) => !was.has(l)).map((l) => `+ ${l}`)];
}
