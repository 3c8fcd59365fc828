import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  classifyError,
  ConnectionLostError,
  describeConnectionError,
  FatalConnectionError,
  isConnectionLost,
  NotReadyError,
  ReadinessTimeoutError,
} from '../../src/connection';
import { useServer } from '../support/use-server';

const ctx = useServer({ manager: {} });

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a failure'),
    (error: unknown) => error,
  );
}

describe('errors from a real server', () => {
  it('a session terminated by the administrator (57P01, wrapped by TypeORM) is a lost connection', async () => {
    const error = await failureOf(ctx.manager.dataSource.query('SELECT pg_terminate_backend(pg_backend_pid())'));
    expect(error).toMatchObject({ name: 'QueryFailedError', driverError: expect.objectContaining({ code: '57P01' }) });
    expect(classifyError(error)).toBe('connection-lost');
  });

  it('a refused connection (ECONNREFUSED) is a lost connection', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const client = new pg.Client({ host: '127.0.0.1', port: closed, user: 'x', database: 'x' });
    client.on('error', () => undefined);
    const error = await failureOf(client.connect());
    expect(classifyError(error)).toBe('connection-lost');
  });

  it("TypeORM's QueryRunnerAlreadyReleasedError is a lost connection", async () => {
    const runner = ctx.manager.dataSource.createQueryRunner();
    await runner.release();
    const error = await failureOf(runner.query('SELECT 1'));
    expect(error).toMatchObject({ name: 'QueryRunnerAlreadyReleasedError' });
    expect(isConnectionLost(error)).toBe(true);
  });

  it("TypeORM's QueryRunnerProviderAlreadyReleasedError (a transaction's EntityManager whose connection died) is a lost connection", async () => {
    const runner = ctx.manager.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    // The connection dies under the transaction: TypeORM releases the runner, the EntityManager is left behind.
    await failureOf(runner.query('SELECT pg_terminate_backend(pg_backend_pid())'));
    await runner.release();
    const error = await failureOf(runner.manager.query('SELECT 1'));
    expect(error).toMatchObject({ name: 'QueryRunnerProviderAlreadyReleasedError' });
    expect(isConnectionLost(error)).toBe(true);
  });

  it('a unique violation, a syntax error and a missing table are not connection problems', async () => {
    await ctx.manager.dataSource.query('CREATE TEMP TABLE once (id int PRIMARY KEY)');
    await ctx.manager.dataSource.query('INSERT INTO once VALUES (1)');
    for (const sql of ['INSERT INTO once VALUES (1)', 'SELEC 1', 'SELECT * FROM no_such_table']) {
      expect(classifyError(await failureOf(ctx.manager.dataSource.query(sql)))).toBe('other');
    }
  });

  it('a missing database (3D000) is fatal', async () => {
    const client = new pg.Client({ connectionString: ctx.pg.urlFor('no_such_database') });
    client.on('error', () => undefined);
    const error = await failureOf(client.connect());
    expect(classifyError(error)).toBe('fatal-connection');
  });
});

