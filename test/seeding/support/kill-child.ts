import { spawn } from 'node:child_process';
import path from 'node:path';

/** The seeding child (test/seeding/fixtures/seed-child.ts): its environment says what it seeds. */
export const SEED_CHILD = path.join(__dirname, '..', 'fixtures', 'seed-child.ts');

/** How a child killed by {@link runChildAndKill} ended. */
export interface KilledChild {
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Committed batches it reported. */
  batches: number;
  /** The last "batch <table> <done>" line it printed ('' when none). */
  lastDone: string;
}

/**
 * Runs `node <nodeArgs> SEED_CHILD` with `env` over this process's, and
 * SIGKILLs it as soon as it has reported `killAfterBatches` committed
 * batches (a crash in the middle of the run); resolves once it has exited.
 */
export function runChildAndKill(options: { nodeArgs: string[]; env: Record<string, string>; killAfterBatches: number }): Promise<KilledChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...options.nodeArgs, SEED_CHILD], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let batches = 0;
    let lastDone = '';
    let stderr = '';
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('batch ')) continue;
        lastDone = line;
        if (++batches === options.killAfterBatches) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stderr, batches, lastDone }));
  });
}
