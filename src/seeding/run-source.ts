/**
 * Where a run's config came from, as the caller names it, recorded with the
 * run: a later run with another config, or with the config's code edited,
 * can then say which one the run was started with and what changed.
 */
export interface RunSource {
  /** How the caller would name this config again (the CLI records its `--config`/`--data-source`). */
  label: string;
  /**
   * sha256 of each source file behind the config (its factories' code), by
   * path relative to the config's folder. Left out when the caller cannot tell.
   */
  files?: Readonly<Record<string, string>>;
}

/** The files whose code differs between the run's source and this one (changed, added or gone); [] when either cannot tell. */
export function changedSourceFiles(recorded: RunSource | undefined, current: RunSource | undefined): string[] {
  if (!recorded?.files || !current?.files) return [];
  const names = new Set([...Object.keys(recorded.files), ...Object.keys(current.files)]);
  return [...names].filter((name) => recorded.files![name] !== current.files![name]).sort();
}

/** The recorded source, read back from the ledger's jsonb (undefined for a run recorded without one, or anything else). */
export function runSourceOf(value: unknown): RunSource | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { label, files } = value as { label?: unknown; files?: unknown };
  if (typeof label !== 'string') return undefined;
  const valid = files && typeof files === 'object' && Object.values(files).every((v) => typeof v === 'string');
  return valid ? { label, files: files as Record<string, string> } : { label };
}
