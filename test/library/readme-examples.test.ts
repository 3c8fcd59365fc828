import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedTestDatabase } from '../../examples/seed-test-database';
import { useServer } from '../support/use-server';

const ROOT = path.join(__dirname, '..', '..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const example = (file: string) => readFileSync(path.join(ROOT, 'examples', file), 'utf8').trim();

describe('the README code', () => {
  const server = useServer();

  it('shows the example files as they are', () => {
    expect(readme).toContain(example('reseed.config.ts'));
    expect(readme).toContain(example('seed-test-database.ts'));
  });

  it('seeds a test database from a test setup, the same rows every time', async () => {
    const first = await seedTestDatabase(server.pg.url);
    expect(first.totalRows).toBe(2_200);
    const checksum = async () => (await server.pg.query<{ sum: string }>("SELECT md5(string_agg(o::text, ',' ORDER BY id)) AS sum FROM orders o"))[0]!.sum;
    const before = await checksum();
    const second = await seedTestDatabase(server.pg.url);
    expect(second.totalRows).toBe(2_200);
    expect(await checksum()).toBe(before);
  });
});
