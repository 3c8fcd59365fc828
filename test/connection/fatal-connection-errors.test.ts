import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FatalConnectionError,
  classifyError,
  waitForReady,
  withReconnect,
  type ProbeAttempt,
} from '../../src/connection';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { testManager } from './support/manager';

let pg: TestPostgres;
const SECRET = 'Sup3r-S3cret-Pw';

beforeAll(async () => {
  pg = await startPostgres();
  await pg.query(`CREATE ROLE outsider LOGIN PASSWORD '${SECRET}'`);
  await pg.query(`CREATE DATABASE locked_db`);
  await pg.query(`REVOKE CONNECT ON DATABASE locked_db FROM PUBLIC`);
});

afterAll(async () => {
  await pg?.dispose();
});

const cases = [
  {
    what: 'a wrong password',
    url: () => pg.urlFor(pg.database, pg.user, SECRET),
    code: '28P01',
    says: () => `password authentication failed for user "${pg.user}" at ${pg.host}:${pg.port}/${pg.database}`,
  },
  {
    what: 'a missing database',
    url: () => pg.urlFor('no_such_db', 'outsider', SECRET),
    code: '3D000',
    says: () => `database "no_such_db" does not exist on ${pg.host}:${pg.port}`,
  },
  {
    what: 'no permission to connect',
    url: () => pg.urlFor('locked_db', 'outsider', SECRET),
    code: '42501',
    says: () => `user "outsider" may not connect to ${pg.host}:${pg.port}/locked_db`,
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
    const { manager, log } = testManager(pg, { overrides: { url: url(), host: undefined, port: undefined, username: undefined, password: undefined, database: undefined } });
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
