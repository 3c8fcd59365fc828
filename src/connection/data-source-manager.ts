import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { DataSource, type EntityTarget, type ObjectLiteral, type Repository } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { closeDataSourceQuietly } from './close-data-source';
import { describeTarget, parseDatabaseUrl } from './database-url';
import { classifyError } from './classify-error';
import { describeConnectionError, type ConnectionTargetDescription } from './describe-connection-error';
import { FatalConnectionError } from './fatal-connection-error';
import { NotReadyError } from './not-ready-error';
import { HealthCheckFailedError } from './health-check-failed-error';
import { healthCheck, type HealthCheckOptions, type HealthReport } from './health-check';
import { prePingDataSourceOptions } from './pre-ping-driver';
import { NO_SESSION_SETTINGS, type PrePingPoolOptions } from './pre-ping-pool';
import { DEFAULT_BUDGET_MS, DEFAULT_MAX_DELAY_MS, waitForReady, type ProbeAttempt, type ReadinessProbeOptions } from './readiness-probe';
import { ReadinessTimeoutError } from './readiness-timeout-error';

/** Where a manager connects, for messages (no password). */
export interface ManagerTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Everything a DataSourceManager needs; each part has its own defaults. */
export interface DataSourceManagerOptions {
  /** The TypeORM options every DataSource is built from (the pool parts are overridden by `pool`). */
  dataSourceOptions: PostgresDataSourceOptions;
  /** Pre-ping pool knobs. Default: see PrePingPoolOptions. */
  pool?: PrePingPoolOptions;
  /** How long and how often to probe before (re)connecting. Default: see ReadinessProbeOptions. */
  readiness?: ReadinessProbeOptions;
  /** Tables checked after every (re)connect. Default: none. */
  health?: Omit<HealthCheckOptions, 'expectedSettings'>;
  /** Where idle-connection errors and recreate details go. Default: nowhere. */
  logger?: { debug(msg: string): void; warn(msg: string): void };
}

/** Emitted when a recreation starts. */
export interface ReconnectingEvent {
  reason: string;
  error?: unknown;
}

/** Emitted when a recreation has a healthy new DataSource. */
export interface ReconnectedEvent {
  /** Readiness-probe attempts it took. */
  attempts: number;
  /** From the start of recreate() to the healthy DataSource. */
  downtimeMs: number;
  health: HealthReport;
}

/** The events of a DataSourceManager. */
export interface DataSourceManagerEvents {
  reconnecting: [ReconnectingEvent];
  probe: [ProbeAttempt];
  reconnected: [ReconnectedEvent];
}

/** Options of one recreate() call. */
export interface RecreateOptions {
  /** Settings the new server must show, e.g. after a tuning restart. Default: none. */
  expectedSettings?: Record<string, string>;
  /** The failure that prompted the recreation, passed on in the 'reconnecting' event. */
  error?: unknown;
  /** Recreate only if this is still the current DataSource; if it was already replaced, return the replacement. */
  stale?: DataSource;
  /** Stops the readiness wait. Default: the readiness options' signal. */
  signal?: AbortSignal;
}

/** Where a manager is in its life: before initialize(), (re)connecting, usable, after a failed (re)connect, or destroyed. */
export type ManagerState = 'new' | 'connecting' | 'ready' | 'failed' | 'destroyed';

const NOOP_LOGGER = { debug: () => undefined, warn: () => undefined };

/**
 * Owns the current TypeORM DataSource and replaces it after the server went
 * away: recreate() destroys the old one (errors logged at debug, never
 * thrown), waits for readiness, builds a brand-new DataSource with a pre-ping
 * pool from the original options, and health-checks it. Concurrent
 * initialize() or recreate() calls share one attempt, because TypeORM's
 * initialize() leaks a pool when called concurrently. Fetch repositories
 * from the manager after every recreate; never keep one across it.
 */
export class DataSourceManager extends EventEmitter<DataSourceManagerEvents> {
  /** Recreations that succeeded and the time they took in total. */
  readonly stats = { reconnects: 0, downtimeMs: 0 };
  readonly #options: DataSourceManagerOptions;
  readonly #logger: { debug(msg: string): void; warn(msg: string): void };
  readonly #target: ConnectionTargetDescription;
  #current: DataSource | undefined;
  #pending: Promise<DataSource> | undefined;
  #lastError: unknown;
  #destroyed = false;
  #sessionSettings: Readonly<Record<string, string>> = NO_SESSION_SETTINGS;

  constructor(options: DataSourceManagerOptions) {
    super();
    this.#options = options;
    this.#logger = options.logger ?? NOOP_LOGGER;
    this.#target = targetOf(options.dataSourceOptions);
  }

  /** host, port, database and user the manager connects to. */
  get target(): ManagerTarget {
    const { host, port, database, user } = this.#target;
    return { host, port, database, user };
  }

