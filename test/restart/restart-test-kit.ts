import { afterAll, beforeAll } from 'vitest';
import { DataSourceManager } from '../../src/connection/data-source-manager';
import type { Prompter } from '../../src/restart/prompter';
import type { TestPostgres } from '../support/postgres';
import { useTuningServer, type TuningServer } from '../tuning/tuning-test-kit';

/** TypeORM options for the file's own database, field by field as the CLI builds them. */
export function serverDataSourceOptions(server: TestPostgres) {
  return {
    type: 'postgres' as const,
    host: server.host,
    port: server.port,
    username: server.user,
    password: server.password,
    database: server.database,
    logging: false,
  };
}

/**
 * useTuningServer plus a DataSourceManager on the server, initialized in
 * beforeAll and destroyed in afterAll before the server is disposed of.
 */
export function useManagedServer(): TuningServer & { readonly manager: DataSourceManager } {
  const ctx = useTuningServer();
  let manager: DataSourceManager | undefined;
  beforeAll(async () => {
    manager = new DataSourceManager({ dataSourceOptions: serverDataSourceOptions(ctx.server) });
    await manager.initialize();
  });
  afterAll(async () => {
    await manager?.destroy();
  });
  return {
    get server() {
      return ctx.server;
    },
    get db() {
      return ctx.db;
    },
    get tmp() {
      return ctx.tmp;
    },
    pools: ctx.pools,
    get manager() {
      if (!manager) throw new Error('useManagedServer: manager is read before beforeAll ran');
      return manager;
    },
  };
}

/**
 * The person at the prompt: presses Enter, restarting the server only at the
 * second press, and answers yes to every question. Keeps what was shown and asked.
 */
export function personWhoRestartsAtSecondEnter(restart: () => Promise<void>): Prompter & { shown: string[]; asked: string[] } {
  const shown: string[] = [];
  const asked: string[] = [];
  let enters = 0;
  return {
    shown,
    asked,
    async input(message) {
      shown.push(message);
      enters += 1;
      if (enters === 2) await restart();
      return '';
    },
    async confirm(message) {
      asked.push(message);
      return true;
    },
  };
}
