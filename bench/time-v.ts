import { spawn } from 'node:child_process';

/** How a process run under /usr/bin/time -v ended, what it printed, and its peak RSS. */
export interface TimedProcess {
  code: number | null;
  out: string;
  err: string;
  /** Maximum resident set size as time -v reports it (the process and its threads; children it waited for too). */
  peakRssBytes: number;
  /** Spawn to exit, as seen from here. */
  wallMs: number;
}

/**
 * Runs `node args...` (this node) under /usr/bin/time -v and reads its peak
 * RSS; throws, with the end of both streams, when it fails or time printed none.
 */
export async function runUnderTime(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; what: string }): Promise<TimedProcess> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-v', process.execPath, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
  if (code !== 0 || !rss) throw new Error(`${options.what} failed (exit ${code}):\n${out.slice(-2000)}\n${err.slice(-3000)}`);
  return { code, out, err, peakRssBytes: Number(rss[1]) * 1024, wallMs };
}
