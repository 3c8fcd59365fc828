import 'reflect-metadata';
import path from 'node:path';
import { checkTypeormVersion } from '../loading/check-typeorm-version';
import { resolveDatabase } from '../server/resolve-database';
import type { Command, HelpCommand, VersionCommand } from './args';
import type { CliIo } from './cli-io';
import { runMigrateCommand } from './migrate-command';
import { resolveAppDataSource } from './resolve-seed-source';
import { runRestoreCommand } from './restore-command';
import { runSeedCommand } from './seed-command';
import { runServerCommand } from './server-command';

/** Runs one parsed command (not help or version) after checking the installed TypeORM; returns the exit code. */
export async function runCommand(command: Exclude<Command, HelpCommand | VersionCommand>, io: CliIo): Promise<number> {
  checkTypeormVersion();
  switch (command.command) {
    case 'seed':
      return await runSeedCommand(command, io);
    case 'restore':
      return await runRestoreCommand(command, io);
    case 'migrate':
    case 'server': {
      const app = command.command === 'migrate' ? await resolveAppDataSource(command.dataSource && path.resolve(io.cwd, command.dataSource), io.env) : undefined;
      const database = app?.database ?? await resolveDatabase({
        env: io.env,
        projectDir: io.cwd,
        onEmbeddedStart: (dir, first) => io.stderr.write(`${first ? 'Creating' : 'Starting'} the embedded PostgreSQL in ${dir}\n`),
        onFallback: (dir) => io.stderr.write(`The project folder is private to root: the embedded cluster lives in ${dir} (RESEED_DATA_DIR chooses)\n`),
        onBinariesCopied: (from, to) => io.stderr.write(`The PostgreSQL binaries in ${from} are out of the postgres user's reach: running a copy in ${to}\n`),
      });
      try {
        return command.command === 'migrate'
          ? await runMigrateCommand(command, database, io.cwd, io.env, app?.origin)
          : await runServerCommand(database, io.stdout, io.stderr);
      } finally {
        await database.close();
      }
    }
  }
}
