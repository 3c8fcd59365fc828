import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sslOptions, targetUrl } from '../connection/database-url';
import type { ResolvedDatabase } from '../server/resolve-database';
import type { MigrateCommand } from './args';
import { preflight } from './preflight';
import { UsageError } from './usage-error';

const TYPEORM_ACTION = { run: 'migration:run', revert: 'migration:revert', generate: 'migration:generate', show: 'migration:show' } as const;

/**
 * Runs the TypeORM CLI (`typeorm -d <data source> migration:*`), its
 * TypeScript loaded by reseed's loader (decorator metadata as tsc emits it;
 * tsx when reseed itself runs from source), against the resolved server: the
 * user's DATABASE_URL, or the embedded one this process started. The data
 * source is `dataSourceFile` (--data-source; DATABASE_URL, when set,
 * overrides where it connects, as for the seed), else ormconfig.ts or
 * RESEED_ORMCONFIG. Returns the CLI's exit code.
 */
export async function runMigrateCommand(
  command: MigrateCommand,
  database: ResolvedDatabase,
  cwd: string,
  env: NodeJS.ProcessEnv,
  dataSourceFile?: string,
): Promise<number> {
  const ormconfig = dataSourceFile ?? path.resolve(cwd, env.RESEED_ORMCONFIG ?? 'ormconfig.ts');
  if (!existsSync(ormconfig)) {
    throw new UsageError(`No TypeORM data source file at ${ormconfig}: pass --data-source src/data-source.ts, or set RESEED_ORMCONFIG`);
  }
  // A bad URL or password is one line here, not the TypeORM CLI's stack trace.
  const stderr = (line: string) => process.stderr.write(`${line}\n`);
  await preflight(database.target, sslOptions(database.target), stderr, () => undefined);
  const cli = path.join(path.dirname(require.resolve('typeorm')), 'cli.js');
  const fromSource = __filename.endsWith('.ts');
  const preload = fromSource ? ['--import', 'tsx'] : ['--require', path.join(__dirname, '..', 'loading', 'register.js')];
  // The app's data source names its own server (its env variable, a host): DATABASE_URL, which
  // the seed connects to, must win here too, or the migrations land where the seed does not look.
  const overridden = dataSourceFile && env.DATABASE_URL ? overridingDataSource(dataSourceFile) : undefined;
  const args = [...preload, cli, '-d', overridden?.file ?? ormconfig, TYPEORM_ACTION[command.action]];
  if (command.action === 'generate') args.push(command.name!);
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    // The child needs the real password; it never prints the URL.
    DATABASE_URL: targetUrl(database.target, { revealPassword: true, withSslMode: true }),
  };
  // A signal ends the TypeORM CLI (passed on: Ctrl-C reaches it from the terminal anyway), and this
  // process once that has ended, after the clean-up below.
  let child: ReturnType<typeof spawn> | undefined;
  const pass = (signal: NodeJS.Signals) => child?.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, pass);
  try {
    return await new Promise((resolve, reject) => {
      child = spawn(process.execPath, args, { cwd, env: childEnv, stdio: 'inherit' });
      child.on('error', reject);
      // Ended by a signal: 128 + its number, as a shell reports it (130 for Ctrl-C).
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 0)));
    });
  } finally {
    for (const signal of signals) process.off(signal, pass);
    overridden?.remove();
  }
}

/**
 * A data-source file for the TypeORM CLI that loads the app's (through
 * reseed's loader) and exports its DataSource pointed at DATABASE_URL, as
 * the seed connects (appDataSourceOptions); in a private temporary folder,
 * removed after the run.
 */
function overridingDataSource(dataSourceFile: string): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reseed-migrate-'));
  const file = path.join(dir, 'data-source.cjs');
  const loader = path.join(__dirname, '..', 'loading', 'load-data-source');
  writeFileSync(
    file,
    `const { DataSource } = require(${JSON.stringify(require.resolve('typeorm'))});
const { appDataSourceOptions, loadDataSourceFile } = require(${JSON.stringify(loader)});
exports.dataSource = loadDataSourceFile(${JSON.stringify(dataSourceFile)}).then(({ options }) => new DataSource(appDataSourceOptions(options, process.env.DATABASE_URL)));
`,
    { mode: 0o600 },
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
