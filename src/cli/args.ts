import type { SeedMode } from '../seeding/seed-options';
import { MAX_STREAMS } from '../seeding/max-streams';
import { parseArgs } from 'node:util';
import { MAX_SHARDS, parseShard, type Shard } from '../seeding/shard';
import { DEFER_INDEX_CHOICES, type DeferIndexChoice } from '../tuning/index-deferral';

import { UsageError } from './usage-error';

import { RESTART_STRATEGY_NAMES, type RestartStrategyName } from '../restart/restart-strategy';
import { DEFAULT_TUNING_THRESHOLD } from '../tuning/choose-tuning-profile';
import { TUNING_PROFILE_NAMES, type TuningProfileName } from '../tuning/tuning-profile';
import { closestName } from '../closest-name';

/** How batches are written: COPY (default) or TypeORM's INSERTs. */
export const WRITERS = ['copy', 'repository'] as const;
export type WriterChoice = (typeof WRITERS)[number];
export const MIGRATE_ACTIONS = ['run', 'revert', 'generate', 'show'] as const;


/** Options of `reseed seed` (the default command). */
export interface SeedCommand {
  command: 'seed';
  preset: string | undefined;
  counts: Record<string, number>;
  seed: number | undefined;
  batchSize: number | undefined;
  /** Batch writer; default copy. */
  writer: WriterChoice;
  /** `--shard K/N`: this process writes its share of every table; undefined: all of it. */
  shard: Shard | undefined;
  /** Generation worker threads; undefined: from the core count. */
  workers: number | undefined;
  /** Tables loaded side by side; undefined: the library's default. */
  streams: number | undefined;
  /** From --resume, --truncate or --append (at most one); 'fresh' without them. */
  mode: SeedMode;
  yes: boolean;
  dryRun: boolean;
  /** `--force`: load even when the estimated size is above the free disk or reseed's sane limit. */
  force: boolean;
  verbose: boolean;
  config: string | undefined;
  /** The app's TypeORM data-source file (`--data-source`, as `typeorm -d`). */
  dataSource: string | undefined;
  tuning: TuningProfileName | undefined;
  tuningThreshold: number;
  /** Drop secondary indexes and FKs for the load: auto (default), on, off. */
  deferIndexes: DeferIndexChoice;
  unsafe: boolean;
  restart: RestartStrategyName | undefined;
  restartCommand: string | undefined;
  /** `--restart-pass-secrets`: the restart command keeps DATABASE_URL and PGPASSWORD. */
  restartPassSecrets: boolean;
}

/** `reseed restore`: put back every setting, index and FK an interrupted run changed. */
export interface RestoreCommand {
  command: 'restore';
  verbose: boolean;
  dataSource: string | undefined;
  restart: RestartStrategyName | undefined;
  restartCommand: string | undefined;
  restartPassSecrets: boolean;
}

/** `reseed migrate run|revert|generate NAME|show`: the TypeORM CLI against the resolved server. */
export interface MigrateCommand {
  command: 'migrate';
  action: (typeof MIGRATE_ACTIONS)[number];
  name: string | undefined;
  verbose: boolean;
  dataSource: string | undefined;
}

/** `reseed server`: run the embedded server in the foreground until Ctrl-C. */
export interface ServerCommand {
  command: 'server';
  verbose: boolean;
}

/** `--help` (of one command when named before it: `reseed restore --help`). */
export interface HelpCommand {
  command: 'help';
  topic: CommandName | undefined;
}

/** `--version`. */
export interface VersionCommand {
  command: 'version';
}

