import retry from 'async-retry';
import pg from 'pg';
import { classifyError, errorCode } from './classify-error';
import { describeConnectionError, type ConnectionTargetDescription } from './describe-connection-error';
import { FatalConnectionError } from './fatal-connection-error';
import { ReadinessTimeoutError } from './readiness-timeout-error';

/** First pause between attempts. */
export const DEFAULT_MIN_DELAY_MS = 25;
/** Longest pause between attempts: a server that starts accepting is noticed within about this long. */
export const DEFAULT_MAX_DELAY_MS = 200;
/** Give up after this long without a successful `SELECT 1`. */
export const DEFAULT_BUDGET_MS = 120_000;
/** One attempt (connect, authenticate, `SELECT 1`) may take this long. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** Growth of the pause between attempts, before jitter and the cap. */
const BACKOFF_FACTOR = 2;

/** How the readiness probe waits. */
export interface ReadinessProbeOptions {
  /** First pause between attempts. Default: {@link DEFAULT_MIN_DELAY_MS}. */
  minDelayMs?: number;
  /** Cap of the (exponential, jittered) pause. Default: {@link DEFAULT_MAX_DELAY_MS}. */
  maxDelayMs?: number;
  /** Total time to wait before failing with ReadinessTimeoutError. Default: {@link DEFAULT_BUDGET_MS}. */
  budgetMs?: number;
  /** Bound on one attempt. Default: {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  connectTimeoutMs?: number;
  /** Told about every attempt, the successful one included. Default: none. */
  onAttempt?(attempt: ProbeAttempt): void;
  /** Stops waiting; the promise rejects with the signal's reason. Default: none. */
  signal?: AbortSignal;
}

/** One try of the readiness probe, as the CLI shows it. */
export interface ProbeAttempt {
  /** 1 for the first try. */
  attempt: number;
  /** Since the probe began. */
  elapsedMs: number;
  outcome: 'refused' | 'starting-up' | 'shutting-down' | 'timeout' | 'error' | 'ready';
  /** One line for people; never holds the password. */
  message: string;
}

/**
 * Waits until the server accepts a real connection and answers `SELECT 1`
 * (an open port is not enough: a starting server accepts and then refuses
 * with 57P03). Retries with exponential backoff and jitter until the budget
 * is spent; a failure that retrying cannot fix (bad password, missing
 * database, no permission) fails at once with FatalConnectionError.
 */
export async function waitForReady(
  connection: pg.ClientConfig,
  options: ReadinessProbeOptions = {},
): Promise<{ attempts: number; elapsedMs: number }> {
  const minDelayMs = options.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  for (const [name, value] of Object.entries({ minDelayMs, maxDelayMs, budgetMs, connectTimeoutMs })) {
    if (!(value >= 0)) throw new TypeError(`readiness option ${name} must be a number >= 0, got ${value}`);
  }
  if (minDelayMs > maxDelayMs) throw new TypeError(`readiness option minDelayMs (${minDelayMs}) exceeds maxDelayMs (${maxDelayMs})`);

  const target = targetOf(connection);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let last: ProbeAttempt | undefined;
  let lastError: unknown;
  let attempts = 0;

  await retry<void>(
    async (bail, attempt) => {
      attempts = attempt;
      if (options.signal?.aborted) return bail(options.signal.reason);
      const remaining = budgetMs - elapsed();
      if (attempt > 1 && remaining <= 0) {
        const tail = last ? `; last attempt: ${last.message}` : '';
        return bail(
          new ReadinessTimeoutError(
            `${target.host}:${target.port}/${target.database} did not accept connections within ${budgetMs} ms (${attempt - 1} attempts)${tail}`,
            { cause: lastError },
          ),
        );
      }
      try {
        await tryOnce(connection, Math.max(1, Math.min(connectTimeoutMs, remaining)), options.signal);
      } catch (error) {
        lastError = error;
        if (options.signal?.aborted) return bail(options.signal.reason);
        last = { attempt, elapsedMs: elapsed(), outcome: outcomeOf(error), message: describeConnectionError(error, target) };
        options.onAttempt?.(last);
        // bail() and return, never bail() and throw: async-retry would schedule another attempt.
        if (classifyError(error) === 'fatal-connection') return bail(new FatalConnectionError(last.message, { cause: error }));
        throw error;
      }
      last = { attempt, elapsedMs: elapsed(), outcome: 'ready', message: `${target.host}:${target.port}/${target.database} is ready` };
      options.onAttempt?.(last);
    },
    {
      // Enough pauses of at least minDelayMs to cover the budget; the budget check above ends the loop.
      retries: Math.min(100_000, Math.ceil(budgetMs / Math.max(1, minDelayMs)) + 1),
      factor: BACKOFF_FACTOR,
      minTimeout: minDelayMs,
      maxTimeout: maxDelayMs,
      randomize: true,
    },
  );
  return { attempts, elapsedMs: elapsed() };
}

/** One real connection and `SELECT 1`, all of it bounded by timeoutMs. */
async function tryOnce(connection: pg.ClientConfig, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const client = new pg.Client({ ...connection, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const cut = () => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  signal?.addEventListener('abort', cut, { once: true });
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cut();
        reject(new ProbeTimeoutError(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    await Promise.race([client.connect().then(() => client.query('SELECT 1')), timeout]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cut);
    await Promise.race([client.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 100))]);
    cut();
  }
}

/** An attempt that got no answer in time; a timed-out connect is a lost connection for classifyError. */
class ProbeTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

function outcomeOf(error: unknown): ProbeAttempt['outcome'] {
  const code = errorCode(error);
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT' || (error instanceof Error && /timeout/i.test(error.message))) return 'timeout';
  if (code === '57P03' || code === '57P01') {
    // The SQLSTATE is the same for both directions; only the text tells them apart.
    return error instanceof Error && /shutting down/.test(error.message) ? 'shutting-down' : 'starting-up';
  }
  return 'error';
}

function targetOf(connection: pg.ClientConfig): ConnectionTargetDescription {
  if (connection.connectionString) {
    try {
      const url = new URL(connection.connectionString);
      return {
        host: connection.host ?? (url.hostname || 'localhost'),
        port: Number(connection.port ?? (url.port || 5432)),
        database: connection.database ?? decodeURIComponent(url.pathname.slice(1)),
        user: connection.user ?? decodeURIComponent(url.username),
        password: typeof connection.password === 'string' ? connection.password : decodeURIComponent(url.password) || undefined,
      };
    } catch {
      // fall through to the plain fields
    }
  }
  return {
    host: connection.host ?? 'localhost',
    port: Number(connection.port ?? 5432),
    database: connection.database ?? connection.user ?? 'postgres',
    user: connection.user ?? 'postgres',
    password: typeof connection.password === 'string' ? connection.password : undefined,
  };
}
