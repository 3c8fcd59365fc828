import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

describe('generation', () => {
  it("loads faker's English locale only, in the main thread and in a worker (its index loads every locale: 36 MB a thread)", () => {
    // A process of its own, as a worker thread starts: what the generation worker module pulls in.
    const script = `
      require('./src/seeding/row-generator');
      require('./src/loading/workers/generation-worker');
      const faker = Object.keys(require.cache).filter((k) => k.includes('@faker-js/faker') && k.endsWith('.js'));
      console.log(JSON.stringify(faker.map((k) => path.basename(k))));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', `const path = require('node:path'); ${script}`], { cwd: ROOT, encoding: 'utf8' });
    const files = JSON.parse(out.trim().split('\n').at(-1)!) as string[];
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !/^(en|base)[-.]/.test(f))).toEqual([]);
  });
});
