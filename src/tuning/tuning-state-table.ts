import { messageOf } from './pg-settings';
import type { Queryable } from '../queryable';

/** The table reseed keeps its tuning state in, in the seeded database. */
export const TUNING_STATE_TABLE = 'reseed_tuning_state';

/** Where the state table stands, and whether what it holds may be executed. */
export type TuningStateTableStatus =
  | { kind: 'missing' }
  | { kind: 'trusted'; qualified: string }
  /** It exists, but another role owns it or may write to it: its rows could be planted, so they are never read. */
  | { kind: 'untrusted'; qualified: string; reason: string };

/**
 * Finds the state table through the search_path (without touching it, so a
 * missing table leaves nothing in the server log) and decides whether its
 * rows can be trusted: only when the connected role owns it, no other role
 * holds a write privilege on it, and no role inherits the owner's rights
 * (superusers aside, who can do anything anyway). Anything else could hold
 * SQL planted by another role, which reseed would run with this role's
 * privileges.
 */
export async function inspectTuningStateTable(runner: Queryable): Promise<TuningStateTableStatus> {
  const rows = await runner.query<{ qualified: string; owner: string; relkind: string; owned: boolean; writers: string | null; members: string | null }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS qualified, pg_get_userbyid(c.relowner) AS owner, c.relkind::text AS relkind,
            c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AS owned,
            (SELECT string_agg(DISTINCT CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, ', ')
               FROM aclexplode(c.relacl) a
              WHERE a.grantee <> c.relowner AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER')) AS writers,
            (SELECT string_agg(pg_get_userbyid(m.member), ', ') FROM pg_auth_members m
              WHERE m.roleid = c.relowner AND NOT (SELECT rolsuper FROM pg_roles WHERE oid = c.relowner)) AS members
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1)`,
    [TUNING_STATE_TABLE],
  );
  const row = rows[0];
  if (!row) return { kind: 'missing' };
  const untrusted = (reason: string): TuningStateTableStatus => ({ kind: 'untrusted', qualified: row.qualified, reason });
  if (row.relkind !== 'r') return untrusted(`${row.qualified} is not a plain table`);
  if (!row.owned) return untrusted(`${row.qualified} is owned by role ${row.owner}, not by this role`);
  if (row.writers) return untrusted(`other roles may write to ${row.qualified} (${row.writers})`);
  if (row.members) return untrusted(`roles ${row.members} inherit the rights of its owner ${row.owner}`);
  return { kind: 'trusted', qualified: row.qualified };
}

/** The sentence a warning gives for an untrusted table. */
export function untrustedTableWarning(status: Extract<TuningStateTableStatus, { kind: 'untrusted' }>): string {
  return `${status.reason}: reseed neither reads nor writes it (anything in it could have been planted); drop it or give it to this role`;
}

/** Creates the table when the search_path has none; returns what stands there afterwards. */
export async function ensureTuningStateTable(runner: Queryable): Promise<TuningStateTableStatus> {
  const status = await inspectTuningStateTable(runner);
  if (status.kind !== 'missing') return status;
  try {
    await runner.query(
      `CREATE TABLE IF NOT EXISTS ${TUNING_STATE_TABLE} (
         key text PRIMARY KEY, state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
  } catch (error) {
    throw new Error(`could not create it: ${messageOf(error)}`, { cause: error });
  }
  return inspectTuningStateTable(runner);
}
