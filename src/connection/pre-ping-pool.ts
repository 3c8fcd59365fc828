import pg from 'pg';
import { classifyError } from './classify-error';
import { ConnectionLostError } from './connection-lost-error';
import { StatementWatchdog } from './statement-watchdog';

/** Pool size when neither these options nor the DataSource (`poolSize`, `extra.max`) set one. */
export const DEFAULT_POOL_MAX = 10;
/** A client idle at least this long is pinged before it is handed out (pgx's ShouldPing uses 1 s). */
export const DEFAULT_PING_IDLE_AFTER_MS = 1_000;
/** How long a pre-ping `SELECT 1` may take before the client counts as dead. */
export const DEFAULT_PING_TIMEOUT_MS = 2_000;
/** TCP keepalive on every pooled socket, so a vanished peer is noticed even when no query runs. */
export const DEFAULT_KEEP_ALIVE = true;
/** Idle time before the first keepalive probe. */
export const DEFAULT_KEEP_ALIVE_INITIAL_DELAY_MS = 10_000;
/** Bound on opening a new connection (TCP, TLS, authentication) and on waiting for a free client. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
/** An idle client is closed after this long. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
/** Every client is replaced after this many seconds (SQLAlchemy's pool_recycle, HikariCP's maxLifetime). */
export const DEFAULT_MAX_LIFETIME_SECONDS = 1_800;

/** Knobs of the pre-ping pool; each one falls back to the DataSource's `extra`, then to its default. */
export interface PrePingPoolOptions {
  /** Most clients open at once. Default: the DataSource's `poolSize` or `extra.max`, else {@link DEFAULT_POOL_MAX}. */
  max?: number;
  /** Ping a client idle at least this long before handing it out; `Infinity` turns pre-ping off. Default: {@link DEFAULT_PING_IDLE_AFTER_MS}. */
  pingIdleAfterMs?: number;
  /** Timeout of the pre-ping `SELECT 1`. Default: {@link DEFAULT_PING_TIMEOUT_MS}. */
  pingTimeoutMs?: number;
  /** TCP keepalive on pooled sockets. Default: {@link DEFAULT_KEEP_ALIVE}. */
  keepAlive?: boolean;
  /** Delay before the first keepalive probe. Default: {@link DEFAULT_KEEP_ALIVE_INITIAL_DELAY_MS}. */
  keepAliveInitialDelayMillis?: number;
  /** Timeout of opening a connection and of waiting for a free client. Default: {@link DEFAULT_CONNECTION_TIMEOUT_MS}. */
  connectionTimeoutMillis?: number;
  /** Close clients idle this long. Default: {@link DEFAULT_IDLE_TIMEOUT_MS}. */
  idleTimeoutMillis?: number;
  /** Replace clients older than this. Default: {@link DEFAULT_MAX_LIFETIME_SECONDS}. */
  maxLifetimeSeconds?: number;
  /**
   * A statement without an answer this long (or 4 times the longest seen, up to 2 min) gets its backend
   * checked and, when the link lost it, is abandoned (see StatementWatchdog). Default: 20 s; `Infinity` turns it off.
   */
  statementCheckFloorMs?: number;
}

/** The pre-ping part of the options, which pg's own Pool does not know. */
export interface PrePingSettings {
  pingIdleAfterMs: number;
  pingTimeoutMs: number;
  /**
   * Session settings every handed-out client must have (name -> value), read
   * at each checkout; return a new object to change them. Default: none.
   */
  sessionSettings?: () => Readonly<Record<string, string>>;
  /** See {@link PrePingPoolOptions.statementCheckFloorMs}. */
  statementCheckFloorMs?: number;
}

/** "No session settings": the object a pool compares against, so that clients need no work. */
export const NO_SESSION_SETTINGS: Readonly<Record<string, string>> = Object.freeze({});

/** What a pre-ping pool has done, for tests and diagnostics. */
export interface PrePingStats {
  /** Pre-ping queries sent. */
  pings: number;
  /** Clients that failed their pre-ping and were thrown away. */
  discarded: number;
}

