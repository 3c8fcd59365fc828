import { ReseedError } from '../errors';
import { CONNECTION_LOST } from './connection-lost-error';
import { CONNECTION_FATAL } from './fatal-connection-error';
import { NotReadyError } from './not-ready-error';

/** What a failure means for the caller: reconnect and retry, stop and tell the user, or not a connection problem. */
export type ErrorKind = 'connection-lost' | 'fatal-connection' | 'other';

/**
 * SQLSTATEs that end the session but not the server's willingness to serve:
 * admin/crash shutdown (57P01, 57P02), starting up or shutting down (57P03),
 * idle-session and idle-in-transaction timeouts (57P05, 25P03), too many
 * connections (53300). Class 08 (connection exception) is matched by prefix.
 */
const LOST_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '25P03', '53300']);

/** Source files of Citus' errors about its connections to worker nodes (commands sent, remote transactions). */
const CITUS_REMOTE_FILES = new Set(['remote_commands.c', 'remote_transaction.c', 'connection_management.c']);

/**
 * Citus' COPY to a worker (multi_copy.c, ReportCopyError) passes the worker's
 * own message on under XX000, for a constraint violation as for a worker
 * that went away mid-COPY; these messages are the second kind (the worker's
 * backend ending as its server stops, crashes or loses its postmaster).
 */
const CITUS_COPY_LOST_MESSAGES = [
  // As LOST_SQLSTATES: shutdown, crash, lost postmaster, recovery conflict, idle timeouts (not PostgreSQL 17's transaction_timeout, 25P04).
  /^terminating connection (?:due to (?:administrator command|unexpected postmaster exit|conflict with recovery|idle-session timeout|idle-in-transaction timeout)|because of crash of another server process)/,
  /^the database system is (?:shutting down|starting up|in recovery mode|not yet accepting connections)/,
  /^server closed the connection unexpectedly/,
  /^connection to (?:the )?(?:remote node|server) .*(?:lost|closed|failed)/,
  /^could not (?:receive|send) data (?:from|to) (?:server|client)/,
];

/** Socket and DNS errors of a connection that may work on the next attempt. */
const LOST_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs at connect time that no retry fixes: class 28 (bad password, no
 * pg_hba entry), 3D000 (no such database), 42501 (no CONNECT privilege), 3F000
 * (no such schema), 42704 (no such role in a SET ROLE).
 */
const FATAL_SQLSTATES = new Set(['3D000', '42501', '3F000', '42704']);

/** Errors that node-postgres raises without a code when its socket dies or its pool is gone. */
const LOST_PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^timeout expired/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  /^Driver not Connected/,
];

/** node-postgres's SCRAM errors when the password itself is unusable. */
const FATAL_PG_MESSAGES = [
  /^SASL: .*password/,
  /^The server requested .*password/,
  // sslmode=require and up against a server without TLS, or a certificate that does not verify: no retry changes that.
  /^The server does not support SSL connections/,
  /^self[- ]signed certificate/,
  /^unable to (?:verify|get) .*certificate/,
  /^certificate has expired/,
  /^Hostname\/IP does not match certificate/,
];

/** TypeORM errors that mean "this connection or DataSource is gone", by class name (they have no code). */
const LOST_TYPEORM_ERRORS = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
]);

/**
 * THE one place that decides whether a failure is retryable. Looks at the
 * SQLSTATE or socket code of the error, of TypeORM's wrapped `driverError`,
 * of its `cause` chain and of an AggregateError's members; a fatal finding
 * anywhere wins over a lost one. reseed's own errors say what they are and
 * their causes are not looked at (a ReadinessTimeoutError caused by refused
 * connections is final, not retryable), except NotReadyError, which only
 * passes on why the manager has no DataSource.
 */
export function classifyError(error: unknown): ErrorKind {
  let lost = false;
  for (const candidate of errorChain(error, (e) => e instanceof ReseedError && !(e instanceof NotReadyError))) {
    const kind = classifyOne(candidate);
    if (kind === 'fatal-connection') return kind;
    if (kind === 'connection-lost') lost = true;
  }
  return lost ? 'connection-lost' : 'other';
}

/** True when reconnecting and redoing the work can succeed. */
export function isConnectionLost(error: unknown): boolean {
  return classifyError(error) === 'connection-lost';
}

function classifyOne(error: object): ErrorKind {
  if (error instanceof NotReadyError) return 'other';
  if (error instanceof ReseedError) {
    if (error.code === CONNECTION_LOST) return 'connection-lost';
    if (error.code === CONNECTION_FATAL) return 'fatal-connection';
    return 'other';
  }
  const code = codeOf(error);
  if (code !== undefined) {
    if (code.startsWith('28') || FATAL_SQLSTATES.has(code)) return 'fatal-connection';
    if (code.startsWith('08') || LOST_SQLSTATES.has(code) || LOST_SOCKET_CODES.has(code)) return 'connection-lost';
    // A Citus coordinator passing on a worker connection that broke mid-command (a worker restarted
    // or crashed): XX000 raised from its remote-connection code. The transaction did not commit (batches
    // commit with 2PC), and the coordinator's health check waits for the worker before the redo.
    const file = String((error as { file?: unknown }).file);
    if (code === 'XX000' && CITUS_REMOTE_FILES.has(file)) return 'connection-lost';
    // Its COPY to a worker: the worker's message under XX000 (see CITUS_COPY_LOST_MESSAGES), or 58030 with
    // "failed to complete COPY on host:port" when the connection itself failed.
    if (file === 'multi_copy.c') {
      const message = error instanceof Error ? error.message : '';
      if (code === '58030' || (code === 'XX000' && CITUS_COPY_LOST_MESSAGES.some((pattern) => pattern.test(message)))) return 'connection-lost';
    }
  }
  const message = error instanceof Error ? error.message : '';
  if (FATAL_PG_MESSAGES.some((pattern) => pattern.test(message))) return 'fatal-connection';
  if (LOST_PG_MESSAGES.some((pattern) => pattern.test(message))) return 'connection-lost';
  if (error instanceof Error && LOST_TYPEORM_ERRORS.has(error.name)) return 'connection-lost';
  return 'other';
}

/** The error and everything it wraps, breadth first, without revisiting (cycles are possible); `final` errors are not opened. */
export function* errorChain(error: unknown, final: (error: object) => boolean = () => false): Generator<object> {
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    yield current;
    if (final(current)) continue;
    const record = current as { cause?: unknown; driverError?: unknown; errors?: unknown };
    queue.push(record.driverError, record.cause);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
}

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The first SQLSTATE or socket code found in the error chain, for messages and reports. */
export function errorCode(error: unknown): string | undefined {
  for (const candidate of errorChain(error)) {
    if (candidate instanceof ReseedError) continue;
    const code = codeOf(candidate);
    if (code !== undefined) return code;
  }
  return undefined;
}

/** SQLSTATE of a lock wait that hit lock_timeout. */
export const LOCK_NOT_AVAILABLE = '55P03';

/** Whether the failure is a lock wait that hit lock_timeout (55P03, anywhere in the error chain): the statement was rolled back, nothing else happened. */
export function isLockTimeout(error: unknown): boolean {
  return errorCode(error) === LOCK_NOT_AVAILABLE;
}

/** SQLSTATE of a statement this role may not run. */
export const INSUFFICIENT_PRIVILEGE = '42501';

/** Whether the failure is a privilege this role lacks (42501, anywhere in the error chain). */
export function isInsufficientPrivilege(error: unknown): boolean {
  return errorCode(error) === INSUFFICIENT_PRIVILEGE;
}
