import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { isProcessAlive } from '../../src/process-alive';
import { waitFor } from '../support/wait-for';

// A run's owner on this host is gone when its pid is (a resume then takes the run over at once).
// Killed with its parents, the CLI's process can stay a zombie for as long as whoever adopted it
// does not reap it (a container's init that reaps nothing): kill(pid, 0) still finds it.
it('a process that exited and is not reaped yet (a zombie) is not alive; a running one is, and a pid nobody has is not', async () => {
  // The shell starts a child that exits at once, then becomes `sleep`, which never reaps it.
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    await waitFor('the child to exit and stay unreaped', async () => readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '), { timeoutMs: 10_000, everyMs: 10 });
    expect(isProcessAlive(pid)).toBe(false);
    expect(isProcessAlive(parent.pid!)).toBe(true);
    expect(isProcessAlive(process.pid)).toBe(true);
  } finally {
    parent.kill('SIGKILL');
  }
  await new Promise((resolve) => parent.once('exit', resolve));
  expect(isProcessAlive(parent.pid!)).toBe(false);
});
