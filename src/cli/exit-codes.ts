/** Exit codes of the reseed CLI; the README lists them. */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  BadInput: 2,
  /** EX_TEMPFAIL: two-phase restart, run again with --resume after restarting the server. */
  AwaitingRestart: 75,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
