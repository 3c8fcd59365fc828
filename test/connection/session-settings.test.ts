import { describe, expect, it } from 'vitest';
import { restartSkipReason } from '../support/postgres';
import { useServer } from '../support/use-server';

const ctx = useServer({ manager: { pool: { max: 3 } } });

/** What each of the pool's three connections says, checked out all at once. */
async function onEveryConnection(): Promise<Array<{ pid: number; work_mem: string; synchronous_commit: string }>> {
  const rows = await Promise.all(
    Array.from({ length: 3 }, () =>
      ctx.manager.dataSource.query(
        `SELECT pg_backend_pid() AS pid, current_setting('work_mem') AS work_mem, current_setting('synchronous_commit') AS synchronous_commit, pg_sleep(0.1)`,
      ),
    ),
  );
  return rows.map(([row]: Array<{ pid: number; work_mem: string; synchronous_commit: string }>) => ({
    pid: row.pid,
    work_mem: row.work_mem,
    synchronous_commit: row.synchronous_commit,
  }));
}

describe('session settings', () => {
  it('reach every pooled connection, including those that were already open', async () => {
    const before = await onEveryConnection();
    expect(before.every((c) => c.work_mem === '4MB')).toBe(true);

    await ctx.manager.setSessionSettings({ work_mem: '64MB', synchronous_commit: 'off' });
    const after = await onEveryConnection();

    expect(new Set(after.map((c) => c.pid))).toEqual(new Set(before.map((c) => c.pid)));
    expect(after.every((c) => c.work_mem === '64MB' && c.synchronous_commit === 'off')).toBe(true);
  });

  it('survive a recreate after a restart', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    await ctx.pg.restart({ mode: 'fast' });
    await ctx.manager.recreate('restart');
    const after = await onEveryConnection();
    expect(after.every((c) => c.work_mem === '64MB' && c.synchronous_commit === 'off')).toBe(true);
  });

  it('go back to the defaults when left out', async () => {
    await ctx.manager.setSessionSettings({ work_mem: '8MB' });
    const rows = await onEveryConnection();
    expect(rows.every((c) => c.work_mem === '8MB' && c.synchronous_commit === 'on')).toBe(true);
    await ctx.manager.setSessionSettings({});
    expect((await onEveryConnection()).every((c) => c.work_mem === '4MB')).toBe(true);
  });

  it('fail at once on a bad value and keep the previous ones', async () => {
    await ctx.manager.setSessionSettings({ work_mem: '16MB' });
    await expect(ctx.manager.setSessionSettings({ work_mem: 'lots' })).rejects.toMatchObject({ message: expect.stringContaining('work_mem') });
    expect(ctx.manager.sessionSettings).toEqual({ work_mem: '16MB' });
    expect((await onEveryConnection()).every((c) => c.work_mem === '16MB')).toBe(true);
    await expect(ctx.manager.setSessionSettings({ 'work_mem; DROP TABLE x': '1' })).rejects.toThrow(TypeError);
  });
});
