import { existsSync } from 'node:fs';
import { DataSourceManager, targetUrl } from '../connection';
import { createRestartStrategy, defaultRestartStrategyName } from '../restart/create-restart-strategy';
import { InquirerPrompter } from '../restart/inquirer-prompter';
import { resolveDatabase } from '../server/resolve-database';
import { restoreTuning } from '../tuning/restore-tuning';
import { TuningStateStore } from '../tuning/tuning-state-store';
import { exampleDataSourceOptions } from '../example-schema';
import type { RestoreCommand } from './args';
import type { CliIo } from './cli-io';
import { ExitCode } from './exit-codes';
import { tuningStateFile } from './seed-tuning';

/**
 * `npm run seed -- restore`: after a crash or a two-phase exit, puts back
 * every setting, autovacuum option, index and foreign key that the recorded
 * tuning state says reseed changed. Idempotent: with nothing recorded it says
 * so and exits 0.
 */
export async function runRestoreCommand(command: RestoreCommand, io: CliIo): Promise<number> {
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const database = await resolveDatabase({ env: io.env, projectDir: io.cwd });
  const { host, port, user, password, database: name, ssl } = database.target;
  const manager = new DataSourceManager({
    dataSourceOptions: { ...exampleDataSourceOptions({}), host, port, username: user, password, database: name, ssl: ssl ? { rejectUnauthorized: false } : undefined },
    readiness: { budgetMs: 15_000 },
  });
  try {
    log(`Database: ${targetUrl(database.target)}${database.embedded ? ' (embedded)' : ''}`);
    const dataSource = await manager.initialize();
    const logger = { info: (m: string) => command.verbose && log(`  ${m}`), warn: (m: string) => log(`warning: ${m}`) };
    const file = tuningStateFile(io.cwd);
    const store = new TuningStateStore({ file, logger });
    const result = await restoreTuning(dataSource, { store, logger });
    if (result.nothingToRestore) {
      io.stdout.write(`Nothing to restore: no tuning state recorded${existsSync(file) ? '' : ` (${file} absent)`} or in the database.\n`);
      return ExitCode.Ok;
    }
    io.stdout.write(
      `Restored ${result.settingsRestored.length} settings (${result.settingsRestored.join(', ') || 'none'}), ` +
        `autovacuum on ${result.tablesRestored.length} tables, ${result.indexesRecreated.length} indexes, ${result.constraintsRecreated.length} foreign keys.\n`,
    );
    if (result.restartNeeded) {
      const interactive = io.stdin.isTTY === true && (io.stdout as { isTTY?: boolean }).isTTY === true;
      const name = command.restart ?? defaultRestartStrategyName({ embeddedServer: database.embedded !== undefined, interactive });
      if (name === 'exit' || name === 'skip') {
        io.stdout.write(`Restart PostgreSQL to bring back ${result.pendingSettings.join(', ')}.\n`);
        return ExitCode.Ok;
      }
      const strategy = createRestartStrategy(name, {
        prompter: interactive ? new InquirerPrompter() : undefined,
        command: command.restartCommand,
        server: database.embedded,
      });
      await strategy.restart({ reason: 'restore the original settings', pendingSettings: result.pendingSettings, logger });
      await manager.recreate('restart after restore');
      io.stdout.write('Restarted; the original settings are active.\n');
    }
    return ExitCode.Ok;
  } finally {
    await manager.destroy().catch(() => undefined);
    await database.close();
  }
}
