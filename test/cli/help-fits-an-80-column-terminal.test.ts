import { expect, it } from 'vitest';
import { helpText } from '../../src/cli/help-text';

it('--help of every command fits an 80-column terminal, as npm run seed or npx reseed calls it', () => {
  for (const run of ['reseed', 'npm run seed --']) {
    for (const topic of [undefined, 'seed', 'restore', 'migrate', 'server'] as const) {
      const long = helpText(topic, run)
        .split('\n')
        .filter((line) => line.length > 80);
      expect(long, `${run} ${topic ?? ''} --help`).toEqual([]);
    }
  }
});
