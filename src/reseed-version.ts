import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** reseed's own version, from its package.json (found above this file, in the sources or the build). */
export function reseedVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'reseed' && pkg.version) return pkg.version;
  }
  return 'unknown';
}
