import { expect, it } from 'vitest';
import { UrgencyQueue } from '../../src/seeding/urgency-queue';

/** Work that records when it begins and ends when released. */
function gatedWork(log: string[], name: string): { work: () => Promise<string>; release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    work: async () => {
      log.push(`begin ${name}`);
      await gate;
      return name;
    },
    release: () => release(),
  };
}

it('runs at most its slots at once, then the most urgent waiting, the first asked among equals', async () => {
  const log: string[] = [];
  const queue = new UrgencyQueue(2);
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((name) => gatedWork(log, name));
  const results = [
    queue.run('a', 'later', a!.work),
    queue.run('b', 'later', b!.work),
    queue.run('c', 'later', c!.work),
    queue.run('d', 'ahead', d!.work),
    queue.run('e', 'now', e!.work),
  ];
  await Promise.resolve();
  expect(log).toEqual(['begin a', 'begin b']);
  a!.release();
  await results[0];
  await new Promise((resolve) => setImmediate(resolve));
  expect(log).toEqual(['begin a', 'begin b', 'begin e']);
  queue.hurry('c');
  b!.release();
  e!.release();
  await Promise.all([results[1], results[4]]);
  await new Promise((resolve) => setImmediate(resolve));
  // c was hurried: it goes before d ('ahead').
  expect(log).toEqual(['begin a', 'begin b', 'begin e', 'begin c', 'begin d']);
  c!.release();
  d!.release();
  expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
});

it('frees the slot of work that fails or throws at once, and passes the failure on', async () => {
  const queue = new UrgencyQueue(1);
  const failed = queue.run('x', 'now', async () => {
    throw new Error('no rows');
  });
  const threw = queue.run('y', 'now', () => {
    throw new Error('thrown before any promise');
  });
  const next = queue.run('z', 'now', async () => 'made');
  await expect(failed).rejects.toThrow('no rows');
  await expect(threw).rejects.toThrow('thrown before any promise');
  expect(await next).toBe('made');
});