  /**
   * A new manager (not initialized) for another server of the same cluster,
   * a Citus worker: the same options, credentials and database, with `host`
   * and `port` in place of this one's; no health-check tables (the seeded
   * tables are the coordinator's) and no session settings.
   */
  forNode(host: string, port: number): DataSourceManager {
    const options = this.#options.dataSourceOptions;
    let url = options.url;
    if (url !== undefined) {
      const parsed = new URL(url);
      parsed.hostname = host.includes(':') ? `[${host}]` : host;
      parsed.port = String(port);
      url = parsed.toString();
    }
    return new DataSourceManager({
      ...this.#options,
      dataSourceOptions: { ...options, url, host, port, entities: [], migrations: [], subscribers: [], migrationsRun: false, synchronize: false },
      health: { tables: [] },
    });
  }

  /** Where the manager is in its life; 'failed' means the last (re)connect failed and recreate() may try again. */
  get state(): ManagerState {
    if (this.#destroyed) return 'destroyed';
    if (this.#pending) return 'connecting';
    if (this.#current) return 'ready';
    return this.#lastError === undefined ? 'new' : 'failed';
  }

  /** Why the last (re)connect failed; undefined once one succeeds. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** The current DataSource; throws NotReadyError before initialize(), while recreating or after a failure. */
  get dataSource(): DataSource {
    if (this.#current) return this.#current;
    if (this.#destroyed) throw new NotReadyError('the DataSourceManager was destroyed');
    if (this.#pending) throw new NotReadyError(`reconnecting to ${describeTarget(this.#target)}; await ready() first`);
    throw new NotReadyError(
      this.#lastError ? `no connection to ${describeTarget(this.#target)} after a failed (re)connect` : 'call initialize() before using the DataSourceManager',
      { cause: this.#lastError },
    );
  }

  /** Session settings every pooled connection gets (see setSessionSettings). */
  get sessionSettings(): Readonly<Record<string, string>> {
    return this.#sessionSettings;
  }

  /**
   * Session settings (name -> value, e.g. synchronous_commit = off) for every
   * connection of the pool, now and after any recreate: each connection gets
   * them at its next checkout, and a name left out goes back to its default
   * (`{}` resets them all). Applied at once on one connection so that a bad
   * name or value fails here, leaving the previous settings in place.
   */
  async setSessionSettings(settings: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(settings)) {
      if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new TypeError(`session setting name "${name}" is not a setting name (letters, digits, _ and .)`);
      if (typeof value !== 'string') throw new TypeError(`session setting ${name} must be a string, got ${typeof value}`);
    }
    const previous = this.#sessionSettings;
    this.#sessionSettings = Object.keys(settings).length > 0 ? Object.freeze({ ...settings }) : NO_SESSION_SETTINGS;
    if (!this.#current) return;
    try {
      await this.#current.query('SELECT 1');
    } catch (error) {
      this.#sessionSettings = previous;
      throw error;
    }
  }

  /** A repository of the current DataSource; fetch it again after a recreate. */
  getRepository<Entity extends ObjectLiteral>(target: EntityTarget<Entity>): Repository<Entity> {
    return this.dataSource.getRepository(target);
  }

  /** The current DataSource, or the one being built; rejects with NotReadyError when there is neither. */
  async ready(): Promise<DataSource> {
    if (this.#current) return this.#current;
    if (this.#pending) return this.#pending;
    return this.dataSource;
  }

  /** Waits for the server, connects and health-checks; a second call returns the same DataSource. */
  async initialize(): Promise<DataSource> {
    if (this.#destroyed) throw new NotReadyError('the DataSourceManager was destroyed');
    if (this.#current) return this.#current;
    if (this.#pending) return this.#pending;
    return this.#run(async () => (await this.#connect(undefined, this.#options.readiness?.signal)).dataSource);
  }

  /**
   * Replaces the DataSource: destroys the old one quietly, waits for the
   * server, builds and health-checks a new one. Calls made while one is in
   * flight share it (and its expectedSettings). When the health check fails
   * the new DataSource is kept (it connects fine) and HealthCheckFailedError
   * carries the report.
   */
  async recreate(reason: string, options: RecreateOptions = {}): Promise<DataSource> {
    if (this.#destroyed) throw new NotReadyError('the DataSourceManager was destroyed');
    if (this.#pending) return this.#pending;
    if (options.stale && this.#current && this.#current !== options.stale) return this.#current;
    const started = performance.now();
    this.#logger.debug(`recreating the DataSource for ${describeTarget(this.#target)}: ${reason}`);
    const old = this.#current;
    this.#current = undefined;
    const recreation = this.#run(async () => {
      if (old) await closeDataSourceQuietly(old, (message) => this.#logger.debug(message));
      const built = await this.#connect(options.expectedSettings, options.signal ?? this.#options.readiness?.signal);
      const downtimeMs = Math.round(performance.now() - started);
      this.stats.reconnects += 1;
      this.stats.downtimeMs += downtimeMs;
      this.emit('reconnected', { attempts: built.attempts, downtimeMs, health: built.health });
      return built.dataSource;
    });
    // Emitted once the recreation is the pending one, so a listener calling recreate() joins it.
    this.emit('reconnecting', { reason, error: options.error });
    return recreation;
  }

  /** Closes the current DataSource quietly; the manager cannot be used afterwards. */
  async destroy(): Promise<void> {
    this.#destroyed = true;
    await this.#pending?.catch(() => undefined);
    const current = this.#current;
    this.#current = undefined;
    if (current) await closeDataSourceQuietly(current, (message) => this.#logger.debug(message));
  }

  /** Runs one (re)connection as THE pending one, so that concurrent callers share it. */
  #run(connect: () => Promise<DataSource>): Promise<DataSource> {
    const pending = connect().then(
      async (dataSource) => {
        this.#pending = undefined;
        if (this.#destroyed) {
          this.#current = undefined;
          await closeDataSourceQuietly(dataSource, (message) => this.#logger.debug(message));
          throw new NotReadyError('the DataSourceManager was destroyed while connecting');
        }
        this.#lastError = undefined;
        return dataSource;
      },
      (error: unknown) => {
        this.#pending = undefined;
        this.#lastError = error;
        throw error;
      },
    );
    this.#pending = pending;
    return pending;
  }

  /** Probe, build, health-check; a connection lost on the way starts over while the readiness budget lasts. */
  async #connect(
    expectedSettings: Record<string, string> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ dataSource: DataSource; attempts: number; health: HealthReport }> {
    const readiness = this.#options.readiness ?? {};
    const budgetMs = readiness.budgetMs ?? DEFAULT_BUDGET_MS;
    const started = performance.now();
    let attempts = 0;
    /** The server answered, but what it needs did not (a Citus worker): said as that, not as a server that never answered. */
    let lostAfterConnect: unknown;
    for (;;) {
      if (lostAfterConnect !== undefined && performance.now() - started >= budgetMs) throw lostAfterConnect;
      let probe: Awaited<ReturnType<typeof waitForReady>>;
      try {
        probe = await waitForReady(this.#clientConfig(), {
          ...readiness,
          signal,
          budgetMs: Math.max(0, budgetMs - (performance.now() - started)),
          onAttempt: (attempt) => {
            readiness.onAttempt?.(attempt);
            this.emit('probe', attempt);
          },
        });
      } catch (error) {
        // The budget ran out during the probe after the server had answered (its last few ms can
        // be too short for any connection): what went wrong is what was lost after connecting.
        if (lostAfterConnect !== undefined && error instanceof ReadinessTimeoutError) throw lostAfterConnect;
        throw error;
      }
      attempts += probe.attempts;
      const dataSource = new DataSource(
        prePingDataSourceOptions(this.#options.dataSourceOptions, this.#options.pool ?? {}, this.#poolErrorHandler(), () => this.#sessionSettings),
      );
      let health: HealthReport;
      try {
        await dataSource.initialize();
        health = await healthCheck(dataSource, { tables: this.#options.health?.tables, expectedSettings });
      } catch (error) {
        await closeDataSourceQuietly(dataSource, (message) => this.#logger.debug(message));
        const kind = classifyError(error);
        if (kind === 'fatal-connection') throw new FatalConnectionError(describeConnectionError(error, this.#target), { cause: error });
        if (kind === 'connection-lost' && performance.now() - started < budgetMs) {
          lostAfterConnect = error;
          this.#logger.debug(`connection lost while connecting, probing again: ${describeConnectionError(error, this.#target)}`);
          // The server may accept connections while what it needs is still away (a Citus worker): not a busy loop.
          await new Promise((resolve) => setTimeout(resolve, readiness.maxDelayMs ?? DEFAULT_MAX_DELAY_MS));
          continue;
        }
        throw error;
      }
      if (!health.ok) {
        // The connection works; the server is not the one expected. Keep it usable and say why.
        this.#current = dataSource;
        throw new HealthCheckFailedError(health, describeTarget(this.#target));
      }
      this.#current = dataSource;
      return { dataSource, attempts, health };
    }
  }

  /** Idle-client errors of one DataSource: the first at warn, the rest at debug, none ever thrown. */
  #poolErrorHandler(): (error: unknown) => void {
    let warned = false;
    return (error) => {
      const line = describeConnectionError(error, this.#target);
      if (warned) return this.#logger.debug(`idle connection error: ${line}`);
      warned = true;
      this.#logger.warn(`lost idle connections (${line}); the next use reconnects`);
    };
  }

  #clientConfig(): pg.ClientConfig {
    const options = this.#options.dataSourceOptions;
    return {
      // So that a DBA looking at pg_stat_activity knows what keeps connecting.
      application_name: `${options.applicationName ?? 'reseed'} (readiness probe)`.slice(0, 63),
      connectionString: options.url,
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password as pg.ClientConfig['password'],
      database: options.database,
      ssl: options.ssl as pg.ClientConfig['ssl'],
    };
  }
}

function targetOf(options: PostgresDataSourceOptions): ConnectionTargetDescription {
  const fromUrl = options.url ? parseDatabaseUrl(options.url) : undefined;
  return {
    host: options.host ?? fromUrl?.host ?? 'localhost',
    port: options.port ?? fromUrl?.port ?? 5432,
    database: options.database ?? fromUrl?.database ?? 'postgres',
    user: options.username ?? fromUrl?.user ?? 'postgres',
    password: typeof options.password === 'string' ? options.password : fromUrl?.password,
  };
}
