import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived the last full GC, in
 * percent: the old generation is collected again once it is this much
 * larger. V8 picks a factor of up to 4 when allocation is fast, as in a
 * load, where most of a batch dies old (its rows live until written): at
 * 1M rows of the example schema the CLI's peak RSS was 369 MB with one
 * worker thread for about 100 MB of live heap; with 100%, 288-306 MB at
 * 1M and 304 MB at 10M; with 60%, 282 MB twice at 1M. CPU time of 300k rows on the main thread, in process: 10.4-10.9 s
 * uncapped, 9.5-10.1 s at 100%, 10.6-10.9 s at 60%, 11.1-12.1 s at 30%.
 */
export const HEAP_GROWING_PERCENT = 60;

/**
 * Caps the heap's growth factor (V8's --heap-growing-percent) for this
 * process and the worker threads it starts: a soft bound, no heap limit, so
 * a config that keeps a lot in memory still runs. For the CLI's process only:
 * V8 flags are process-wide, and the library must not change its host's.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
