import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived the last full GC, in
 * percent: the old generation is collected again once it is this much
 * larger. V8 picks a factor of up to 4 when allocation is fast, as in a
 * load, where most of a batch dies old (its rows live until written): at
 * 1M rows of the example schema the CLI's peak RSS was 369 MB with one
 * worker thread for about 100 MB of live heap. At 100% it was 246 MB at
 * 500k rows, for no measurable CPU time (bench: 9.5-10.1 s of CPU against
 * 10.4-10.9 s without, at 300k rows on the main thread; 30% cost 8-10% more).
 */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Caps the heap's growth factor (V8's --heap-growing-percent) for this
 * process and the worker threads it starts: a soft bound, no heap limit, so
 * a config that keeps a lot in memory still runs. For the CLI's process only:
 * V8 flags are process-wide, and the library must not change its host's.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
