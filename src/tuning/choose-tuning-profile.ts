import { TUNING_PROFILES } from './tuning-profiles';
import { TUNING_PROFILE_NAMES, type TuningProfile, type TuningProfileName } from './tuning-profile';
import { TuningError } from './tuning-error';

/** Rows at or above which `--tuning` defaults to safe. */
export const DEFAULT_TUNING_THRESHOLD = 400_000;

/** Options of {@link chooseTuningProfile}. */
export interface ChooseTuningProfileOptions {
  /** `--tuning` as given; undefined picks by row count. Default: undefined. */
  requested?: string;
  /** Rows of the whole load. */
  rows: number;
  /** Row count from which the default is safe. Default: {@link DEFAULT_TUNING_THRESHOLD}. */
  threshold?: number;
}

/**
 * The profile of a run: the requested one, or safe at or above the threshold
 * and off below it. Throws RESEED_TUNING_BAD_OPTION naming the accepted names.
 */
export function chooseTuningProfile(options: ChooseTuningProfileOptions): TuningProfile {
  const threshold = options.threshold ?? DEFAULT_TUNING_THRESHOLD;
  if (options.requested === undefined) return TUNING_PROFILES[options.rows >= threshold ? 'safe' : 'off'];
  if (!(TUNING_PROFILE_NAMES as readonly string[]).includes(options.requested)) {
    throw new TuningError(
      'RESEED_TUNING_BAD_OPTION',
      `{tuning} "${options.requested}" is not known; expected one of ${TUNING_PROFILE_NAMES.join(', ')}`,
    );
  }
  return TUNING_PROFILES[options.requested as TuningProfileName];
}
