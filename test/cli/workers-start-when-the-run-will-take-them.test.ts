import { describe, expect, it } from 'vitest';
import { parseCommand, type SeedCommand } from '../../src/cli/args';
import { workersWanted } from '../../src/cli/seed-command';
import { AUTO_WORKERS_MIN_ROWS } from '../../src/loading/workers/generation-pool';
import { startWorkersEarly, workersOfCommand, workersWantedByCommand } from '../../src/cli/early-workers';
import type { ReseedConfig } from '../../src/seeding/reseed-config';

const seedCommand = (...argv: string[]) => parseCommand(argv) as SeedCommand;
const withPresets: ReseedConfig = { entities: [], presets: { small: { users: 1_000, posts: 4_000 }, medium: { users: 100_000, posts: 400_000 } } };
const generic: ReseedConfig = { entities: [] };

describe('the CLI starts its workers before the plan', () => {
  it('when the preset or the counts given already reach 500,000 rows (AUTO_WORKERS_MIN_ROWS)', () => {
    expect(AUTO_WORKERS_MIN_ROWS).toBe(500_000);
    expect(workersWanted(seedCommand(), withPresets)).toBe(false);
    expect(workersWanted(seedCommand('--preset', 'medium'), withPresets)).toBe(true);
    expect(workersWanted(seedCommand('--count', 'posts=499000'), withPresets)).toBe(true);
    // A count given replaces the preset's for that table.
    expect(workersWanted(seedCommand('--preset', 'medium', '--count', 'posts=100'), withPresets)).toBe(false);
    // Generic presets: at least one table's rows (large: 200,000), with the counts given.
    expect(workersWanted(seedCommand('--preset', 'large'), generic)).toBe(false);
    expect(workersWanted(seedCommand('--preset', 'large', '--count', 'users=300000', '--count', 'posts=200000'), generic)).toBe(true);
    expect(workersWanted(seedCommand('--preset', 'medium'), generic)).toBe(false);
  });

  it('when workers are asked for, whatever the counts; never with 0, for a dry run or the repository writer', () => {
    expect(workersWanted(seedCommand('--workers', '2'), withPresets)).toBe(true);
    expect(workersWanted(seedCommand('--workers', '2', '--resume'), withPresets)).toBe(true);
    expect(workersWanted(seedCommand('--preset', 'medium', '--workers', '0'), withPresets)).toBe(false);
    expect(workersWanted(seedCommand('--preset', 'medium', '--dry-run'), withPresets)).toBe(false);
    expect(workersWanted(seedCommand('--preset', 'medium', '--writer', 'repository'), withPresets)).toBe(false);
  });

  it('not for a resumed run or a shard unless asked: their counts are known only from the ledger and the plan', () => {
    expect(workersWanted(seedCommand('--preset', 'medium', '--resume'), withPresets)).toBe(false);
    expect(workersWanted(seedCommand('--preset', 'medium', '--shard', '1/2'), withPresets)).toBe(false);
  });

  it('before the config loads when the command line alone says so, and then workersWanted says so too', () => {
    const cases: Array<[string[], boolean]> = [
      [[], false],
      [['--preset', 'medium'], false],
      [['--count', 'posts=499999'], false],
      [['--count', 'posts=400000', '--count', 'users=100000'], true],
      [['--workers', '2'], true],
      [['--workers', '0', '--count', 'posts=900000'], false],
      [['--count', 'posts=900000', '--dry-run'], false],
      [['--count', 'posts=900000', '--writer', 'repository'], false],
      [['--count', 'posts=900000', '--resume'], false],
      [['--count', 'posts=900000', '--shard', '1/2'], false],
      [['--workers', '2', '--resume'], true],
    ];
    for (const [argv, expected] of cases) {
      expect(workersWantedByCommand(seedCommand(...argv)), argv.join(' ')).toBe(expected);
      // Whatever the config's presets, a run the command line wants workers for wants them with the config too.
      if (expected) for (const config of [withPresets, generic]) expect(workersWanted(seedCommand(...argv), config), argv.join(' ')).toBe(true);
    }
  });

  it('by the installed CLI before it loads the rest of itself, and the seed command takes those same workers', async () => {
    const argv = ['--count', 'posts=900000', '--workers', '1'];
    const early = startWorkersEarly(argv);
    expect(early?.workers).toBe(1);
    const taken = workersOfCommand(seedCommand(...argv));
    expect(taken).toBe(early);
    await taken!.destroy();
    // Other workers than the command wants (a caller of main() with other arguments): new ones, the early ones stopped.
    const other = startWorkersEarly(['--workers', '1']);
    const second = workersOfCommand(seedCommand('--workers', '2'));
    expect(second).not.toBe(other);
    expect(second?.workers).toBe(2);
    await second!.destroy();
    // Nothing for a command line that wants no workers, or is not a seed, or does not parse.
    expect(startWorkersEarly(['--count', 'posts=10'])).toBeUndefined();
    expect(startWorkersEarly(['restore'])).toBeUndefined();
    expect(startWorkersEarly(['--workers', 'many'])).toBeUndefined();
    expect(workersOfCommand(seedCommand('--count', 'posts=10'))).toBeUndefined();
  });
});
