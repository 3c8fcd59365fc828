/** Where the library reports what it does (tuning, restart, the bulk load); the CLI prints, the library stays quiet by default. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that drops everything: the default of every option that takes one. */
export const SILENT_LOGGER: Logger = {
  info: () => undefined,
  warn: () => undefined,
};
