import { afterAll, beforeAll } from 'vitest';
import type { DataSourceManager } from '../../../src/connection';
import type { TestPostgres } from '../../support/postgres';
import { useServer } from '../../support/use-server';
import { testManager, type CapturedLog } from './manager';
import { TcpProxy } from './tcp-proxy';

/** What useConnectionServer hands a test file; read it inside hooks and tests only. */
export interface ConnectionServer {
  readonly pg: TestPostgres;
  /** Only with `proxy: true`. */
  readonly proxy: TcpProxy;
  /** Only with `manager`. */
  readonly manager: DataSourceManager;
  /** What the manager logged. */
  readonly log: CapturedLog;
}

export interface ConnectionServerOptions {
  /** Start a TcpProxy in front of the server. */
  proxy?: boolean;
  /** Build a testManager with these options; a function may read the server and proxy (e.g. the proxy's port). */
  manager?: Parameters<typeof testManager>[1] | ((server: ConnectionServer) => Parameters<typeof testManager>[1]);
  /** Call manager.initialize() in beforeAll (the default when there is a manager). */
  initialize?: boolean;
  /** Runs last in beforeAll, e.g. to create tables. */
  prepare?: (server: ConnectionServer) => Promise<unknown> | void;
}

/**
 * Registers beforeAll/afterAll for a test file: a server of its own (the one
 * kit, useServer), then the proxy and the manager when asked for. afterAll
 * destroys the manager, closes the proxy, then useServer disposes of the server.
 */
export function useConnectionServer(options: ConnectionServerOptions = {}): ConnectionServer {
  // The server's lifecycle is the one kit's; afterAll hooks run in reverse, so it is disposed of last.
  const base = useServer();
  let pg: TestPostgres | undefined;
  let proxy: TcpProxy | undefined;
  let manager: DataSourceManager | undefined;
  let log: CapturedLog | undefined;
  const read = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useConnectionServer: no ${what} (not asked for, or read before beforeAll ran)`);
    return value;
  };
  const server: ConnectionServer = {
    get pg() {
      return read(pg, 'pg');
    },
    get proxy() {
      return read(proxy, 'proxy');
    },
    get manager() {
      return read(manager, 'manager');
    },
    get log() {
      return read(log, 'log');
    },
  };

  beforeAll(async () => {
    pg = base.pg;
    if (options.proxy) proxy = await TcpProxy.start(pg.port);
    if (options.manager) {
      const managerOptions = typeof options.manager === 'function' ? options.manager(server) : options.manager;
      ({ manager, log } = testManager(pg, managerOptions));
      if (options.initialize !== false) await manager.initialize();
    }
    await options.prepare?.(server);
  });
  afterAll(async () => {
    await manager?.destroy();
    await proxy?.close();
  });
  return server;
}
