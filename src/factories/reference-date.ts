/**
 * The "now" of the example data: every timestamp lies before it. Fixed, never
 * the wall clock, so the same seed gives the same rows on any day.
 */
export const REFERENCE_DATE_MS = Date.UTC(2025, 0, 1);

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;
/** 365 days in milliseconds. */
export const YEAR_MS = 365 * DAY_MS;
