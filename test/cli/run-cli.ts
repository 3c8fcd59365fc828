import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What one CLI run printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');
/** tsx's loader by path: a run in another folder (an app of the test's own) finds it too. */
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/**
 * Runs `reseed` in a child process (as `npm run seed --` would, through tsx),
 * with no terminal: plain progress lines, no prompts.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return startCli(args, env, options).result;
}

/** A CLI run in progress: signal it, then await its result. */
export interface RunningCli {
  kill(signal: NodeJS.Signals): void;
  /** What it printed so far on stderr. */
  stderr(): string;
  result: Promise<CliResult>;
}

/** Starts `reseed` in a child process without waiting for it. */
export function startCli(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; timeoutMs?: number } = {}): RunningCli {
  let kill: (signal: NodeJS.Signals) => void = () => undefined;
  let stderrSoFar = () => '';
  const result = new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd: options.cwd ?? ROOT,
      // As npm sets it for `npm run seed`: messages name that command.
      // tsx reads the tsconfig of the folder it runs in: reseed's own (decorators as TypeORM needs them) wherever that is.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_lifecycle_event: 'seed', TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    stderrSoFar = () => stderr;
    kill = (signal) => child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { kill: (signal) => kill(signal), stderr: () => stderrSoFar(), result };
}
