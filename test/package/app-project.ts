import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What one command printed and how it ended. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command in progress. */
export interface RunningCommand {
  result: Promise<CommandResult>;
  stderr(): string;
}

const ROOT = path.resolve(__dirname, '..', '..');
/** The standalone example app that the package tests install reseed into. */
export const EXAMPLE_APP = path.join(ROOT, 'examples', 'app');

/** Starts a command with a clean environment (PATH and HOME, plus `env`), no terminal. */
export function start(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): RunningCommand {
  let stderr = '';
  const result = new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { result, stderr: () => stderr };
}

/** Runs a command to its end. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandResult> {
  return start(command, args, options).result;
}

/** Runs a command that must succeed; throws with its output otherwise. */
async function must(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandResult> {
  const r = await run(command, args, options);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r;
}

/** A temporary copy of the example app with the packed reseed installed, as a user would have it. */
export interface InstalledApp {
  /** The app's folder (under os.tmpdir()). */
  dir: string;
  /** The packed tarball that was installed. */
  tarball: string;
  /** The typeorm version installed in the app. */
  typeorm: string;
  /** Files and folders the copy had before the install (node_modules and the lock aside). */
  filesBefore: string[];
  dispose(): void;
}

/**
 * Packs reseed (`npm pack`, which builds it through `prepare`), copies the
 * example app to a temporary folder and `npm install -D`s the tarball there;
 * `typeorm` installs another TypeORM version over the app's (the CI step for
 * the other major sets RESEED_TEST_TYPEORM).
 */
export async function installPackedApp(options: { typeorm?: string } = {}): Promise<InstalledApp> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-app-'));
  try {
    const packed = await must('npm', ['pack', '--pack-destination', root, '--loglevel=error'], { cwd: ROOT, timeoutMs: 240_000 });
    const tarball = path.join(root, packed.stdout.trim().split('\n').at(-1)!);
    const dir = path.join(root, 'app');
    cpSync(EXAMPLE_APP, dir, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
    const filesBefore = readdirSync(dir).sort();
    const install = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
    await must('npm', [...install, '-D', tarball], { cwd: dir, timeoutMs: 300_000 });
    if (options.typeorm) await must('npm', [...install, `typeorm@${options.typeorm}`], { cwd: dir, timeoutMs: 300_000 });
    const typeorm = (require(path.join(dir, 'node_modules', 'typeorm', 'package.json')) as { version: string }).version;
    return { dir, tarball, typeorm, filesBefore, dispose: () => rmSync(root, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
