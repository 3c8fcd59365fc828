import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import type * as TypeScript from 'typescript';
import { SeedInputError } from '../seeding/seed-input-error';
import { digestOf, TypeScriptCache, type CompileInputs } from './typescript-cache';

/** File endings the loader compiles. */
export const TYPESCRIPT_EXTENSIONS = ['.ts', '.cts', '.mts', '.tsx'] as const;

/**
 * Used when no tsconfig.json is found above a file: what a TypeORM project's
 * tsconfig says (legacy decorators with their metadata).
 */
const FALLBACK_OPTIONS = { target: 'ES2022', experimentalDecorators: true, emitDecoratorMetadata: true, esModuleInterop: true } as const;

type ExtensionHandler = (module: NodeJS.Module & { _compile(code: string, filename: string): void }, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, ExtensionHandler> })._extensions;

let registered: TypeScriptLoader | undefined;

/**
 * What a loader compiled, as plain data: enough for a worker thread to load
 * the same files without a TypeScript compiler of its own (about 50 MB per
 * thread, and its start-up).
 */
export interface CompiledTypeScript {
  /** Output per file, with a digest of the source it came from (a changed file is compiled again). */
  files: Record<string, { digest: string; code: string }>;
  /** Project folders whose tsconfig `paths` were looked at, with what they map (undefined: none). */
  projects: Array<{ dir: string; baseUrl?: string; paths?: Record<string, string[]> }>;
}

/** What the loader of this thread has compiled so far; undefined when no TypeScript was loaded. */
export function compiledTypeScript(): CompiledTypeScript | undefined {
  return registered?.compiled();
}

/**
 * Registers the loader with what another thread's loader compiled: a file
 * compiled there, and unchanged since, is not compiled again, and the
 * TypeScript compiler is loaded only for a file it did not compile.
 */
export function registerCompiledTypeScript(compiled: CompiledTypeScript, options: { projectDir?: string } = {}): TypeScriptLoader {
  const projectDir = options.projectDir ?? process.cwd();
  registered ??= new TypeScriptLoader(loadTypeScript, projectDir, compiled, TypeScriptCache.open(projectDir));
  return registered;
}

/**
 * Makes `require()` of a TypeScript file outside node_modules compile it with
 * the TypeScript compiler the app has installed, with the compiler options of
 * the nearest tsconfig.json (its `extends` followed), as `tsc` would emit it:
 * experimentalDecorators and emitDecoratorMetadata included, so a plain
 * `@Column() name: string` carries its type. Output is CommonJS whatever the
 * tsconfig's `module`; `paths` are honoured. Output is kept on disk (see
 * {@link TypeScriptCache}): a later run loads unchanged files without the
 * compiler. Idempotent; returns the loader.
 */
export function registerTypeScript(options: { projectDir?: string } = {}): TypeScriptLoader {
  const projectDir = options.projectDir ?? process.cwd();
  registered ??= new TypeScriptLoader(loadTypeScript, projectDir, undefined, TypeScriptCache.open(projectDir));
  return registered;
}

/** The app's `typescript` package (reseed's peer dependency), or one line saying how to get it. */
function loadTypeScript(): typeof TypeScript {
  try {
    return require('typescript') as typeof TypeScript;
  } catch (error) {
    throw new SeedInputError(
      'loading a TypeScript file needs the typescript package, which is not installed: `npm install -D typescript`, or point reseed at compiled JavaScript',
      { cause: error },
    );
  }
}

/** The require hook behind {@link registerTypeScript}: one compiler, compiler options cached per tsconfig. */
export class TypeScriptLoader {
  readonly #loadTs: () => typeof TypeScript;
  #tsModule: typeof TypeScript | undefined;
  readonly #optionsByDir = new Map<string, TypeScript.CompilerOptions>();
  readonly #optionsByConfig = new Map<string, TypeScript.CompilerOptions>();
  /** What the output of the files of a folder depends on besides their source (see CompileInputs). */
  readonly #inputsByDir = new Map<string, CompileInputs>();
  /** The files read to parse a tsconfig (itself and what it extends), with digests of what was read. */
  readonly #partsByConfig = new Map<string, CompileInputs['configParts']>();
  readonly #cache: TypeScriptCache | undefined;
  readonly #pathsRegistered = new Set<string>();
  readonly #files = new Map<string, { digest: string; code: string }>();
  readonly #projects: CompiledTypeScript['projects'] = [];

  /**
   * `loadTs` is called once, when a file first needs the compiler (never,
   * when `compiled` or the `cache` has every file and the project's paths).
   */
  constructor(loadTs: () => typeof TypeScript, projectDir: string, compiled?: CompiledTypeScript, cache?: TypeScriptCache) {
    this.#loadTs = loadTs;
    this.#cache = cache;
    process.setSourceMapsEnabled(true);
    for (const [file, output] of Object.entries(compiled?.files ?? {})) this.#files.set(file, output);
    for (const project of compiled?.projects ?? []) this.#applyPaths(project);
    for (const extension of TYPESCRIPT_EXTENSIONS) {
      const previous = extensions[extension] ?? extensions['.js']!;
      // Replaces, not chains, another TypeScript hook (tsx, ts-node): its output would have lost the metadata.
      extensions[extension] = (module, filename) => {
        if (filename.split(path.sep).includes('node_modules')) return previous(module, filename);
        module._compile(this.compile(readFileSync(filename, 'utf8'), filename), filename);
      };
    }
    this.#registerPaths(projectDir);
  }

