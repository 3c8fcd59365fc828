import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root: the CLI runs from here so `--import tsx` resolves. */
export const REPO_ROOT = path.resolve(__dirname, '..');
/** The reseed CLI entry point, run as `npm run seed --` would through tsx. */
export const CLI_MAIN = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');
/** After the first SIGINT, how long the CLI gets to restore its settings before SIGKILL. */
export const INTERRUPT_GRACE_MS = 60_000;

/** One line the CLI printed, with when it arrived (ms after the spawn). */
export interface TimedLine {
  atMs: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** How a CLI run ended, what it printed and how long it took. */
export interface TimedCliResult {
  /** Exit code; null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From spawn to exit: node start, tsx, connect, tuning, restarts, load, restore. */
  wallMs: number;
  lines: TimedLine[];
  timedOut: boolean;
}

/** A CLI run in progress. */
export interface TimedCliRun {
  /** Asks the CLI to stop (SIGINT: it finishes the batch and restores); SIGKILL after the grace period or when asked twice. */
  interrupt(): void;
  result: Promise<TimedCliResult>;
}

/**
 * Runs the real CLI in a child process with no terminal (plain progress
 * lines) and timestamps every output line as it arrives. The child gets its
 * own process group, so a Ctrl-C in the terminal reaches the bench only,
 * which then forwards exactly one SIGINT.
 */
export function startTimedCli(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): TimedCliRun {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: TimedLine[] = [];
  const collect = (stream: TimedLine['stream']) => {
    let pending = '';
    return (chunk: Buffer) => {
      const atMs = performance.now() - started;
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const text of parts) lines.push({ atMs, stream, text });
    };
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));

  let interrupted = false;
  let killTimer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const interrupt = () => {
    if (interrupted) return kill('SIGKILL');
    interrupted = true;
    kill('SIGINT');
    killTimer = setTimeout(() => kill('SIGKILL'), INTERRUPT_GRACE_MS);
  };
  const timeout = setTimeout(() => {
    timedOut = true;
    interrupt();
  }, timeoutMs);

  let exitedAt: number | undefined;
  child.on('exit', () => (exitedAt = performance.now()));
  const result = new Promise<TimedCliResult>((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      reject(new Error(`could not start the CLI (${process.execPath} --import tsx ${CLI_MAIN}): ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      // Output may still be draining after exit: the wall time stops at the exit itself.
      resolve({ code, signal, wallMs: (exitedAt ?? performance.now()) - started, lines, timedOut });
    });
  });
  return { interrupt, result };
}
