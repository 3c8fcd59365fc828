import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SeedInputError } from '../seeding/seed-input-error';
import { registerTypeScript, TYPESCRIPT_EXTENSIONS } from './typescript-loader';

/** A real `import()` even in reseed's CommonJS build (tsc would turn a literal one into require). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/**
 * Loads one of the app's files (a data source, a reseed.config) by path, the
 * way the TypeORM CLI loads `-d`: TypeScript through {@link registerTypeScript}
 * (decorator metadata as tsc emits it), `.mjs` and `.js` of a `"type":
 * "module"` package through `import()`, everything else through `require()`,
 * with no loader at all for compiled JavaScript. `what` names the file in
 * messages ("data source", "config"). Throws SeedInputError naming the file.
 */
export async function loadUserModule(file: string, what: string): Promise<Record<string, unknown>> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new SeedInputError(`${what} file not found: ${absolute} (a .ts, .js, .mjs or .cjs file, relative to ${process.cwd()})`);
  const extension = path.extname(absolute);
  try {
    if ((TYPESCRIPT_EXTENSIONS as readonly string[]).includes(extension)) {
      registerTypeScript({ projectDir: path.dirname(absolute) });
      return require(absolute) as Record<string, unknown>;
    }
    if (extension === '.mjs' || (extension === '.js' && nearestPackageType(absolute) === 'module')) {
      return (await dynamicImport(pathToFileURL(absolute).href)) as Record<string, unknown>;
    }
    return require(absolute) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SeedInputError) throw error;
    throw new SeedInputError(`cannot load the ${what} ${absolute}: ${firstLine(error)}`, { cause: error });
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}

/** `type` of the package.json nearest above the file: what Node decides a `.js` file is. */
function nearestPackageType(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        return (JSON.parse(readFileSync(candidate, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