  get #ts(): typeof TypeScript {
    this.#tsModule ??= this.#loadTs();
    return this.#tsModule;
  }

  /** The version of the TypeScript compiler in use. */
  get version(): string {
    return this.#ts.version;
  }

  /** What this loader compiled, for another thread's loader (see {@link registerCompiledTypeScript}). */
  compiled(): CompiledTypeScript {
    return { files: Object.fromEntries(this.#files), projects: [...this.#projects] };
  }

  /** CommonJS JavaScript for one file; a syntax error becomes a SeedInputError naming file, line and column. */
  compile(source: string, filename: string): string {
    const digest = digestOf(source);
    const known = this.#files.get(filename);
    if (known?.digest === digest) return known.code;
    const cache = this.#cache;
    let code = cache?.code(filename, digest);
    if (code === undefined) {
      code = this.#transpile(source, filename);
      cache?.storeCode(filename, digest, this.#inputsByDir.get(path.dirname(filename))!, code);
    } else {
      // As optionsFor would have: the `paths` of the tsconfig that applies to the file, before what it requires resolves.
      const configFile = cache!.nearestConfig(path.dirname(filename));
      if (configFile) this.#registerPaths(path.dirname(configFile));
    }
    this.#files.set(filename, { digest, code });
    return code;
  }

  #transpile(source: string, filename: string): string {
    const ts = this.#ts;
    const compilerOptions = this.optionsFor(filename);
    const output = ts.transpileModule(source, { fileName: filename, compilerOptions, reportDiagnostics: true });
    const syntax = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
    if (syntax) {
      const where = syntax.file && syntax.start !== undefined ? syntax.file.getLineAndCharacterOfPosition(syntax.start) : undefined;
      const at = where ? `:${where.line + 1}:${where.character + 1}` : '';
      throw new SeedInputError(`${filename}${at}: ${ts.flattenDiagnosticMessageText(syntax.messageText, ' ')} (TypeScript syntax error)`);
    }
    return output.outputText;
  }

  /** Compiler options of the nearest tsconfig.json above `filename`, made to emit CommonJS with an inline source map. */
  optionsFor(filename: string): TypeScript.CompilerOptions {
    const dir = path.dirname(filename);
    let options = this.#optionsByDir.get(dir);
    if (!options) {
      const configFile = this.#ts.findConfigFile(dir, this.#ts.sys.fileExists);
      options = { ...(configFile ? this.#readConfig(configFile) : this.#convert(FALLBACK_OPTIONS, dir)), ...this.#overrides() };
      this.#optionsByDir.set(dir, options);
      this.#inputsByDir.set(dir, { configFile: configFile ?? null, configParts: configFile ? this.#partsByConfig.get(configFile)! : [] });
      if (configFile) this.#registerPaths(path.dirname(configFile));
    }
    return options;
  }

  /** The compiler options of one tsconfig (its `extends` followed), once per file; its file list is never enumerated. */
  #readConfig(configFile: string): TypeScript.CompilerOptions {
    const cached = this.#optionsByConfig.get(configFile);
    if (cached) return cached;
    const ts = this.#ts;
    const parts: CompileInputs['configParts'] = [];
    this.#partsByConfig.set(configFile, parts);
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, undefined, {
      ...ts.sys,
      // Every file read (the tsconfig, what it extends) is what its options depend on, for the cache.
      readFile: (file: string) => {
        const text = ts.sys.readFile(file);
        if (text !== undefined) parts.push([file, digestOf(text)]);
        return text;
      },
      // Only the options matter: globbing `include` over the project would cost a second on a big app.
      readDirectory: () => [],
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new SeedInputError(`${configFile}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      },
    });
    const options = parsed?.options ?? {};
    this.#optionsByConfig.set(configFile, options);
    return options;
  }

  #convert(options: Record<string, unknown>, dir: string): TypeScript.CompilerOptions {
    return this.#ts.convertCompilerOptionsFromJson(options, dir).options;
  }

  #overrides(): TypeScript.CompilerOptions {
    const ts = this.#ts;
    return {
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      inlineSourceMap: true,
      inlineSources: false,
      sourceMap: false,
      declaration: false,
      declarationMap: false,
      composite: false,
      incremental: false,
      noEmit: false,
      emitDeclarationOnly: false,
      isolatedModules: true,
      verbatimModuleSyntax: false,
    };
  }

  /** tsconfig `paths` of the project in `dir`: mapped requests resolve as tsc resolves them. */
  #registerPaths(dir: string): void {
    if (this.#pathsRegistered.has(dir)) return;
    const cached = this.#cache?.project(dir);
    if (cached) return this.#applyPaths(cached);
    const configFile = this.#ts.findConfigFile(dir, this.#ts.sys.fileExists);
    const own = configFile !== undefined && path.dirname(configFile) === dir;
    const options = own ? this.#readConfig(configFile) : undefined;
    const baseUrl = options?.paths ? (options.baseUrl ?? (options.pathsBasePath as string | undefined) ?? dir) : undefined;
    const project = options?.paths ? { dir, baseUrl, paths: options.paths } : { dir };
    this.#cache?.storeProject(project, { configFile: configFile ?? null, configParts: own ? this.#partsByConfig.get(configFile)! : [] });
    this.#applyPaths(project);
  }

  /** Records a project folder as looked at, and registers its `paths` if it has any. */
  #applyPaths(project: CompiledTypeScript['projects'][number]): void {
    if (this.#pathsRegistered.has(project.dir)) return;
    this.#pathsRegistered.add(project.dir);
    this.#projects.push(project);
    if (!project.paths) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsconfigPaths = require('tsconfig-paths') as typeof import('tsconfig-paths');
    tsconfigPaths.register({ baseUrl: project.baseUrl!, paths: project.paths, addMatchAll: false });
  }
}
