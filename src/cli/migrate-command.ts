import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { targetUrl } from '../connection/database-url';
import type { ResolvedDatabase } from '../server/resolve-database';
import type { MigrateCommand } from './args';
import { UsageError } from './usage-error';

const TYPEORM_ACTION = { run: 'migration:run', revert: 'migration:revert', generate: 'migration:generate', show: 'migration:show' } as const;

/**
 * Runs the TypeORM CLI (`typeorm-ts-node-commonjs -d ormconfig.ts migration:*`)
 * against the resolved server: the user's DATABASE_URL, or the embedded one
 * this process started. Returns the CLI's exit code.
 */
export async function runMigrateCommand(command: MigrateCommand, database: ResolvedDatabase, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const ormconfig = path.resolve(cwd, env.RESEED_ORMCONFIG ?? 'ormconfig.ts');
  if (!existsSync(ormconfig)) {
    throw new UsageError(`No TypeORM data source file at ${ormconfig}: create ormconfig.ts or set RESEED_ORMCONFIG`);
  }
  const cli = require.resolve('typeorm/cli-ts-node-commonjs.js');
  const args = [cli, '-d', ormconfig, TYPEORM_ACTION[command.action]];
  if (command.action === 'generate') args.push(command.name!);
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    // The child needs the real password; it never prints the URL.
    DATABASE_URL: targetUrl(database.target, { revealPassword: true, withSslMode: true }),
    TS_NODE_TRANSPILE_ONLY: env.TS_NODE_TRANSPILE_ONLY ?? 'true',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: childEnv, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