/** A caller queued in pg-pool's (internal) `_pendingQueue`. */
interface PendingCheckout {
  callback(error: Error | undefined, client: pg.PoolClient | undefined, done: () => void): void;
}

/** The slice of a pg client's internals needed to cut a socket that will never answer. */
interface SocketHolder {
  connection?: { stream?: { destroy(error?: Error): void } };
}

/**
 * A pg Pool whose checkout validates a client that has sat idle longer than
 * `pingIdleAfterMs` with `SELECT 1` under `pingTimeoutMs`. A client that fails
 * is discarded and another one is tried (ending with a freshly opened
 * connection, which needs no ping). It serves both of pg's calling styles,
 * the promise one and the callback one that TypeORM uses. Emits `'discard'`
 * (error, client) for every client thrown away.
 */
export class PrePingPool extends pg.Pool {
  /** When to ping and for how long. */
  readonly prePing: Omit<PrePingSettings, 'sessionSettings'>;
  /** Pings sent and clients discarded since the pool was made. */
  readonly prePingStats: PrePingStats = { pings: 0, discarded: 0 };
  readonly #releasedAt = new WeakMap<object, number>();
  readonly #clients = new Set<pg.PoolClient>();
  readonly #sessionSettings: () => Readonly<Record<string, string>>;
  /** The session settings object last applied to each client. */
  readonly #applied = new WeakMap<object, Readonly<Record<string, string>>>();
  /** Clients the server has said goodbye to (a FATAL message) whose socket may not have closed yet. */
  readonly #doomed = new WeakSet<object>();
  /** Bounds the wait for every statement on this pool's clients. */
  readonly #watchdog: StatementWatchdog;

  constructor(config?: pg.PoolConfig, prePing: Partial<PrePingSettings> = {}) {
    super(config);
    this.prePing = {
      pingIdleAfterMs: prePing.pingIdleAfterMs ?? DEFAULT_PING_IDLE_AFTER_MS,
      pingTimeoutMs: prePing.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS,
    };
    this.#sessionSettings = prePing.sessionSettings ?? (() => NO_SESSION_SETTINGS);
    this.#watchdog = new StatementWatchdog(() => this.#clients, () => ({ ...(this.options as pg.ClientConfig), password: (this.options as pg.ClientConfig).password }), { floorMs: prePing.statementCheckFloorMs });
    this.on('connect', (client) => {
      this.#watchdog.start();
      this.#clients.add(client);
      this.#watchForGoodbye(client);
      // pg's pool listens to a client's errors only while it is idle, TypeORM only while a runner
      // holds it: a session ended in between (a client checked out between statements, a
      // checkout's own steps) emitted an 'error' nobody heard, which ends the process. The
      // client is doomed instead; its next query fails as a lost connection, which is retried.
      client.on('error', () => this.#doomed.add(client));
    });
    this.on('remove', (client) => this.#clients.delete(client));
    this.on('release', (_error, client) => this.#releasedAt.set(client, performance.now()));
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    const checkout = this.#checkout();
    if (!callback) return checkout;
    checkout.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)),
      (error: Error) => callback(error, undefined, () => undefined),
    );
  }

  /**
   * Ends the pool and fails every caller still waiting for a client with a
   * ConnectionLostError: pg's own end() leaves them waiting until their
   * connection timeout, or forever without one, which stalls every worker
   * queued on a DataSource that is being replaced.
   */
  override end(): Promise<void>;
  override end(callback: () => void): void;
  override end(callback?: () => void): Promise<void> | void {
    this.#watchdog.stop();
    const result = callback ? super.end(callback) : super.end();
    const waiting = (this as unknown as { _pendingQueue?: PendingCheckout[] })._pendingQueue;
    for (const item of waiting?.splice(0) ?? []) {
      item.callback(new ConnectionLostError('the pool was closed while waiting for a connection (its DataSource is being replaced)'), undefined, () => undefined);
    }
    return result;
  }

  /** Clients whose socket has not closed yet, including those of an ended pool still saying goodbye. */
  get openClients(): number {
    return this.#clients.size;
  }

