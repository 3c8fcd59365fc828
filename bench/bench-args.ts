import { parseArgs } from 'node:util';
import { TUNING_PROFILE_NAMES, type TuningProfileName } from '../src/tuning/tuning-profile';
import {
  DEFAULT_RUN_TIMEOUT_MS,
  DEFAULT_TUNING_PRESET,
  DEFAULT_TUNING_PROFILES,
  DEFAULT_TUNING_REPS,
  type TuningBenchOptions,
} from './tuning-bench-options';

/** What `npm run bench -- [args]` asked for: the default benchmark, or the tuning comparison. */
export type BenchArgs = { mode: 'default'; huge: boolean } | { mode: 'peers'; rows: number } | { mode: 'tuning'; options: TuningBenchOptions } | { mode: 'citus'; reps: number } | { mode: 'help' };

/** A bad `npm run bench` argument: one line saying what is wrong and what is accepted. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

/** Usage of `npm run bench`, printed by --help and after a bad argument. */
export const BENCH_USAGE = `usage: npm run bench [--huge]             throughput against a raw COPY, workers, the CLI at 100k and 1M rows (--huge: 10M too) (BENCH_REPS, BENCH_KEEP)
       npm run bench -- --peers [--rows N]  users + posts with drizzle-seed, typeorm-extension, reseed and COPY (bench/peers/; N posts, default 100000)
       npm run bench -- --tuning [options]  the CLI end to end with each --tuning profile, on the same data
       npm run bench -- --citus [--reps N]  one PostgreSQL against a Citus coordinator + 2 workers, same rows
options of --tuning:
  --reps N              timed runs per profile, order rotated each repetition (default: BENCH_REPS, else ${DEFAULT_TUNING_REPS})
  --preset NAME         small | medium | large (default: ${DEFAULT_TUNING_PRESET})
  --scale F             multiply every table of the preset by F, e.g. --scale 5 for about 500k rows (default: 1)
  --count TABLE=N       rows for one table, repeatable, as in \`npm run seed\` (applied after --scale)
  --profiles A,B,...    profiles to compare among ${TUNING_PROFILE_NAMES.join(', ')} (default: all; off is always run)
`;

const OPTIONS = {
  tuning: { type: 'boolean' },
  citus: { type: 'boolean' },
  huge: { type: 'boolean' },
  peers: { type: 'boolean' },
  rows: { type: 'string' },
  reps: { type: 'string' },
  preset: { type: 'string' },
  scale: { type: 'string' },
  count: { type: 'string', multiple: true },
  profiles: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the arguments after `npm run bench --`; throws BenchUsageError. */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message.split('\n')[0]!);
  }
  if (values.help) return { mode: 'help' };
  if (values.citus) {
    const other = Object.keys(values).find((k) => k !== 'citus' && k !== 'reps');
    if (other) throw new BenchUsageError(`--${other} does not apply to --citus (only --reps)`);
    return { mode: 'citus', reps: positiveInteger('--reps', values.reps ?? env.BENCH_REPS ?? '3') };
  }
  if (values.peers) {
    const other = Object.keys(values).find((k) => k !== 'peers' && k !== 'rows');
    if (other) throw new BenchUsageError(`--${other} does not apply to --peers`);
    return { mode: 'peers', rows: positiveInteger('--rows', values.rows ?? '100000') };
  }
  if (!values.tuning) {
    const given = Object.keys(values).filter((k) => k !== 'huge');
    if (given.length) throw new BenchUsageError(`--${given[0]} applies to the tuning comparison only: add --tuning`);
    return { mode: 'default', huge: values.huge ?? false };
  }
  if (values.huge || values.rows) throw new BenchUsageError(`--${values.huge ? 'huge' : 'rows'} does not apply to --tuning`);
  return {
    mode: 'tuning',
    options: {
      reps: positiveInteger('--reps', values.reps ?? env.BENCH_REPS ?? String(DEFAULT_TUNING_REPS)),
      preset: values.preset ?? DEFAULT_TUNING_PRESET,
      counts: values.count ?? [],
      scale: positiveNumber('--scale', values.scale ?? '1'),
      profiles: profiles(values.profiles),
      runTimeoutMs: DEFAULT_RUN_TIMEOUT_MS,
    },
  };
}

function positiveInteger(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new BenchUsageError(`${option} "${text}" is not valid: expected a whole number of 1 or more`);
  return n;
}

function positiveNumber(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new BenchUsageError(`${option} "${text}" is not valid: expected a number above 0, e.g. 2.5`);
  return n;
}

function profiles(text: string | undefined): TuningProfileName[] {
  if (text === undefined) return [...DEFAULT_TUNING_PROFILES];
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(TUNING_PROFILE_NAMES as readonly string[]).includes(name)) {
      throw new BenchUsageError(`--profiles: "${name}" is not a profile; expected some of ${TUNING_PROFILE_NAMES.join(', ')}`);
    }
  }
  const unique = [...new Set(names as TuningProfileName[])];
  return unique.includes('off') ? unique : ['off', ...unique];
}
