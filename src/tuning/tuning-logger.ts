/** Where tuning and restart report what they do; the CLI prints, the library stays quiet by default. */
export interface TuningLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that drops everything: the default of every option that takes one. */
export const SILENT_LOGGER: TuningLogger = {
  info: () => undefined,
  warn: () => undefined,
};
