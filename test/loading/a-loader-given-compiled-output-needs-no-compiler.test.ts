import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { TypeScriptLoader, type CompiledTypeScript } from '../../src/loading/typescript-loader';

const APP = path.join(__dirname, 'fixtures', 'ts-app');
const MEMBER = path.join(APP, 'src', 'models', 'member.ts');

/** The real compiler, and whether it was asked for. */
function compiler() {
  const used = { loaded: false };
  return { used, load: () => ((used.loaded = true), require('typescript') as typeof import('typescript')) };
}

it("compiles a file once, and a loader given that output (a worker's) serves it and the project's paths without loading a compiler", () => {
  const main = compiler();
  const first = new TypeScriptLoader(main.load, APP);
  const source = readFileSync(MEMBER, 'utf8');
  const code = first.compile(source, MEMBER);
  // The decorator metadata tsc emits is there: this is the compiler's output, not the source.
  expect(code).toContain('__metadata("design:type"');
  const compiled: CompiledTypeScript = first.compiled();
  expect(compiled.files[MEMBER]!.code).toBe(code);
  expect(compiled.projects).toContainEqual({ dir: APP, baseUrl: APP, paths: { '#models/*': ['src/models/*'] } });

  const worker = compiler();
  const second = new TypeScriptLoader(worker.load, APP, structuredClone(compiled));
  expect(second.compile(source, MEMBER)).toBe(code);
  expect(worker.used.loaded).toBe(false);
});

it('compiles again, with the compiler, a file whose source changed since it was compiled', () => {
  const first = new TypeScriptLoader(compiler().load, APP);
  const source = readFileSync(MEMBER, 'utf8');
  first.compile(source, MEMBER);
  const worker = compiler();
  const second = new TypeScriptLoader(worker.load, APP, first.compiled());
  const changed = `${source}\nexport const added = 1;\n`;
  expect(second.compile(changed, MEMBER)).toContain('exports.added = 1');
  expect(worker.used.loaded).toBe(true);
});
