import { describe, expect, it } from 'vitest';
import { classifyError, FatalConnectionError, type ProbeAttempt, waitForReady, withReconnect } from '../../src/connection';
import { testManager } from '../support/test-manager';
import { useServer } from '../support/use-server';

const SECRET = 'Sup3r-S3cret-Pw';

const ctx = useServer({
  prepare: async ({ pg }) => {
    await pg.query(`CREATE ROLE outsider LOGIN PASSWORD '${SECRET}'`);
    await pg.query(`CREATE DATABASE locked_db`);
    await pg.query(`REVOKE CONNECT ON DATABASE locked_db FROM PUBLIC`);
  },
});

const cases = [
  {
    what: 'a wrong password',
    url: () => ctx.pg.urlFor(ctx.pg.database, ctx.pg.user, SECRET),
    code: '28P01',
    says: () => `password authentication failed for user "${ctx.pg.user}" at ${ctx.pg.host}:${ctx.pg.port}/${ctx.pg.database}`,
  },
  {
    what: 'a missing database',
    url: () => ctx.pg.urlFor('no_such_db', 'outsider', SECRET),
    code: '3D000',
    says: () => `database "no_such_db" does not exist on ${ctx.pg.host}:${ctx.pg.port}`,
  },
  {
    what: 'no permission to connect',
    url: () => ctx.pg.urlFor('locked_db', 'outsider', SECRET),
    code: '42501',
    says: () => `user "outsider" may not connect to ${ctx.pg.host}:${ctx.pg.port}/locked_db`,
  },
];

describe.each(cases)('$what', ({ url, code, says }) => {
  it('fails the readiness probe at once, after one attempt, with a clear message and no password', async () => {
    const attempts: ProbeAttempt[] = [];
    const started = performance.now();
    const error = await waitForReady({ connectionString: url() }, { onAttempt: (a) => attempts.push(a) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FatalConnectionError);
    expect(error).toMatchObject({ code: 'RESEED_CONNECTION_FATAL', cause: expect.objectContaining({ code }) });
    expect((error as Error).message).toContain(says());
    expect((error as Error).message).not.toContain(SECRET);
    expect(attempts).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('fails manager.initialize() the same way, and withReconnect does not retry it', async () => {
    const { manager, log } = testManager(ctx.pg, { overrides: { url: url(), host: undefined, port: undefined, username: undefined, password: undefined, database: undefined } });
    await expect(manager.initialize()).rejects.toBeInstanceOf(FatalConnectionError);
    expect(() => manager.dataSource).toThrow(expect.objectContaining({ code: 'RESEED_NOT_READY' }));
    expect(manager.target).not.toHaveProperty('password');
    expect(JSON.stringify(manager.target)).not.toContain(SECRET);
    expect([...log.debug, ...log.warn].join('\n')).not.toContain(SECRET);

    let runs = 0;
    const error = await withReconnect(manager, async () => {
      runs += 1;
    }).catch((e: unknown) => e);
    expect(runs).toBe(0);
    expect(classifyError(error)).toBe('fatal-connection');
    await manager.destroy();
  });
});
