import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { TypeScriptLoader } from '../../src/loading/typescript-loader';
import { TypeScriptCache } from '../../src/loading/typescript-cache';

const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-ts-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity()
export class Member {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
}
`;

let app: string;
let entity: string;
let cacheDir: string;
beforeEach(() => {
  app = mkdtempSync(path.join(root, 'app-'));
  mkdirSync(path.join(app, 'node_modules'));
  mkdirSync(path.join(app, 'src'));
  writeFileSync(path.join(app, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', experimentalDecorators: true, emitDecoratorMetadata: true } }));
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { baseUrl: '.', paths: { '#src/*': ['src/*'] } } }));
  entity = path.join(app, 'src', 'member.ts');
  writeFileSync(entity, ENTITY);
  cacheDir = path.join(app, 'node_modules', '.cache', 'reseed', 'typescript');
});

/** A loader of the app with the real compiler, saying whether it loaded it. */
function loader(dir = app) {
  const used = { compiler: false };
  const load = () => ((used.compiler = true), require('typescript') as typeof import('typescript'));
  return { used, loader: new TypeScriptLoader(load, dir, undefined, TypeScriptCache.open(dir)) };
}

it("keeps a file's output and the project's paths in node_modules/.cache: the next run needs no compiler", () => {
  const first = loader();
  const code = first.loader.compile(ENTITY, entity);
  expect(first.used.compiler).toBe(true);
  expect(code).toContain('__metadata("design:type", String)');
  expect(readdirSync(cacheDir).length).toBeGreaterThanOrEqual(2);

  const second = loader();
  expect(second.loader.compile(ENTITY, entity)).toBe(code);
  expect(second.loader.compiled().projects).toContainEqual({ dir: app, baseUrl: app, paths: { '#src/*': ['src/*'] } });
  expect(second.used.compiler).toBe(false);
});

it("registers the paths of a file's tsconfig from the cache when the project folder is below it", () => {
  const src = path.join(app, 'src');
  const code = loader(src).loader.compile(ENTITY, entity);
  const second = loader(src);
  expect(second.loader.compile(ENTITY, entity)).toBe(code);
  expect(second.loader.compiled().projects).toContainEqual({ dir: app, baseUrl: app, paths: { '#src/*': ['src/*'] } });
  expect(second.used.compiler).toBe(false);
});

it('compiles again when the source, the tsconfig, a file it extends or the nearest tsconfig changes', () => {
  const code = loader().loader.compile(ENTITY, entity);

  const changed = `${ENTITY}export const added = 1;\n`;
  const afterSource = loader();
  expect(afterSource.loader.compile(changed, entity)).toContain('exports.added = 1');
  expect(afterSource.used.compiler).toBe(true);

  // The base the tsconfig extends: no decorator metadata any more.
  writeFileSync(path.join(app, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', experimentalDecorators: true } }));
  const afterBase = loader();
  const withoutMetadata = afterBase.loader.compile(ENTITY, entity);
  expect(afterBase.used.compiler).toBe(true);
  expect(withoutMetadata).not.toContain('__metadata');

  // The tsconfig itself.
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', experimentalDecorators: true, emitDecoratorMetadata: true } }));
  const afterConfig = loader();
  expect(afterConfig.loader.compile(ENTITY, entity)).toBe(code);
  expect(afterConfig.used.compiler).toBe(true);
  expect(afterConfig.loader.compiled().projects).toContainEqual({ dir: app });

  // A nearer tsconfig for the file's folder.
  writeFileSync(path.join(app, 'src', 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', experimentalDecorators: true } }));
  const afterNearer = loader();
  expect(afterNearer.loader.compile(ENTITY, entity)).not.toContain('__metadata');
  expect(afterNearer.used.compiler).toBe(true);

  // Nothing changed since: from the cache.
  const again = loader();
  expect(again.loader.compile(ENTITY, entity)).not.toContain('__metadata');
  expect(again.used.compiler).toBe(false);
});

it('compiles as before with a damaged entry or an unwritable cache, and RESEED_TS_CACHE=0 turns it off', () => {
  const code = loader().loader.compile(ENTITY, entity);
  for (const file of readdirSync(cacheDir)) writeFileSync(path.join(cacheDir, file), '{"format":1,');
  const damaged = loader();
  expect(damaged.loader.compile(ENTITY, entity)).toBe(code);
  expect(damaged.used.compiler).toBe(true);

  rmSync(path.join(app, 'node_modules', '.cache'), { recursive: true });
  // A file where the cache's folder would be: nothing can be written.
  writeFileSync(path.join(app, 'node_modules', '.cache'), '');
  const unwritable = loader();
  expect(unwritable.loader.compile(ENTITY, entity)).toBe(code);
  expect(unwritable.used.compiler).toBe(true);
  expect(loader().used.compiler).toBe(true);

  process.env.RESEED_TS_CACHE = '0';
  try {
    expect(TypeScriptCache.open(app)).toBeUndefined();
  } finally {
    delete process.env.RESEED_TS_CACHE;
  }
});
