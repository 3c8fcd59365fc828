import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pgClientQueryable, type Queryable } from '../../src/queryable';

/** A pooled Queryable on a URL, and the pool's end. */
export interface PoolRunner {
  runner: Queryable;
  /** Closes the pool; never throws. */
  end(): Promise<void>;
}

/** A pooled Queryable on a URL (3 connections at most); end() closes the pool and never throws. */
export function poolRunner(url: string): PoolRunner {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', () => undefined);
  return { runner: pgClientQueryable(pool), end: () => pool.end().catch(() => undefined) };
}

/** A temporary folder of a test's own. */
export interface TempDir {
  readonly dir: string;
  /** A path inside it. */
  file(name: string): string;
  /** Deletes it with what it holds. */
  remove(): void;
}

/** A fresh folder (for a state file, a marker); remove() deletes it. */
export function tempDir(prefix = 'reseed-test-'): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
