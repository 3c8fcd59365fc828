import { maskSecrets } from '../mask-url';
import { ReseedError } from '../errors';
import { CLI_HINT_WORDS } from './cli-hint-words';
import { BAD_DATABASE_URL } from '../connection/database-url-error';
import { SEED_INPUT_ERROR } from '../seeding/seed-input-error';
import { USAGE_ERROR } from './usage-error';
import { ExitCode } from './exit-codes';

/** What the CLI reads and writes; injected so tests can drive it in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** How the user started reseed (`npm run seed --`, `npx reseed`, `reseed`), repeated in messages. Default: from env. */
  invokedAs?: string;
}

/** Error codes that mean "the input was wrong; nothing was written": exit 2. */
const BAD_INPUT_CODES = new Set([
  USAGE_ERROR,
  BAD_DATABASE_URL,
  SEED_INPUT_ERROR,
  'RESEED_TUNING_REFUSED',
  'RESEED_TUNING_BAD_OPTION',
  'RESEED_RESTART_BAD_OPTION',
]);
/** Error codes that mean "interrupted; resumable". */
const INTERRUPTED_CODES = new Set(['RESEED_ABORTED']);

/** The exit code and the one line to print for an error that ends a command (a hint worded with the CLI's flags). */
export function classifyCliError(
  error: unknown,
  secrets: readonly (string | undefined)[] = [],
): { code: ExitCode; message: string; /** A failure reseed knows and explains; no stack trace needed. */ expected: boolean } {
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = error instanceof ReseedError ? error.describe(CLI_HINT_WORDS) : error instanceof Error ? error.message : String(error);
  const message = maskSecrets(text, secrets);
  if (typeof code === 'string' && BAD_INPUT_CODES.has(code)) return { code: ExitCode.BadInput, message, expected: true };
  if (typeof code === 'string' && INTERRUPTED_CODES.has(code)) return { code: ExitCode.Interrupted, message, expected: true };
  return { code: ExitCode.Failed, message: message.split('\n')[0]!, expected: error instanceof ReseedError };
}
