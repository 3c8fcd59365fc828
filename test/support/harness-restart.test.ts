import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { restartSkipReason } from './postgres';
import { useServer } from './use-server';

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function backendStart(url: string): Promise<string> {
  const client = await connect(url);
  try {
    const { rows } = await client.query('SELECT pg_postmaster_start_time()::text AS t');
    return rows[0].t;
  } finally {
    await client.end();
  }
}

describe('test harness server', () => {
  const server = useServer();

  it('gives a real PostgreSQL with its own database', async () => {
    const rows = await server.pg.query<{ db: string; v: number }>("SELECT current_database() AS db, current_setting('server_version_num')::int AS v");
    expect(rows[0]!.db).toBe(server.pg.database);
    expect(rows[0]!.v).toBeGreaterThanOrEqual(140000);
  });

  it.for(['fast', 'immediate'] as const)('restarts (%s): the old connection is dead and a new one works', async (mode, { skip }) => {
    const why = restartSkipReason(server.pg);
    if (why) skip(why);
    const before = await backendStart(server.pg.url);
    const old = await connect(server.pg.url);
    await server.pg.restart({ mode });
    await expect(old.query('SELECT 1')).rejects.toThrow();
    await old.end().catch(() => undefined);
    const after = await backendStart(server.pg.url);
    expect(after).not.toBe(before);
  });

  it('survives SIGKILL of the postmaster: start() brings it back with the data', async ({ skip }) => {
    const why = restartSkipReason(server.pg);
    if (why) skip(why);
    await server.pg.query('CREATE TABLE IF NOT EXISTS survivor (id int primary key)');
    await server.pg.query('INSERT INTO survivor VALUES (1) ON CONFLICT DO NOTHING');
    await server.pg.kill();
    await expect(server.pg.query('SELECT 1')).rejects.toThrow();
    await server.pg.start();
    const rows = await server.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM survivor');
    expect(rows[0]!.n).toBe(1);
  });

  it('terminates the other backends of its database', async () => {
    const victim = await connect(server.pg.url);
    const ended = new Promise<void>((resolve) => victim.once('error', () => resolve()));
    const n = await server.pg.terminateBackends();
    expect(n).toBeGreaterThanOrEqual(1);
    await ended;
    await victim.end().catch(() => undefined);
  });
});
