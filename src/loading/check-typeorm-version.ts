import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SeedInputError } from '../seeding/seed-input-error';

/** The TypeORM versions reseed supports (its peer dependency range), in words. */
export const SUPPORTED_TYPEORM = '0.3.20 or newer 0.3.x, or 1.x';

/** Whether a TypeORM version is in {@link SUPPORTED_TYPEORM}. */
export function isSupportedTypeormVersion(version: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return major === 1 || (major === 0 && minor === 3 && patch >= 20);
}

/**
 * The version of the typeorm package reseed resolves (the app's own, as a
 * peer dependency); a SeedInputError naming it and the supported range when
 * it is outside, so an unsupported TypeORM is one line at start, not a crash
 * deep inside a load.
 */
export function checkTypeormVersion(resolveFrom: string = __dirname): string {
  let file: string;
  try {
    file = path.join(path.dirname(require.resolve('typeorm', { paths: [resolveFrom] })), 'package.json');
  } catch (error) {
    throw new SeedInputError(`reseed needs the typeorm package (${SUPPORTED_TYPEORM}), which is not installed: npm install typeorm pg`, { cause: error });
  }
  const version = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  if (!isSupportedTypeormVersion(version)) {
    throw new SeedInputError(`typeorm ${version} (${path.dirname(file)}) is not supported: reseed works with TypeORM ${SUPPORTED_TYPEORM}`);
  }
  return version;
}
