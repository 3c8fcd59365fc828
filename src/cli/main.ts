import { maskSecrets, maskUrl } from '../mask-url';
import { parseCommand, type Command } from './args';
import { ExitCode } from './exit-codes';
import { helpText } from './help-text';
import { invocationOf } from './invocation';
import { reseedVersion } from '../reseed-version';
import { classifyCliError, type CliIo } from './cli-io';
import { limitHeapGrowth } from './heap-growth';

/**
 * The reseed command line. Returns the exit code instead of exiting, so the
 * embedded server and the pool are always shut down first.
 */
export async function main(argv: string[], given: CliIo = defaultIo()): Promise<number> {
  const io: CliIo = { ...given, invokedAs: given.invokedAs ?? invocationOf(given.env) };
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    io.stderr.write(`reseed: ${(error as Error).message}\n`);
    return ExitCode.BadInput;
  }
  const verbose = 'verbose' in command && command.verbose;
  try {
    switch (command.command) {
      case 'help':
        io.stdout.write(helpText(command.topic, io.invokedAs!));
        return ExitCode.Ok;
      case 'version':
        io.stdout.write(`${reseedVersion()}\n`);
        return ExitCode.Ok;
    }
    // The commands load TypeORM, faker and the rest only now: --help and --version start fast.
    const { runCommand } = await import('./run-command');
    return await runCommand(command, io);
  } catch (error) {
    const secrets = knownSecrets(io.env);
    const { code, message, expected } = classifyCliError(error, secrets);
    io.stderr.write(`reseed: ${message}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr.write(`${maskSecrets(error.stack, secrets)}\n`);
    else if (!expected) io.stderr.write('(run with --verbose for details)\n');
    return code;
  }
}

/** Passwords given through the environment: scrubbed from every message even outside a URL. */
function knownSecrets(env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  try {
    if (env.DATABASE_URL) found.push(decodeURIComponent(new URL(env.DATABASE_URL).password));
  } catch {
    // an unparsable URL is masked by maskUrl
  }
  if (env.PGPASSWORD) found.push(env.PGPASSWORD);
  // Too short or too common a word to replace blindly inside other text.
  return found.filter((p) => p.length >= 4 && p !== 'postgres');
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

if (require.main === module) {
  limitHeapGrowth();
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`reseed: ${maskUrl(String(error))}\n`);
      process.exit(ExitCode.Failed);
    },
  );
}
