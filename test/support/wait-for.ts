/** How {@link waitFor} polls. */
export interface WaitForOptions {
  /** Give up after this long. Default 60 s. */
  timeoutMs?: number;
  /** Pause between two looks. Default 50 ms. */
  everyMs?: number;
}

/**
 * Waits for an event instead of sleeping a fixed time: looks at `condition`
 * every `everyMs` until it returns a truthy value (resolved with it), or
 * throws after `timeoutMs`, naming `what` was awaited (and, when `detail` is
 * given, what it says then). A condition that throws counts as not yet.
 */
export async function waitFor<T>(what: string, condition: () => T | Promise<T>, options: WaitForOptions & { detail?: () => string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await Promise.resolve()
      .then(condition)
      .catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${options.timeoutMs ?? 60_000} ms for ${what}${options.detail ? `: ${options.detail()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 50));
  }
}
