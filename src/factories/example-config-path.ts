import { existsSync } from 'node:fs';
import path from 'node:path';

/** The example schema's config file, as it runs (.ts from the sources, .js once compiled): what workers load when no config is given. */
export function exampleConfigPath(): string {
  const base = path.join(__dirname, 'example-config');
  const ext = path.extname(__filename) || '.js';
  for (const candidate of [`${base}${ext}`, `${base}.js`, `${base}.ts`]) if (existsSync(candidate)) return candidate;
  throw new Error(`example config not found next to ${base}`);
}
