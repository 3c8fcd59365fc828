import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { checkTypeormVersion, isSupportedTypeormVersion } from '../../src/loading/check-typeorm-version';
import { SeedInputError } from '../../src/seeding/seed-input-error';

const apps = mkdtempSync(path.join(os.tmpdir(), 'reseed-typeorm-'));
afterAll(() => rmSync(apps, { recursive: true, force: true }));

/** A folder whose node_modules holds a typeorm of this version. */
function appWithTypeorm(version: string): string {
  const dir = path.join(apps, version);
  mkdirSync(path.join(dir, 'node_modules', 'typeorm'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'typeorm', 'package.json'), JSON.stringify({ name: 'typeorm', version, main: 'index.js' }));
  writeFileSync(path.join(dir, 'node_modules', 'typeorm', 'index.js'), '');
  return dir;
}

it('accepts TypeORM 0.3.20 and newer 0.3.x, and 1.x', () => {
  expect(['0.3.20', '0.3.31', '1.0.0', '1.1.1', '1.2.0-beta.1'].filter(isSupportedTypeormVersion)).toHaveLength(5);
  expect(['0.2.45', '0.3.19', '0.4.0', '2.0.0', 'next'].filter(isSupportedTypeormVersion)).toEqual([]);
  expect(checkTypeormVersion(appWithTypeorm('0.3.31'))).toBe('0.3.31');
  expect(checkTypeormVersion()).toMatch(/^(0\.3|1)\./);
});

it('names an unsupported TypeORM and the supported range in one line, at start', () => {
  const error = (() => {
    try {
      checkTypeormVersion(appWithTypeorm('0.2.45'));
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(SeedInputError);
  expect((error as Error).message).toMatch(/^typeorm 0\.2\.45 \(.*node_modules\/typeorm\) is not supported: reseed works with TypeORM 0\.3\.20 or newer 0\.3\.x, or 1\.x$/);
});
