import { maskSecrets, maskUrl } from '../mask-url';
import { errorChain, errorCode } from './classify-error';
import { describeTarget } from './database-url';
import { FatalConnectionError } from './fatal-connection-error';

/** Where a connection went, as the messages name it; the password, when given, is scrubbed from the text. */
export interface ConnectionTargetDescription {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
}

/**
 * One line that tells the user what went wrong and what to check, naming the
 * server as host:port/database and user. The password never appears: URLs in
 * the text are masked and the target's password, when known, is scrubbed.
 */
export function describeConnectionError(error: unknown, target: ConnectionTargetDescription): string {
  const where = describeTarget(target);
  const code = errorCode(error);
  // Described already (a FatalConnectionError carries this function's line): not said twice.
  if (error instanceof FatalConnectionError) return maskUrl(maskSecrets(error.message, [target.password]));
  const detail = maskSecrets(firstMessage(error), [target.password]);
  const server = `${target.host}:${target.port}/${target.database}`;
  let line: string;
  if (code === '28P01') line = `password authentication failed for user "${target.user}" at ${server}: check the password`;
  else if (!target.password && PASSWORD_WANTED.some((re) => re.test(detail))) {
    line = `${server} asks user "${target.user}" for a password and the connection gives none: put it in the URL (user:password@host) or set PGPASSWORD`;
  }
  else if (code?.startsWith('28')) line = `the server refused user "${target.user}" at ${where}: ${detail}`;
  else if (code === '3D000') line = `database "${target.database}" does not exist on ${target.host}:${target.port}: create it or fix the database name`;
  else if (code === '42501') line = `user "${target.user}" may not connect to ${where}: ${detail}`;
  else if (code === 'ECONNREFUSED') line = `connection refused by ${target.host}:${target.port}: is PostgreSQL running and listening there?`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') line = `cannot resolve host "${target.host}" (${code})`;
  else if (code === '57P03') line = `${where} is not accepting connections yet: ${detail}`;
  else if (code === '53300') line = `${where} has no free connection slots: ${detail}`;
  else line = `cannot use ${where}: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`;
  return maskUrl(line);
}

/** node-postgres' words when the server asks for a password it was not given. */
const PASSWORD_WANTED = [/^SASL: .*client password must be a (?:non-empty )?string/, /^The server requested .*password/];

function firstMessage(error: unknown): string {
  for (const candidate of errorChain(error)) {
    if (candidate instanceof Error && candidate.message) return candidate.message.split('\n')[0];
  }
  return String(error);
}
