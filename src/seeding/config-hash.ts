import { createHash } from 'node:crypto';
import { version as FAKER_VERSION } from '@faker-js/faker/package.json';

/**
 * Version of reseed's own generation scheme (row hashing, id assignment). Bump
 * when it changes, so an unfinished run of an older scheme is not resumed.
 */
export const GENERATOR_VERSION = 1;

/** What identifies the data a run produces. */
export interface ConfigFingerprint {
  seed: number;
  append: boolean;
  tables: { table: string; count: number; columns: string[]; factoryVersion: number; generators: string[] }[];
  /** Placement on a Citus cluster, when there is one. */
  distribution?: { table: string; kind: string; column: string | undefined; colocateWith: string | undefined }[];
}

/** sha256 (hex, first 16 bytes) of the fingerprint: equal hashes mean the same rows. */
export function configHash(fingerprint: ConfigFingerprint): string {
  // faker is pinned, but an upgrade may change the rows: never resume across one.
  const text = JSON.stringify({ generator: GENERATOR_VERSION, faker: FAKER_VERSION, ...fingerprint });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
