import type { HintWords } from '../errors';

/** How the CLI words the options an error's hint points to: its flags. */
export const CLI_HINT_WORDS: HintWords = {
  resume: '--resume',
  truncate: '--truncate',
  append: '--append',
  yes: '--yes',
  inputs: '--seed/--preset/--count',
  shard: '--shard',
  tuning: '--tuning',
  unsafe: '--unsafe',
  restart: '--restart',
  restartCommand: '--restart-command',
  repositoryWriter: '--writer repository',
  dataSource: 'pass --data-source',
  deferIndexes: '--defer-indexes',
};
