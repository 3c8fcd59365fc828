import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * sha256 of each of the app's files behind a loaded config: the config file
 * and every module it required, followed through `require.cache`, leaving out
 * node_modules (a dependency's upgrade is not the app's edit). Keyed by path
 * relative to the config's folder, with `/` separators, so the digests do not
 * depend on where the command runs. A config loaded as an ES module has no
 * require graph: then only the file itself.
 */
export function configSourceFiles(configFile: string): Record<string, string> {
  const absolute = path.resolve(configFile);
  const base = path.dirname(absolute);
  const files = new Set<string>([absolute]);
  const queue: NodeModule[] = [];
  const root = require.cache[absolute];
  if (root) queue.push(root);
  const seen = new Set<NodeModule>();
  while (queue.length > 0) {
    const mod = queue.shift()!;
    if (seen.has(mod)) continue;
    seen.add(mod);
    for (const child of mod.children) {
      if (child.filename.split(path.sep).includes('node_modules')) continue;
      files.add(child.filename);
      queue.push(child);
    }
  }
  const digests: Record<string, string> = {};
  for (const file of [...files].sort()) {
    let text: Buffer;
    try {
      text = readFileSync(file);
    } catch {
      continue;
    }
    digests[path.relative(base, file).split(path.sep).join('/')] = createHash('sha256').update(text).digest('hex');
  }
  return digests;
}
