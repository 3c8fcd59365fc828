/**
 * The bottom floor of reseed's errors: every error reseed throws on purpose is
 * a {@link ReseedError} subclass with a stable `code`. Each subclass lives in
 * the folder of the layer that throws it, one class per file named for it.
 */

/**
 * Options an error can name. The library and the CLI word them differently
 * (`mode: 'resume'` against `--resume`): an error's message and hint are
 * templates with `{resume}`-style placeholders, rendered with
 * {@link LIBRARY_HINT_WORDS} in `message` and with the CLI's own words by the
 * CLI, so that no library error names a command-line flag.
 */
export type HintTerm =
  | 'resume'
  | 'truncate'
  | 'append'
  | 'yes'
  | 'inputs'
  | 'shard'
  | 'tuning'
  | 'unsafe'
  | 'restart'
  | 'restartCommand'
  | 'repositoryWriter'
  | 'dataSource'
  | 'deferIndexes';

/** How one caller words each {@link HintTerm}. */
export type HintWords = Readonly<Record<HintTerm, string>>;

/** The library's words: the options of seed(). */
export const LIBRARY_HINT_WORDS: HintWords = {
  resume: "mode: 'resume'",
  truncate: "mode: 'truncate'",
  append: "mode: 'append'",
  yes: 'a confirm() that answers yes',
  inputs: 'seed, preset or counts',
  shard: 'shard',
  tuning: 'tuning profile',
  unsafe: 'allowUnsafe',
  restart: 'restart strategy',
  restartCommand: 'command',
  repositoryWriter: 'writer: new RepositoryBatchWriter()',
  dataSource: 'give reseed a DataSource',
  deferIndexes: 'deferIndexes:',
};

/** Options of a {@link ReseedError}. */
export interface ReseedErrorOptions extends ErrorOptions {
  /**
   * What the caller can do about it, as a template whose `{term}`
   * placeholders name options ({@link HintTerm}). Default: none.
   */
  hint?: string;
}

/**
 * Base of reseed's typed errors: a stable `code` for programs, a message for
 * people, the `cause` kept. The message may name options through `{term}`
 * placeholders ({@link HintTerm}), as the hint does.
 */
export class ReseedError extends Error {
  readonly code: string;
  /** What went wrong, without the hint, in the library's words. */
  readonly summary: string;
  /** The message template, before its `{term}` placeholders are worded. */
  readonly summaryTemplate: string;
  /** The hint template (see {@link ReseedErrorOptions.hint}), undefined when there is none. */
  readonly hintTemplate: string | undefined;

  constructor(code: string, message: string, options?: ReseedErrorOptions) {
    const summary = renderHint(message, LIBRARY_HINT_WORDS);
    const hint = options?.hint === undefined ? undefined : renderHint(options.hint, LIBRARY_HINT_WORDS);
    super(hint === undefined ? summary : `${summary}; ${hint}`, options);
    this.code = code;
    this.summary = summary;
    this.summaryTemplate = message;
    this.hintTemplate = options?.hint;
    this.name = new.target.name;
  }

  /** What to do about it in the library's words (`mode: 'resume'`), undefined when there is no hint. */
  get hint(): string | undefined {
    return this.hintTemplate === undefined ? undefined : renderHint(this.hintTemplate, LIBRARY_HINT_WORDS);
  }

  /** The message with the hint worded for another caller (the CLI's flags). */
  describe(words: HintWords): string {
    const summary = renderHint(this.summaryTemplate, words);
    return this.hintTemplate === undefined ? summary : `${summary}; ${renderHint(this.hintTemplate, words)}`;
  }
}

/** A hint template with its `{term}` placeholders replaced by `words`. */
export function renderHint(template: string, words: HintWords): string {
  // Own keys only: a `{constructor}` in quoted text is left as it is.
  return template.replace(/\{(\w+)\}/g, (whole, term: string) => (Object.hasOwn(words, term) ? words[term as HintTerm] : whole));
}

/**
 * A planned stop, not a failure: what was done stays, and the work carries on
 * when the command runs again (a two-phase restart stops so that the user can
 * restart the server). A seed hook that throws one leaves the run resumable.
 */
export class ResumableStopError extends ReseedError {}
