/** Int32 slots of the header: the state, then the text's length in bytes. */
const STATE = 0;
const LENGTH = 1;
const HEADER_BYTES = 8;

const PENDING = 0;
const READY = 1;
/** Written as nothing, or as a text too long for the slot. */
const NONE = 2;

/**
 * A text the main thread writes once and every worker thread reads, through
 * memory they share: a worker started before the text existed gets it
 * without a message (the pool's threads take their data when they start, and
 * a task reaches one worker only). Pages the text does not reach are never
 * touched, so a large `maxBytes` costs address space, not memory.
 */
export function sharedTextSlot(maxBytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + maxBytes);
}

/**
 * Writes `text` into the slot (undefined: there is none) and wakes any reader
 * waiting. Returns false when the text does not fit: readers then get
 * undefined, as for none. A slot is written once.
 */
export function putSharedText(slot: SharedArrayBuffer, text: string | undefined): boolean {
  const header = new Int32Array(slot, 0, 2);
  if (Atomics.load(header, STATE) !== PENDING) throw new Error('a shared text slot is written once');
  let state = NONE;
  let fits = text === undefined;
  if (text !== undefined) {
    const { read, written } = new TextEncoder().encodeInto(text, new Uint8Array(slot, HEADER_BYTES));
    if (read === text.length) {
      header[LENGTH] = written;
      state = READY;
      fits = true;
    }
  }
  Atomics.store(header, STATE, state);
  Atomics.notify(header, STATE);
  return fits;
}

/** Whether the slot has been written. */
export function sharedTextWritten(slot: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(slot, 0, 2), STATE) !== PENDING;
}

/**
 * The slot's text, waiting at most `timeoutMs` for it to be written
 * (blocking the thread: for a worker that has nothing else to do); undefined
 * when it was written as none, did not fit, or was not written in time.
 */
export function takeSharedText(slot: SharedArrayBuffer, timeoutMs: number): string | undefined {
  const header = new Int32Array(slot, 0, 2);
  Atomics.wait(header, STATE, PENDING, timeoutMs);
  if (Atomics.load(header, STATE) !== READY) return undefined;
  return Buffer.from(slot, HEADER_BYTES, Atomics.load(header, LENGTH)).toString('utf8');
}
