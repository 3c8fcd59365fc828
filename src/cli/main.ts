import 'reflect-metadata';
import { maskSecrets, maskUrl } from '../mask-url';
import { resolveDatabase } from '../server/resolve-database';
import { parseCommand, type Command } from './args';
import { ExitCode } from './exit-codes';
import { HELP_TEXT } from './help-text';
import { runMigrateCommand } from './migrate-command';
import { runServerCommand } from './server-command';
import { runRestoreCommand } from './restore-command';
import { runSeedCommand } from './seed-command';
import { classifyCliError, type CliIo } from './cli-io';

/**
 * The reseed command line. Returns the exit code instead of exiting, so the
 * embedded server and the pool are always shut down first.
 */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
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
        io.stdout.write(HELP_TEXT);
        return ExitCode.Ok;
      case 'seed':
        return await runSeedCommand(command, io);
      case 'restore':
        return await runRestoreCommand(command, io);
      case 'migrate':
      case 'server': {
        const database = await resolveDatabase({
          env: io.env,
          projectDir: io.cwd,
          onEmbeddedStart: (dir, first) => io.stderr.write(`${first ? 'Creating' : 'Starting'} the embedded PostgreSQL in ${dir}\n`),
          onFallback: (dir) => io.stderr.write(`The project folder is private to root: the embedded cluster lives in ${dir} (RESEED_DATA_DIR chooses)\n`),
        });
        try {
          return command.command === 'migrate'
            ? await runMigrateCommand(command, database, io.cwd, io.env)
            : await runServerCommand(database, io.stdout);
        } finally {
          await database.close();
        }
      }
    }
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
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`reseed: ${maskUrl(String(error))}\n`);
      process.exit(ExitCode.Failed);
    },
  );
}
