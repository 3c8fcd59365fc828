import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { putSharedText, sharedTextSlot, sharedTextWritten, takeSharedText } from '../../src/loading/workers/shared-text';

const MODULE = path.resolve(__dirname, '../../src/loading/workers/shared-text.ts');

/** A thread (the module through tsx's require hook) that blocks in takeSharedText on `slot` and posts back what it read. */
function reader(slot: SharedArrayBuffer, timeoutMs: number): { waiting: Promise<void>; read: Promise<string | null> } {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    require(workerData.tsx);
    const { takeSharedText } = require(workerData.module);
    parentPort.postMessage('waiting');
    parentPort.postMessage(takeSharedText(workerData.slot, workerData.timeoutMs) ?? null);
  `;
  const worker = new Worker(code, { eval: true, workerData: { slot, timeoutMs, module: MODULE, tsx: require.resolve('tsx/cjs') } });
  let onWaiting: () => void;
  const waiting = new Promise<void>((resolve) => (onWaiting = resolve));
  let seen = false;
  const read = new Promise<string | null>((resolve, reject) => {
    worker.on('message', (m: string | null) => {
      if (m === 'waiting' && !seen) {
        seen = true;
        onWaiting();
        return;
      }
      resolve(m);
      void worker.terminate();
    });
    worker.on('error', reject);
  });
  return { waiting, read };
}

describe('a shared text slot', () => {
  it('gives its text, unicode and all, to a thread that was waiting before it was written', async () => {
    const slot = sharedTextSlot(1024);
    const text = JSON.stringify({ files: { 'a.ts': 'export const é = "𝒳\\t\\n";' } });
    const { waiting, read } = reader(slot, 60_000);
    await waiting;
    // The thread is in takeSharedText, or about to be.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sharedTextWritten(slot)).toBe(false);
    expect(putSharedText(slot, text)).toBe(true);
    expect(await read).toBe(text);
    expect(takeSharedText(slot, 0)).toBe(text);
  });

  it('gives a thread that waited in vain nothing', async () => {
    expect(await reader(sharedTextSlot(16), 50).read).toBeNull();
  });

  it('says none when written as none or when the text does not fit, and is written once', () => {
    const none = sharedTextSlot(16);
    expect(takeSharedText(none, 0)).toBeUndefined();
    expect(putSharedText(none, undefined)).toBe(true);
    expect(takeSharedText(none, 0)).toBeUndefined();
    expect(() => putSharedText(none, 'again')).toThrow(/written once/);

    const small = sharedTextSlot(4);
    expect(putSharedText(small, 'ééé')).toBe(false);
    expect(sharedTextWritten(small)).toBe(true);
    expect(takeSharedText(small, 0)).toBeUndefined();
    const exact = sharedTextSlot(4);
    expect(putSharedText(exact, 'éé')).toBe(true);
    expect(takeSharedText(exact, 0)).toBe('éé');
  });
});
