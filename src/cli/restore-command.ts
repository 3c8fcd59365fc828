import { DataSourceManager } from '../connection';
import { InquirerPrompter } from '../restart/inquirer-prompter';
import { targetDataSourceOptions } from '../example-schema';
import { resolveDatabase } from '../server/resolve-database';
import { TuningStateStore } from '../tuning/tuning-state-store';
import type { RestoreCommand } from './args';
import { isInteractive } from '../is-interactive';
import type { CliIo } from './cli-io';
import { ExitCode } from './exit-codes';
import { restoreWithRestart } from '../bulk-load/restore-with-restart';
import { describeDatabase, resolveAppDataSource } from './resolve-seed-source';
import { cliRestartStrategy, tuningStateStore } from './seed-tuning';
import path from 'node:path';

/** How long `restore` waits for the server before saying it is not there. */
export const RESTORE_CONNECT_BUDGET_MS = 15_000;

/**
 * `reseed restore`: after a crash, Ctrl-C or a two-phase exit, puts
 * back every setting, autovacuum option, index and foreign key that the
 * recorded tuning state says reseed changed, restarting again when a setting
 * needs it. Idempotent: with nothing recorded it says so and exits 0; when
 * something cannot be restored it says what, keeps it recorded and exits 1.
 */
export async function runRestoreCommand(command: RestoreCommand, io: CliIo): Promise<number> {
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const app = await resolveAppDataSource(command.dataSource && path.resolve(io.cwd, command.dataSource), io.env);
  const database = app?.database ?? (await resolveDatabase({ env: io.env, projectDir: io.cwd }));
  const manager = new DataSourceManager({
    dataSourceOptions: app?.options ?? targetDataSourceOptions(database.target),
    readiness: { budgetMs: RESTORE_CONNECT_BUDGET_MS },
  });
  try {
    log(describeDatabase(database, app, io.env));
    await manager.initialize();
    const logger = { info: (m: string) => command.verbose && log(`  ${m}`), warn: (m: string) => log(`warning: ${m}`) };
    const interactive = isInteractive(io);
    const prompter = interactive ? new InquirerPrompter() : undefined;
    const result = await restoreWithRestart({
      manager,
      store: await tuningStateStore(await manager.ready(), io, logger),
      strategy: () => cliRestartStrategy(command, { database, io }),
      prompter,
      logger,
      note: (m) => io.stdout.write(`${m}\n`),
    });
    if (result.nothingToRestore) {
      io.stdout.write('Nothing to restore: reseed has no changed setting, index or foreign key on record for this database.\n');
      return ExitCode.Ok;
    }
    for (const problem of result.problems) log(`reseed: not restored: ${problem}`);
    return result.problems.length ? ExitCode.Failed : ExitCode.Ok;
  } finally {
    await manager.destroy().catch(() => undefined);
    await database.close();
  }
}
