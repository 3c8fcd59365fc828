import pg from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE,
  DEFAULT_KEEP_ALIVE_INITIAL_DELAY_MS,
  DEFAULT_MAX_LIFETIME_SECONDS,
  DEFAULT_POOL_MAX,
  PrePingPool,
  type PrePingPoolOptions,
  type PrePingSettings,
} from './pre-ping-pool';

/** The pg module as TypeORM's postgres `driver` option takes it. */
export type PostgresDriverModule = typeof pg;

/**
 * The pg module with its Pool swapped for a {@link PrePingPool} configured
 * with these settings: pass it as TypeORM's postgres `driver` option.
 */
export function createPrePingDriver(settings: Partial<PrePingSettings> = {}): PostgresDriverModule {
  class ConfiguredPrePingPool extends PrePingPool {
    constructor(config?: pg.PoolConfig) {
      super(config, settings);
    }
  }
  return { ...pg, Pool: ConfiguredPrePingPool } as PostgresDriverModule;
}

/**
 * DataSource options that use the pre-ping pool: the pg driver with a
 * PrePingPool, keepalive and timeouts through `extra` (an explicit pool option
 * wins over the DataSource's own `extra`, which wins over the defaults), and
 * a `poolErrorHandler` so that idle-client errors never crash the process.
 * `sessionSettings`, when given, is read at every checkout (see PrePingSettings).
 */
export function prePingDataSourceOptions(
  options: PostgresDataSourceOptions,
  pool: PrePingPoolOptions,
  poolErrorHandler: (error: unknown) => void,
  sessionSettings?: PrePingSettings['sessionSettings'],
): PostgresDataSourceOptions {
  const extra: Record<string, unknown> = { ...(options.extra as Record<string, unknown> | undefined) };
  const pick = <T>(own: T | undefined, key: string, fallback: T): T => own ?? (extra[key] as T | undefined) ?? fallback;
  return {
    ...options,
    driver: createPrePingDriver({
      pingIdleAfterMs: pool.pingIdleAfterMs,
      pingTimeoutMs: pool.pingTimeoutMs,
      statementCheckFloorMs: pool.statementCheckFloorMs,
      sessionSettings,
    }),
    extra: {
      ...extra,
      max: pick(pool.max, 'max', options.poolSize ?? DEFAULT_POOL_MAX),
      keepAlive: pick(pool.keepAlive, 'keepAlive', DEFAULT_KEEP_ALIVE),
      keepAliveInitialDelayMillis: pick(pool.keepAliveInitialDelayMillis, 'keepAliveInitialDelayMillis', DEFAULT_KEEP_ALIVE_INITIAL_DELAY_MS),
      connectionTimeoutMillis: pick(pool.connectionTimeoutMillis, 'connectionTimeoutMillis', options.connectTimeoutMS ?? DEFAULT_CONNECTION_TIMEOUT_MS),
      idleTimeoutMillis: pick(pool.idleTimeoutMillis, 'idleTimeoutMillis', DEFAULT_IDLE_TIMEOUT_MS),
      maxLifetimeSeconds: pick(pool.maxLifetimeSeconds, 'maxLifetimeSeconds', DEFAULT_MAX_LIFETIME_SECONDS),
    },
    poolErrorHandler,
  };
}

/** The pre-ping pool behind an initialized DataSource, or undefined when it uses another pool. */
export function prePingPoolOf(dataSource: { driver: unknown }): PrePingPool | undefined {
  const master = (dataSource.driver as { master?: unknown }).master;
  return master instanceof PrePingPool ? master : undefined;
}
