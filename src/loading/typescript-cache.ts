import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reseedVersion } from '../reseed-version';

/** Format of an entry; another one is ignored. */
const ENTRY_FORMAT = 1;

/** What a file's output depends on besides its source: the tsconfig that applies to it, and every file that tsconfig is made of. */
export interface CompileInputs {
  /** The nearest tsconfig.json above the file, or null (the loader's fallback options). */
  configFile: string | null;
  /** Each file read to parse it (the tsconfig, the files it extends), with a digest of its content. */
  configParts: Array<[file: string, digest: string]>;
}

/** A project folder's tsconfig `paths`, as the loader registers them (see CompiledTypeScript.projects). */
export interface CachedProject {
  dir: string;
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

interface Entry<T> {
  format: number;
  reseed: string;
  typescript: string;
  /** A digest of the file's source (for a project: its folder). */
  source: string;
  inputs: CompileInputs;
  value: T;
}

/** sha256 of a text, hex. */
export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The TypeScript loader's output on disk, so that a later run loads the
 * app's files without loading the compiler (0.3-0.7 s of every run's
 * start-up) or compiling them again: one entry per file, in
 * `node_modules/.cache/reseed/typescript` of the project (the nearest folder
 * above it that has a node_modules), as babel-loader and eslint keep theirs.
 * An entry is used only while everything its output depends on is
 * unchanged: the source, the nearest tsconfig.json and every file it
 * extends, the TypeScript version installed and reseed's own; anything else
 * is a miss and compiles as before. Writes are atomic (a file written aside,
 * then renamed); a cache that cannot be read or written is no cache, never
 * an error. `RESEED_TS_CACHE=0` turns it off.
 */
export class TypeScriptCache {
  readonly dir: string;
  readonly #typescriptVersion: string;
  readonly #reseedVersion = reseedVersion();
  /** Digests of the tsconfig files met this run (they are read once). */
  readonly #digests = new Map<string, string | undefined>();
  /** Nearest tsconfig.json per folder, this run. */
  readonly #configs = new Map<string, string | null>();

  private constructor(dir: string, typescriptVersion: string) {
    this.dir = dir;
    this.#typescriptVersion = typescriptVersion;
  }

  /** The cache of the project in `projectDir`, or undefined (turned off, no node_modules above it, no TypeScript installed). */
  static open(projectDir: string): TypeScriptCache | undefined {
    if (process.env.RESEED_TS_CACHE === '0') return undefined;
    const version = installedTypeScriptVersion();
    if (version === undefined) return undefined;
    for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
      const modules = path.join(dir, 'node_modules');
      if (isDirectory(modules)) return new TypeScriptCache(path.join(modules, '.cache', 'reseed', 'typescript'), version);
      if (path.dirname(dir) === dir) return undefined;
    }
  }

  /** The compiled output of `filename` whose source has digest `source`, if an entry holds it and is still valid. */
  code(filename: string, source: string): string | undefined {
    return this.#read<string>(`file:${filename}`, source, path.dirname(filename));
  }

  storeCode(filename: string, source: string, inputs: CompileInputs, code: string): void {
    this.#write(`file:${filename}`, source, inputs, code);
  }

  /** What the project in `dir` maps through its tsconfig `paths`, if an entry holds it and is still valid. */
  project(dir: string): CachedProject | undefined {
    return this.#read<CachedProject>(`project:${dir}`, dir, dir);
  }

  storeProject(project: CachedProject, inputs: CompileInputs): void {
    this.#write(`project:${project.dir}`, project.dir, inputs, project);
  }

  /** The nearest tsconfig.json above `dir` (as ts.findConfigFile looks for it), or null. */
  nearestConfig(dir: string): string | null {
    let found = this.#configs.get(dir);
    if (found !== undefined) return found;
    found = null;
    for (let at = dir; ; at = path.dirname(at)) {
      const candidate = path.join(at, 'tsconfig.json');
      if (existsSync(candidate)) {
        found = candidate;
        break;
      }
      if (path.dirname(at) === at) break;
    }
    this.#configs.set(dir, found);
    return found;
  }

  /** The digest of a file's content now (undefined when it cannot be read), once per run. */
  #fileDigest(file: string): string | undefined {
    if (!this.#digests.has(file)) {
      let digest: string | undefined;
      try {
        digest = digestOf(readFileSync(file, 'utf8'));
      } catch {
        digest = undefined;
      }
      this.#digests.set(file, digest);
    }
    return this.#digests.get(file);
  }

  #read<T>(key: string, source: string, dir: string): T | undefined {
    let entry: Entry<T>;
    try {
      entry = JSON.parse(readFileSync(this.#path(key), 'utf8')) as Entry<T>;
    } catch {
      return undefined;
    }
    if (entry.format !== ENTRY_FORMAT || entry.reseed !== this.#reseedVersion || entry.typescript !== this.#typescriptVersion || entry.source !== source) return undefined;
    const inputs = entry.inputs;
    if (!inputs || inputs.configFile !== this.nearestConfig(dir) || !Array.isArray(inputs.configParts)) return undefined;
    if (!inputs.configParts.every(([file, digest]) => this.#fileDigest(file) === digest)) return undefined;
    return entry.value;
  }

  #write<T>(key: string, source: string, inputs: CompileInputs, value: T): void {
    const entry: Entry<T> = { format: ENTRY_FORMAT, reseed: this.#reseedVersion, typescript: this.#typescriptVersion, source, inputs, value };
    const file = this.#path(key);
    const aside = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(aside, JSON.stringify(entry));
      renameSync(aside, file);
    } catch {
      // A read-only or full disk: the next run compiles again.
    }
  }

  #path(key: string): string {
    return path.join(this.dir, `${digestOf(key).slice(0, 32)}.json`);
  }
}

/** The version of the `typescript` package the loader would load, read from its package.json (without loading the compiler). */
function installedTypeScriptVersion(): string | undefined {
  try {
    const manifest = require.resolve('typescript/package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
