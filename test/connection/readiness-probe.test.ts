import { describe, expect, it } from 'vitest';
import { type ProbeAttempt, ReadinessTimeoutError, waitForReady } from '../../src/connection';
import { restartSkipReason } from '../support/postgres';
import { sleep } from './support/manager';
import { useServer } from '../support/use-server';

const ctx = useServer();

describe('the readiness probe', () => {
  it('answers at once, in one attempt, when the server is up', async () => {
    const attempts: ProbeAttempt[] = [];
    const result = await waitForReady({ connectionString: ctx.pg.url }, { onAttempt: (a) => attempts.push(a) });
    expect(result.attempts).toBe(1);
    expect(attempts.map((a) => a.outcome)).toEqual(['ready']);
  });

  it('waits while the server is down for several seconds, reporting each attempt, and notices it soon after it is back', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    await ctx.pg.stop('fast');
    const attempts: ProbeAttempt[] = [];
    const probe = waitForReady({ connectionString: ctx.pg.url }, { onAttempt: (a) => attempts.push(a) });
    await sleep(3_000);
    await ctx.pg.start();
    const backAt = performance.now();
    const result = await probe;
    const noticedAfterMs = performance.now() - backAt;

    expect(result.elapsedMs).toBeGreaterThanOrEqual(3_000);
    expect(result.attempts).toBe(attempts.length);
    expect(attempts.length).toBeGreaterThanOrEqual(5);
    expect(attempts.filter((a) => a.outcome === 'refused').length).toBeGreaterThanOrEqual(3);
    expect(attempts[0]).toMatchObject({ attempt: 1, outcome: 'refused', message: expect.stringContaining(`connection refused by ${ctx.pg.host}:${ctx.pg.port}`) });
    expect(attempts.at(-1)).toMatchObject({ outcome: 'ready', attempt: attempts.length });
    // Backoff is capped at 200 ms; allow a lot more on a shared two-core machine.
    expect(noticedAfterMs).toBeLessThan(2_000);
    console.log(`probe: ${result.attempts} attempts over ${result.elapsedMs} ms; noticed the server ${Math.round(noticedAfterMs)} ms after pg_ctl start returned`);
  });

  it('fails after its budget with a clear error when the server never comes back', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    await ctx.pg.stop('fast');
    try {
      const attempts: ProbeAttempt[] = [];
      const started = performance.now();
      const error = await waitForReady({ connectionString: ctx.pg.url }, { budgetMs: 2_000, onAttempt: (a) => attempts.push(a) }).catch((e: unknown) => e);
      const tookMs = performance.now() - started;

      expect(error).toBeInstanceOf(ReadinessTimeoutError);
      expect(error).toMatchObject({ code: 'RESEED_NOT_READY_IN_TIME' });
      const message = (error as Error).message;
      expect(message).toContain(`${ctx.pg.host}:${ctx.pg.port}/${ctx.pg.database} did not accept connections within 2000 ms`);
      expect(message).toContain('connection refused');
      expect(tookMs).toBeGreaterThanOrEqual(2_000);
      expect(tookMs).toBeLessThan(6_000);
      expect(attempts.every((a) => a.outcome === 'refused')).toBe(true);
    } finally {
      await ctx.pg.start();
    }
  });

  it('stops waiting when its signal is aborted', async (context) => {
    if (restartSkipReason(ctx.pg)) return context.skip(restartSkipReason(ctx.pg));
    await ctx.pg.stop('fast');
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 500);
      const started = performance.now();
      await expect(waitForReady({ connectionString: ctx.pg.url }, { signal: controller.signal })).rejects.toThrow('user pressed Ctrl-C');
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await ctx.pg.start();
    }
  });

  it('rejects options that make no sense, naming the option', async () => {
    await expect(waitForReady({ connectionString: ctx.pg.url }, { budgetMs: -1 })).rejects.toThrow(/budgetMs must be a number >= 0/);
    await expect(waitForReady({ connectionString: ctx.pg.url }, { minDelayMs: 500, maxDelayMs: 100 })).rejects.toThrow(/minDelayMs \(500\) exceeds maxDelayMs/);
  });
});