export const COMMAND_NAMES = ['seed', 'restore', 'migrate', 'server'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export type Command = SeedCommand | RestoreCommand | MigrateCommand | ServerCommand | HelpCommand | VersionCommand;

const OPTIONS = {
  preset: { type: 'string' },
  count: { type: 'string', multiple: true },
  seed: { type: 'string' },
  'batch-size': { type: 'string' },
  writer: { type: 'string' },
  shard: { type: 'string' },
  workers: { type: 'string' },
  streams: { type: 'string' },
  resume: { type: 'boolean' },
  truncate: { type: 'boolean' },
  append: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  config: { type: 'string' },
  'data-source': { type: 'string', short: 'd' },
  tuning: { type: 'string' },
  'tuning-threshold': { type: 'string' },
  'defer-indexes': { type: 'string' },
  unsafe: { type: 'boolean' },
  restart: { type: 'string' },
  'restart-command': { type: 'string' },
  'restart-pass-secrets': { type: 'boolean' },
} as const;

const SEED_ONLY = ['preset', 'count', 'seed', 'batch-size', 'writer', 'workers', 'streams', 'shard', 'resume', 'truncate', 'append', 'dry-run', 'force', 'config', 'tuning', 'tuning-threshold', 'defer-indexes', 'unsafe'] as const;

/** Parses argv (without node and script); throws UsageError with one clear line. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  const [name = 'seed', ...rest] = positionals;
  if (values.help) return { command: 'help', topic: (COMMAND_NAMES as readonly string[]).includes(name) && positionals.length ? (name as CommandName) : undefined };
  if (values.version) return { command: 'version' };
  const verbose = values.verbose ?? false;

  if (name === 'seed') {
    if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}" (options start with --; see --help)`);
    if (values.truncate && values.append) throw new UsageError('--truncate and --append cannot be combined: pick one');
    if (values.resume && (values.truncate || values.append)) {
      throw new UsageError('--resume continues an unfinished run as it was: it cannot be combined with --truncate or --append');
    }
    const tuning = oneOf('--tuning', values.tuning, TUNING_PROFILE_NAMES);
    if (tuning === 'unsafe' && !values.unsafe) {
      throw new UsageError('--tuning unsafe turns fsync and full_page_writes off (a crash can corrupt the whole cluster): add --unsafe to confirm');
    }
    const restart = restartChoice(values.restart, values['restart-command']);
    const shard = shardOption(values.shard, values);
    return {
      command: 'seed',
      preset: values.preset,
      counts: parseCounts(values.count ?? []),
      seed: optionalInteger('--seed', values.seed, 0),
      batchSize: optionalInteger('--batch-size', values['batch-size'], 1),
      writer: oneOf('--writer', values.writer, WRITERS) ?? 'copy',
      workers: optionalInteger('--workers', values.workers, 0),
      streams: integerInRange('--streams', values.streams, 1, MAX_STREAMS),
      mode: values.resume ? 'resume' : values.truncate ? 'truncate' : values.append ? 'append' : 'fresh',
      yes: values.yes ?? false,
      dryRun: values['dry-run'] ?? false,
      force: values.force ?? false,
      verbose,
      config: values.config,
      dataSource: values['data-source'],
      // Shards tune nothing: a restart for one would cut the others off mid-load.
      tuning: shard && shard.count > 1 ? (tuning ?? 'off') : tuning,
      shard,
      tuningThreshold: optionalInteger('--tuning-threshold', values['tuning-threshold'], 0) ?? DEFAULT_TUNING_THRESHOLD,
      // Nor do they defer indexes: one shard's rebuild would run while the others still load.
      deferIndexes: shard && shard.count > 1 ? 'off' : (oneOf('--defer-indexes', values['defer-indexes'], DEFER_INDEX_CHOICES) ?? 'auto'),
      unsafe: values.unsafe ?? false,
      restart,
      restartCommand: values['restart-command'],
      restartPassSecrets: passSecrets(values['restart-pass-secrets'], values['restart-command']),
    };
  }

  const misplaced = SEED_ONLY.find((option) => values[option] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced} belongs to the seed command, not "${name}" (see --help)`);

  if (name === 'restore') {
    if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}" after restore`);
    if (values.yes) throw new UsageError('restore asks nothing: it only puts back what reseed changed; drop --yes');
    const restart = restartChoice(values.restart, values['restart-command']);
    return {
      command: 'restore',
      verbose,
      dataSource: values['data-source'],
      restart,
      restartCommand: values['restart-command'],
      restartPassSecrets: passSecrets(values['restart-pass-secrets'], values['restart-command']),
    };
  }
  const notHere = (['yes', 'restart', 'restart-command', 'restart-pass-secrets'] as const).find((option) => values[option] !== undefined);
  if (notHere) throw new UsageError(`--${notHere} does not apply to "${name}" (see --help)`);
  if (name === 'migrate') {
    const action = oneOf('migrate action', rest[0] ?? 'run', MIGRATE_ACTIONS)!;
    const migrationName = rest[1];
    if (action === 'generate' && !migrationName) {
      throw new UsageError('migrate generate needs a path for the new migration, e.g. migrations/AddAvatar');
    }
    if (rest.length > (action === 'generate' ? 2 : 1)) throw new UsageError(`Unexpected argument "${rest.at(-1)}" after migrate ${action}`);
    return { command: 'migrate', action, name: migrationName, verbose, dataSource: values['data-source'] };
  }
  if (name === 'server') {
    if (values['data-source'] !== undefined) throw new UsageError('--data-source does not apply to "server": it runs the embedded PostgreSQL');
    if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}" after server`);
    return { command: 'server', verbose };
  }
  throw new UsageError(`Unknown command "${name}": use seed (the default), restore, migrate or server (see --help)`);
}

/** `--restart-pass-secrets` means something only for a restart command. */
function passSecrets(value: boolean | undefined, command: string | undefined): boolean {
  if (value && command === undefined) throw new UsageError('--restart-pass-secrets goes with --restart-command "..."');
  return value ?? false;
}

/** `--shard K/N`, refused where the split cannot apply (it acts on every shard's rows, or restarts the server under them). */
function shardOption(value: string | undefined, values: { truncate?: boolean; append?: boolean; tuning?: string }): Shard | undefined {
  if (value === undefined) return undefined;
  const shard = parseShard(value);
  if (!shard) throw new UsageError(`--shard "${value}" is not valid: expected K/N with 1 <= K <= N <= ${MAX_SHARDS}, e.g. --shard 1/3 (this process writes the first third of every table)`);
  if (shard.count > 1 && (values.truncate || values.append)) {
    throw new UsageError(`--shard cannot be combined with --${values.truncate ? 'truncate' : 'append'}: it acts on every shard's rows; empty the tables once, then start the shards`);
  }
  if (shard.count > 1 && values.tuning !== undefined && values.tuning !== 'off') {
    throw new UsageError('--shard loads without tuning (a restart for one shard would cut the others off): tune the server once before starting the shards, or drop --tuning');
  }
  return shard;
}

/** `--restart`, where `--restart-command` alone means `--restart command`. */
function restartChoice(value: string | undefined, command: string | undefined): RestartStrategyName | undefined {
  const restart = oneOf('--restart', value, RESTART_STRATEGY_NAMES) ?? (command !== undefined ? 'command' : undefined);
  if (restart === 'command' && !command?.trim()) {
    throw new UsageError('--restart command needs --restart-command "..." (the shell command that restarts your server)');
  }
  if (command !== undefined && restart !== 'command') {
    throw new UsageError(`--restart-command goes with --restart command, not --restart ${restart}`);
  }
  return restart;
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option} "${value}" is not one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * `--batch-size -1` reaches parseArgs as an option value that looks like an
 * option ("argument is ambiguous"): a negative number after an option that
 * takes a value is that option's value, refused with the usual message.
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([a-z-]+)$/.exec(argv[i])?.[1];
    const option = name === undefined ? undefined : (OPTIONS as Record<string, { type: string }>)[name];
    if (option?.type === 'string' && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i += 1;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

function optionalInteger(option: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = parseInteger(value);
  if (typeof n !== 'number' || n < min) {
    throw new UsageError(`${option} "${value}" is not valid: expected a whole number${min > 0 ? ` of at least ${min}` : ' (0 or more)'}, at most ${Number.MAX_SAFE_INTEGER}${reasonOf(n)}`);
  }
  return n;
}

function integerInRange(option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = parseInteger(value);
  if (typeof n !== 'number' || n < min || n > max) {
    throw new UsageError(`${option} "${value}" is not valid: expected a whole number from ${min} to ${max}${reasonOf(n)}`);
  }
  return n;
}

/** Why {@link parseInteger} refused, for the message. */
function reasonOf(n: number | string | undefined): string {
  return typeof n === 'string' ? ` (${n})` : '';
}

/**
 * Accepts 1000, 1_000 and 1k / 2.5m style suffixes. Returns a sentence
 * instead of a number for a value that is a number but not a usable whole
 * one (1.2345k is 1234.5; 2^60 is beyond exact integers here).
 */
function parseInteger(text: string): number | string | undefined {
  const m = /^(?:(\d+(?:_\d+)*)|(\d+)(?:\.(\d+))?([km]))$/i.exec(text.trim());
  if (!m) return undefined;
  let n: bigint;
  if (m[1] !== undefined) {
    n = BigInt(m[1].replaceAll('_', ''));
  } else {
    const zeros = m[4]!.toLowerCase() === 'k' ? 3 : 6;
    const fraction = (m[3] ?? '').replace(/0+$/, '');
    if (fraction.length > zeros) return `${text.trim()} is not a whole number`;
    n = BigInt(m[2]! + fraction.padEnd(zeros, '0'));
  }
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) return `${text.trim()} is too large`;
  return Number(n);
}

function parseCounts(entries: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const table = eq > 0 ? entry.slice(0, eq).trim() : '';
    const value = eq > 0 ? entry.slice(eq + 1) : '';
    if (!table || !value) throw new UsageError(`--count "${entry}" is not valid: expected TABLE=N, e.g. --count users=5000`);
    const n = parseInteger(value);
    if (typeof n !== 'number') {
      throw new UsageError(`--count ${table}="${value}" is not valid: expected a whole number of rows (0 or more, 5000, 5_000, 5k, 2.5m), e.g. users=5000${reasonOf(n)}`);
    }
    counts[table] = n;
  }
  return counts;
}

/**
 * parseArgs' refusal in reseed's words: an unknown option is named with the
 * option it most likely meant (node's own text advises `--` for positionals,
 * which is never what a typo needs); anything else as node says it.
 */
function describeParseError(error: Error & { code?: string }): string {
  const unknown = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']+)'/.exec(error.message)?.[1] : undefined;
  if (unknown !== undefined) {
    const long = unknown.replace(/^-+/, '').split('=')[0]!;
    const meant = unknown.startsWith('--') ? closestName(long, Object.keys(OPTIONS)) : undefined;
    return `unknown option ${unknown}${meant ? `: did you mean --${meant}?` : ''} (see --help)`;
  }
  return `${error.message.split('\n')[0]} (see --help)`;
}