  /**
   * Destroys every socket of the pool at once, for a pool whose server will
   * never answer a goodbye (a black-holed link): `end()` alone would wait.
   */
  forceClose(): void {
    for (const client of this.#clients) (client as unknown as SocketHolder).connection?.stream?.destroy();
  }

  async #checkout(): Promise<pg.PoolClient> {
    // Each discard removes a client, so after max + 1 tries a fresh connection has been opened.
    const tries = (this.options.max ?? DEFAULT_POOL_MAX) + 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < tries; attempt++) {
      const client = await super.connect();
      if (this.#isDoomed(client)) {
        // Its query just failed because the session ended; the close is still on its way. No ping needed.
        lastError = new ConnectionLostError('the server ended this pooled session');
        this.#discard(client, lastError as Error);
        continue;
      }
      const releasedAt = this.#releasedAt.get(client);
      try {
        if (releasedAt !== undefined && performance.now() - releasedAt >= this.prePing.pingIdleAfterMs) await this.#ping(client);
      } catch (error) {
        lastError = error;
        this.#count(error, client);
        continue;
      }
      try {
        await this.#applySessionSettings(client);
        return client;
      } catch (error) {
        if (classifyError(error) !== 'connection-lost') {
          client.release();
          throw error;
        }
        lastError = error;
        this.#discard(client, error instanceof Error ? error : new Error(String(error)));
      }
    }
    throw new ConnectionLostError(`no pooled connection passed its pre-ping after ${tries} tries`, { cause: lastError });
  }

  #discard(client: pg.PoolClient, error: Error): void {
    (client as unknown as SocketHolder).connection?.stream?.destroy();
    client.release(error);
    this.#count(error, client);
  }

  #count(error: unknown, client: pg.PoolClient): void {
    this.prePingStats.discarded += 1;
    this.emit('discard', error, client);
  }

  /**
   * A FATAL error message (57P01 after pg_terminate_backend or a shutdown)
   * ends the session, but the pool learns it only when the socket closes, an
   * I/O turn later: a query failing with it can hand the client straight back
   * to the next caller. Remember such clients instead.
   */
  #watchForGoodbye(client: pg.PoolClient): void {
    const connection = (client as unknown as { connection?: NodeJS.EventEmitter }).connection;
    connection?.on('errorMessage', (message: { severity?: string }) => {
      if (message.severity === 'FATAL' || message.severity === 'PANIC' || classifyError(message) === 'connection-lost') this.#doomed.add(client);
    });
  }

  #isDoomed(client: pg.PoolClient): boolean {
    const state = client as unknown as { _ending?: boolean; _queryable?: boolean };
    return this.#doomed.has(client) || state._ending === true || state._queryable === false;
  }

  /** Brings the client's session settings in line with the wanted ones; a removed name goes back to its default. */
  async #applySessionSettings(client: pg.PoolClient): Promise<void> {
    const wanted = this.#sessionSettings();
    const applied = this.#applied.get(client) ?? NO_SESSION_SETTINGS;
    if (wanted === applied) return;
    const names = [...new Set([...Object.keys(applied), ...Object.keys(wanted)])];
    // set_config(name, NULL, false) resets the setting; SET effects of a failed statement are rolled back.
    const values = names.map((name) => (name in wanted ? wanted[name] : null));
    await client.query('SELECT set_config(n, v, false) FROM unnest($1::text[], $2::text[]) AS s(n, v)', [names, values]);
    this.#applied.set(client, wanted);
  }

  async #ping(client: pg.PoolClient): Promise<void> {
    this.prePingStats.pings += 1;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ConnectionLostError(`pre-ping got no answer within ${this.prePing.pingTimeoutMs} ms`)),
          this.prePing.pingTimeoutMs,
        );
      });
      await Promise.race([client.query('SELECT 1'), timeout]);
    } catch (error) {
      (client as unknown as SocketHolder).connection?.stream?.destroy();
      // Releasing with an error makes the pool drop the client instead of keeping it.
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
