import { describe, expect, it } from 'vitest';
import { commandLine, runArguments, shellWord } from '../../src/cli/invocation';

describe('the commands reseed prints (continue with ..., run restore ...)', () => {
  it('repeat the config, data source and shard the run was started with: without them a resume plans the example schema', () => {
    const command = { config: 'seed/reseed.config.ts', dataSource: 'src/data-source.ts', shard: { index: 2, count: 4 } };
    expect(commandLine('npx reseed', [...runArguments(command, 'resume'), '--resume'].join(' '))).toBe(
      'npx reseed --config seed/reseed.config.ts --data-source src/data-source.ts --shard 2/4 --resume',
    );
    // restore takes the data source (where the database is), not the config or the shard.
    expect(commandLine('npm run seed --', ['restore', ...runArguments(command, 'restore')].join(' '))).toBe('npm run seed -- restore --data-source src/data-source.ts');
    expect(commandLine('reseed', [...runArguments({}, 'resume'), '--resume'].join(' '))).toBe('reseed --resume');
  });

  it('quote a path a shell would split or expand', () => {
    expect(shellWord('src/data-source.ts')).toBe('src/data-source.ts');
    expect(shellWord('my app/data source.ts')).toBe("'my app/data source.ts'");
    expect(shellWord("it's.ts")).toBe("'it'\\''s.ts'");
    expect(shellWord('$HOME/x.ts')).toBe("'$HOME/x.ts'");
  });
});
