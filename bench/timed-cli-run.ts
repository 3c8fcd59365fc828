import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

/** The repository root: the CLI runs from here (its default config, the example schema). */
export const REPO_ROOT = path.resolve(__dirname, '..');
/** The installed CLI's entry point (compiled JavaScript on dist/, see buildCli). */
export const CLI_BIN = path.join(REPO_ROOT, 'bin', 'reseed.cjs');
/** After the first SIGINT, how long the CLI gets to restore its settings before SIGKILL. */
export const INTERRUPT_GRACE_MS = 60_000;

/** Compiles dist/ (tsconfig.build.json), so the CLI measured is the one npm installs. */
export function buildCli(): void {
  console.log('building dist/ (tsc -p tsconfig.build.json) for bin/reseed.cjs ...');
  const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status})`);
}

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
  /** From spawn to exit: node start, connect, tuning, restarts, load, restore. */
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
 * Runs the installed CLI (bin/reseed.cjs; dist/ built first, see buildCli) in
 * a child process with no terminal (plain progress lines) and timestamps
 * every output line as it arrives. The child gets its
 * own process group, so a Ctrl-C in the terminal reaches the bench only,
 * which then forwards exactly one SIGINT.
 */
export function startTimedCli(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): TimedCliRun {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
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
      reject(new Error(`could not start the CLI (${process.execPath} ${CLI_BIN}): ${error.message}`, { cause: error }));
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
