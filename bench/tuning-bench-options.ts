import { TUNING_PROFILE_NAMES, type TuningProfileName } from '../src/tuning/tuning-profile';

/** Repetitions of every profile when neither --reps nor BENCH_REPS says otherwise. */
export const DEFAULT_TUNING_REPS = 3;
/** Preset loaded by every run: about 100k rows, enough to show the effect in a few minutes on 2 shared cores. */
export const DEFAULT_TUNING_PRESET = 'medium';
/** Profiles compared, in the order of the first repetition (later repetitions rotate it). */
export const DEFAULT_TUNING_PROFILES: readonly TuningProfileName[] = TUNING_PROFILE_NAMES;
/** A single CLI run taking longer than this is stopped (SIGINT, then SIGKILL) and the bench fails. */
export const DEFAULT_RUN_TIMEOUT_MS = 30 * 60_000;

/** What `npm run bench -- --tuning [...]` compares, and on how much data. */
export interface TuningBenchOptions {
  /** Timed runs of each profile; the order rotates from one repetition to the next. */
  reps: number;
  /** `--preset` given to every CLI run. */
  preset: string;
  /** `--count TABLE=N` entries given to every CLI run, as typed. */
  counts: string[];
  /** Multiplier of the preset's counts (example schema), turned into --count entries; 1 leaves the preset as is. */
  scale: number;
  /** Profiles to compare; `off` is the reference of the ratios and is always included. */
  profiles: TuningProfileName[];
  /** Stop one CLI run after this long. */
  runTimeoutMs: number;
}