describe('error shapes seen during outages', () => {
  const withCode = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

  it.each(['08006', '08001', '08P01', '57P01', '57P02', '57P03', '57P05', '25P03', '53300', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED'])(
    'treats %s as a lost connection',
    (code) => expect(classifyError(withCode(code))).toBe('connection-lost'),
  );

  it.each(['28P01', '28000', '3D000', '42501'])('treats %s as fatal', (code) => expect(classifyError(withCode(code))).toBe('fatal-connection'));

  it.each(['Connection terminated unexpectedly', 'Connection terminated', 'timeout exceeded when trying to connect', 'Client has encountered a connection error and is not queryable'])(
    'treats the node-postgres message "%s" as a lost connection',
    (message) => expect(classifyError(new Error(message))).toBe('connection-lost'),
  );

  it("treats a Citus coordinator's word of a worker lost mid-command or mid-COPY as a lost connection, and a worker's data error as not", () => {
    const citus = (code: string, file: string, message: string) => Object.assign(new Error(message), { code, file, routine: 'ReportCopyError' });
    // Seen when a worker's postmaster was SIGKILLed during a batch's COPY (test/citus): the worker's message, under XX000.
    expect(classifyError(citus('XX000', 'multi_copy.c', 'terminating connection due to unexpected postmaster exit'))).toBe('connection-lost');
    expect(classifyError(citus('XX000', 'multi_copy.c', 'terminating connection due to administrator command'))).toBe('connection-lost');
    expect(classifyError(citus('XX000', 'multi_copy.c', 'terminating connection because of crash of another server process'))).toBe('connection-lost');
    expect(classifyError(citus('XX000', 'multi_copy.c', 'the database system is shutting down'))).toBe('connection-lost');
    expect(classifyError(citus('58030', 'multi_copy.c', 'failed to complete COPY on 127.0.0.1:5433'))).toBe('connection-lost');
    expect(classifyError(citus('XX000', 'remote_commands.c', 'connection to the remote node 127.0.0.1:5433 failed'))).toBe('connection-lost');
    // The same path carries a worker's constraint violation: that is the data's problem, not the link's.
    expect(classifyError(citus('XX000', 'multi_copy.c', 'duplicate key value violates unique constraint "users_email_key_102008"'))).toBe('other');
    expect(classifyError(citus('XX000', 'multi_copy.c', 'value too long for type character varying(10)'))).toBe('other');
    // A worker's transaction_timeout (PostgreSQL 17, 25P04 on a direct connection) is not a lost link either.
    expect(classifyError(citus('XX000', 'multi_copy.c', 'terminating connection due to transaction timeout'))).toBe('other');
  });

  it('looks through causes and AggregateErrors (localhost resolving to ::1 and 127.0.0.1)', () => {
    const aggregate = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    expect(classifyError(aggregate)).toBe('connection-lost');
    expect(classifyError(new Error('batch 7 failed', { cause: withCode('57P01') }))).toBe('connection-lost');
    expect(classifyError(new Error('batch 7 failed', { cause: withCode('23505') }))).toBe('other');
  });

  it("lets reseed's own errors speak for themselves", () => {
    expect(classifyError(new ConnectionLostError('x'))).toBe('connection-lost');
    expect(classifyError(new FatalConnectionError('x'))).toBe('fatal-connection');
    // Gave up already: retrying it again would double the wait.
    expect(classifyError(new ReadinessTimeoutError('x', { cause: withCode('ECONNREFUSED') }))).toBe('other');
    expect(classifyError(new NotReadyError('x', { cause: new FatalConnectionError('y') }))).toBe('fatal-connection');
    expect(classifyError(new NotReadyError('x'))).toBe('other');
    expect(classifyError('a string')).toBe('other');
    expect(classifyError(undefined)).toBe('other');
  });
});

describe('describeConnectionError', () => {
  const target = { host: 'db.internal', port: 5433, database: 'app', user: 'seeder', password: 'hunter2-long' };

  it('says what to check in one line', () => {
    const refused = describeConnectionError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), target);
    expect(refused).toBe('connection refused by db.internal:5433: is PostgreSQL running and listening there?');
    expect(describeConnectionError(Object.assign(new Error('x'), { code: '28P01' }), target)).toBe(
      'password authentication failed for user "seeder" at db.internal:5433/app: check the password',
    );
  });

  it('never prints the password, even when the underlying error carries it', () => {
    const leaky = new Error('could not connect to postgres://seeder:hunter2-long@db.internal:5433/app (hunter2-long)');
    const line = describeConnectionError(leaky, target);
    expect(line).not.toContain('hunter2-long');
    expect(line).toContain('postgres://seeder:****@db.internal:5433/app');
    expect(line.split('\n')).toHaveLength(1);
  });
});
