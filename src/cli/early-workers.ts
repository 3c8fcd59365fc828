import { parseCommand, type SeedCommand } from './args';
import { AUTO_WORKERS_MIN_ROWS, defaultWorkerCount, GenerationPool } from '../loading/workers/generation-pool';

/**
 * Generation workers the installed CLI started for its command line before
 * loading the rest of itself (see {@link startWorkersEarly}), until the seed
 * command takes them.
 */
let early: GenerationPool | undefined;

/**
 * Starts the generation workers a seed command line asks for (see
 * {@link workersWantedByCommand}) before the CLI loads its own modules: the
 * workers load theirs (TypeORM, faker) meanwhile, on the core the main
 * thread leaves idle, instead of after it, when the main thread already
 * connects and plans (on the peer workload the first table waited for
 * them). This module and what it loads are small. A command line that does
 * not parse starts nothing; main() reports it. Returns the workers started.
 */
export function startWorkersEarly(argv: readonly string[]): GenerationPool | undefined {
  let command;
  try {
    command = parseCommand([...argv]);
  } catch {
    return undefined;
  }
  if (command.command !== 'seed' || !workersWantedByCommand(command)) return undefined;
  early = new GenerationPool({ workers: workersForCommand(command) });
  return early;
}

/**
 * The workers for this seed command: those started early when they are as
 * many as it wants (else they stop), or new ones when it wants workers, or
 * none.
 */
export function workersOfCommand(command: SeedCommand): GenerationPool | undefined {
  const wanted = workersWantedByCommand(command) ? workersForCommand(command) : 0;
  const taken = early;
  early = undefined;
  if (taken && taken.workers === wanted) return taken;
  if (taken) void taken.destroy().catch(() => undefined);
  return wanted > 0 ? new GenerationPool({ workers: wanted }) : undefined;
}

function workersForCommand(command: SeedCommand): number {
  return command.workers ?? defaultWorkerCount();
}

/**
 * What workersWanted says from the command line alone, before the config is
 * loaded: workers asked for, or counts given that reach
 * AUTO_WORKERS_MIN_ROWS (a preset's rows only add to them, so workersWanted
 * then says so too).
 */
export function workersWantedByCommand(command: SeedCommand): boolean {
  if (command.dryRun || command.writer === 'repository' || command.workers === 0) return false;
  if (command.workers !== undefined) return true;
  if (command.mode === 'resume' || command.shard) return false;
  let given = 0;
  for (const count of Object.values(command.counts)) given += count;
  return given >= AUTO_WORKERS_MIN_ROWS;
}
