import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/args';
import { DEFAULT_TUNING_THRESHOLD } from '../../src/tuning/choose-tuning-profile';
import { UsageError } from '../../src/cli/usage-error';

function usageMessage(argv: string[]): string {
  try {
    parseCommand(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('command-line parsing', () => {
  it('defaults to the seed command with nothing set', () => {
    const cmd = parseCommand([]);
    expect(cmd).toMatchObject({ command: 'seed', preset: undefined, counts: {}, mode: 'fresh', dryRun: false, tuningThreshold: DEFAULT_TUNING_THRESHOLD, writer: 'copy', workers: undefined, streams: undefined, deferIndexes: 'auto' });
  });

  it('reads every seed option', () => {
    const cmd = parseCommand([
      '--preset', 'medium', '--count', 'users=5000', '--count', 'posts=20k', '--seed', '7', '--batch-size', '1_000',
      '--append', '--yes', '--dry-run', '--verbose', '--tuning', 'fast', '--restart', 'command', '--restart-command', 'pg_ctl restart',
      '--config', 'my.config.ts', '--tuning-threshold', '1m', '--writer', 'repository', '--workers', '3', '--streams', '4', '--defer-indexes', 'on',
    ]);
    expect(cmd).toEqual({
      command: 'seed', preset: 'medium', counts: { users: 5000, posts: 20000 }, seed: 7, batchSize: 1000, writer: 'repository', workers: 3, streams: 4,
      mode: 'append', yes: true, dryRun: true, force: false, verbose: true, config: 'my.config.ts', tuning: 'fast',
      tuningThreshold: 1_000_000, deferIndexes: 'on', unsafe: false, restart: 'command', restartCommand: 'pg_ctl restart', restartPassSecrets: false,
    });
  });

  it.each([
    [['--count', 'users=-5'], /--count users="-5" is not valid: expected a whole number/],
    [['--count', 'users'], /expected TABLE=N/],
    [['--count', 'users=lots'], /users="lots"/],
    [['--seed', 'abc'], /--seed "abc" is not valid/],
    [['--batch-size', '0'], /--batch-size "0" is not valid: expected a whole number of at least 1/],
    [['--batch-size', '1.5'], /--batch-size "1.5"/],
    [['--batch-size', '-1'], /--batch-size "-1" is not valid: expected a whole number of at least 1/],
    [['--seed', '-3'], /--seed "-3" is not valid: expected a whole number \(0 or more\)/],
    [['--seed', '1152921504606846976'], /--seed "1152921504606846976" is not valid: .*at most 9007199254740991 \(1152921504606846976 is too large\)/],
    [['--count', 'users=1.2345k'], /--count users="1.2345k" is not valid: expected a whole number of rows .*\(1.2345k is not a whole number\)/],
    [['--count', 'users=99999999999999999'], /users="99999999999999999" .*is too large/],
    [['--tuning', 'turbo'], /--tuning "turbo" is not one of: off, safe, fast, unsafe/],
    [['--writer', 'insert'], /--writer "insert" is not one of: copy, repository/],
    [['--defer-indexes', 'later'], /--defer-indexes "later" is not one of: auto, on, off/],
    [['--workers', 'all'], /--workers "all" is not valid: expected a whole number \(0 or more\)/],
    [['--streams', '0'], /--streams "0" is not valid: expected a whole number from 1 to 16$/],
    [['--streams', '17'], /--streams "17" is not valid: expected a whole number from 1 to 16$/],
    [['--tuning', 'unsafe'], /add --unsafe/],
    [['--restart', 'reboot'], /--restart "reboot" is not one of/],
    [['--restart', 'command'], /needs --restart-command/],
    [['--truncate', '--append'], /cannot be combined/],
    [['--resume', '--truncate'], /--resume continues/],
    [['--frobnicate'], /^unknown option --frobnicate \(see --help\)$/],
    [['--cuont', 'users=1'], /^unknown option --cuont: did you mean --count\? \(see --help\)$/],
    [['--dry-rnu'], /^unknown option --dry-rnu: did you mean --dry-run\? \(see --help\)$/],
    [['destroy'], /Unknown command "destroy"/],
    [['restore', '--preset', 'large'], /--preset belongs to the seed command/],
    [['migrate', 'generate'], /needs a path/],
    [['restore', '--yes'], /restore asks nothing/],
    [['migrate', 'run', '--restart', 'skip'], /--restart does not apply to "migrate"/],
    [['--restart', 'skip', '--restart-command', 'x'], /--restart-command goes with --restart command/],
  ])('refuses %j with one clear line', (argv, pattern) => {
    const message = usageMessage(argv as string[]);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('reads suffixed counts exactly', () => {
    expect(parseCommand(['--count', 'users=2.5m', '--count', 'posts=1.001k', '--count', 'tags=1_000', '--count', 'follows=1.2340k'])).toMatchObject({
      counts: { users: 2_500_000, posts: 1_001, tags: 1_000, follows: 1_234 },
    });
  });

  it('takes --restart-command alone as --restart command', () => {
    expect(parseCommand(['--restart-command', 'sudo systemctl restart postgresql'])).toMatchObject({ restart: 'command', restartCommand: 'sudo systemctl restart postgresql' });
  });

  it('reads restore, migrate and server', () => {
    expect(parseCommand(['restore', '--restart', 'skip'])).toMatchObject({ command: 'restore', restart: 'skip' });
    expect(parseCommand(['restore', '--restart-command', 'pg_ctl restart'])).toMatchObject({ restart: 'command', restartCommand: 'pg_ctl restart' });
    expect(parseCommand(['migrate', 'generate', 'migrations/AddAvatar'])).toMatchObject({ command: 'migrate', action: 'generate', name: 'migrations/AddAvatar' });
    expect(parseCommand(['migrate'])).toMatchObject({ command: 'migrate', action: 'run' });
    expect(parseCommand(['server'])).toEqual({ command: 'server', verbose: false });
    expect(parseCommand(['--help'])).toEqual({ command: 'help' });
  });
});
