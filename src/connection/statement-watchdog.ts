import pg from 'pg';
import { ConnectionLostError } from './connection-lost-error';

/** A statement without an answer for this long gets its backend checked, whatever the statements before it took. */
export const DEFAULT_STATEMENT_CHECK_FLOOR_MS = 20_000;
/** The check comes after this many times the longest statement seen so far (when that is above the floor)... */
export const STATEMENT_CHECK_FACTOR = 4;
/** ...but never later than this: a long index build must not make a hang after it wait for ever. */
export const STATEMENT_CHECK_CEILING_MS = 120_000;
/** How long the side connection of a check may take to answer. */
export const DEFAULT_STATEMENT_CHECK_TIMEOUT_MS = 5_000;

/** Options of {@link StatementWatchdog}. */
export interface StatementWatchdogOptions {
  /** Check a statement still without answer after this long at the least. Default: {@link DEFAULT_STATEMENT_CHECK_FLOOR_MS}; `Infinity` turns the watchdog off. */
  floorMs?: number;
  /** Bound on the side connection's connect and query. Default: {@link DEFAULT_STATEMENT_CHECK_TIMEOUT_MS}. */
  checkTimeoutMs?: number;
  /** Told when a statement is abandoned, with the reason (also the error its caller gets). Default: none. */
  onAbandon?(error: ConnectionLostError): void;
}

/** The slice of a pg client's internals the watchdog reads. */
interface WatchedClient {
  processID: number | null;
  _getActiveQuery?(): unknown;
  connection?: { stream?: { destroy(error?: Error): void } };
}

/** What a side connection saw of the backend behind a statement that has no answer. */
type Verdict = { alive: true } | { alive: false; reason: string };

/**
 * Bounds the wait for every statement on a pool's clients, whatever sent it
 * (a batch's INSERT or COPY, the ledger, an index rebuild): when one has had
 * no answer for longer than {@link boundMs}, a side connection looks at its
 * backend in pg_stat_activity. Still running: a long statement, checked again
 * later. Idle (the statement or its answer was lost on the way), gone, or
 * unreachable (the link is cut): the backend is ended, so it holds no locks,
 * and the client's socket is destroyed with a ConnectionLostError that the
 * caller's reconnect path handles like any other lost connection.
 */
export class StatementWatchdog {
  readonly #clients: () => Iterable<pg.PoolClient>;
  readonly #connection: () => pg.ClientConfig;
  readonly #floorMs: number;
  readonly #checkTimeoutMs: number;
  readonly #onAbandon: (error: ConnectionLostError) => void;
  readonly #since = new WeakMap<object, { query: unknown; at: number; checkAt: number }>();
  readonly #checking = new WeakSet<object>();
  #longestMs = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(clients: () => Iterable<pg.PoolClient>, connection: () => pg.ClientConfig, options: StatementWatchdogOptions = {}) {
    this.#clients = clients;
    this.#connection = connection;
    this.#floorMs = options.floorMs ?? DEFAULT_STATEMENT_CHECK_FLOOR_MS;
    this.#checkTimeoutMs = options.checkTimeoutMs ?? DEFAULT_STATEMENT_CHECK_TIMEOUT_MS;
    this.#onAbandon = options.onAbandon ?? (() => undefined);
    if (!(this.#floorMs > 0)) throw new TypeError(`statement check floor must be > 0 ms, got ${this.#floorMs}`);
  }

  /** How long a statement may go without an answer before its backend is checked. */
  get boundMs(): number {
    return Math.min(Math.max(this.#floorMs, STATEMENT_CHECK_FACTOR * this.#longestMs), Math.max(this.#floorMs, STATEMENT_CHECK_CEILING_MS));
  }

  start(): void {
    if (this.#timer || this.#floorMs === Infinity) return;
    this.#timer = setInterval(() => this.#tick(), Math.min(1_000, Math.max(50, this.#floorMs / 4)));
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    const now = performance.now();
    for (const client of this.#clients()) {
      const watched = client as unknown as WatchedClient;
      const query = watched._getActiveQuery?.() ?? null;
      const seen = this.#since.get(client);
      if (seen && seen.query !== query) {
        this.#longestMs = Math.max(this.#longestMs, now - seen.at);
        this.#since.delete(client);
      }
      if (query === null) continue;
      const current = this.#since.get(client) ?? { query, at: now, checkAt: now + this.boundMs };
      this.#since.set(client, current);
      if (now < current.checkAt || this.#checking.has(client)) continue;
      this.#checking.add(client);
      void this.#check(watched, now - current.at).then((verdict) => {
        this.#checking.delete(client);
        if (this.#since.get(client)?.query !== query) return; // answered meanwhile
        if (verdict.alive) {
          current.checkAt = performance.now() + this.boundMs;
          return;
        }
        const error = new ConnectionLostError(`no answer to a statement for ${Math.round((performance.now() - current.at) / 1000)} s: ${verdict.reason}; abandoned it`);
        this.#onAbandon(error);
        watched.connection?.stream?.destroy(error);
      });
    }
  }

  async #check(client: WatchedClient, waitedMs: number): Promise<Verdict> {
    const pid = client.processID;
    if (!pid) return { alive: false, reason: 'its backend is unknown' };
    const side = new pg.Client({ ...this.#connection(), connectionTimeoutMillis: this.#checkTimeoutMs, query_timeout: this.#checkTimeoutMs, application_name: 'reseed statement check' });
    side.on('error', () => undefined);
    try {
      await side.connect();
      const { rows } = await side.query<{ state: string | null }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid]);
      const state = rows[0]?.state;
      if (state === 'active' || state === 'fastpath function call') return { alive: true };
      if (state === undefined) return { alive: false, reason: `backend ${pid} is gone` };
      // The statement (or its answer) was lost on the way: end the backend so that it holds no locks for nobody.
      await side.query('SELECT pg_terminate_backend($1)', [pid]).catch(() => undefined);
      return { alive: false, reason: `backend ${pid} was ${state ?? 'not visible'} after ${Math.round(waitedMs / 1000)} s, so the link lost it; ended it` };
    } catch (error) {
      // The server answered, only not as hoped (too many connections, ...): the link works, so do not cut it.
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return { alive: true };
      return { alive: false, reason: `the server cannot be reached to check on it (${error instanceof Error ? error.message : String(error)})` };
    } finally {
      void side.end().catch(() => undefined);
    }
  }
}
