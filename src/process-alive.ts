import { readFileSync } from 'node:fs';

/**
 * Whether a process with this pid exists on this host (EPERM: it exists, it
 * is just not ours to signal) and has not exited. A process killed whose
 * parent has not reaped it yet is a zombie: kill(pid, 0) still finds it,
 * though it runs no more. That lasts as long as its parent does in a
 * container whose init reaps nothing (the CLI under `npm exec`, killed with
 * its parents): Linux's /proc says so.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** The process has exited and waits to be reaped (Linux; elsewhere: not known, so no). */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) state ...": comm may hold spaces and parentheses, the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}
