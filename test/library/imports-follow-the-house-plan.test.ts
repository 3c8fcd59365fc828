import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md's house plan as the import graph of src/ must show it: arrows
 * point down (cli -> bulk-load -> seeding / tuning / restart -> connection ->
 * the bottom floor of src/*.ts), restart and tuning do not import each other,
 * seeding imports neither, nothing imports cli. Each layer lists the layers
 * it may import besides itself.
 */
const ALLOWED: Record<string, readonly string[]> = {
  /** src/errors.ts, queryable.ts, logger.ts, sql-quote.ts, mask-url.ts, process-alive.ts, is-interactive.ts: the primitives. */
  bottom: [],
  connection: ['bottom'],
  server: ['connection', 'bottom'],
  tuning: ['connection', 'bottom'],
  restart: ['server', 'connection', 'bottom'],
  seeding: ['connection', 'bottom'],
  loading: ['seeding', 'connection', 'bottom'],
  'bulk-load': ['seeding', 'tuning', 'restart', 'server', 'connection', 'bottom'],
  /** The example application: entities, factories, example-schema.ts. */
  example: ['seeding', 'loading', 'connection', 'bottom', 'migrations'],
  cli: ['bulk-load', 'seeding', 'tuning', 'restart', 'loading', 'server', 'example', 'connection', 'bottom', 'migrations'],
  /** src/index.ts, the public API: anything but the CLI. */
  api: ['bulk-load', 'seeding', 'tuning', 'restart', 'loading', 'server', 'example', 'connection', 'bottom', 'migrations'],
};

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

function layerOf(file: string): string {
  const relative = path.relative(ROOT, file).split(path.sep);
  if (relative[0] === 'migrations') return 'migrations';
  if (relative[0] !== 'src') return `outside ${relative[0]}`;
  if (relative.length === 2) {
    if (relative[1] === 'index.ts') return 'api';
    if (relative[1] === 'example-schema.ts') return 'example';
    return 'bottom';
  }
  if (relative[1] === 'entities' || relative[1] === 'factories') return 'example';
  return relative[1]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** The file a relative specifier names: a .ts file, or a folder's index.ts. */
function resolveImport(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return base;
}

/** Every relative import, export-from, dynamic import() and require() of a file, comments aside. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g)) found.push(match[1]!);
  return found;
}

interface Edge {
  from: string;
  to: string;
  fromLayer: string;
  toLayer: string;
}

function importGraph(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    importsOf(file).map((specifier) => {
      const target = resolveImport(file, specifier);
      return { from: path.relative(ROOT, file), to: path.relative(ROOT, target), fromLayer: layerOf(file), toLayer: layerOf(target) };
    }),
  );
}

const against = (edge: Edge) => edge.fromLayer !== edge.toLayer && !(ALLOWED[edge.fromLayer] ?? []).includes(edge.toLayer);

describe('the import graph of src/', () => {
  const edges = importGraph();

  it('is read: every layer of the plan has files, and imports between layers are found', () => {
    const layers = new Set(sourceFiles(SRC).map(layerOf));
    for (const layer of ['bottom', 'connection', 'server', 'tuning', 'restart', 'seeding', 'cli', 'api', 'example']) expect(layers).toContain(layer);
    expect(edges.filter((e) => e.fromLayer === 'cli' && e.toLayer === 'seeding').length).toBeGreaterThan(0);
  });

  it('has no edge against the direction of the house plan', () => {
    expect(edges.filter(against).map((e) => `${e.from} -> ${e.to} (${e.fromLayer} may not import ${e.toLayer})`)).toEqual([]);
  });

  it('keeps restart and tuning apart, seeding free of both, and nothing outside cli importing cli', () => {
    const crossing = edges.filter(
      (e) =>
        (e.fromLayer === 'restart' && e.toLayer === 'tuning') ||
        (e.fromLayer === 'tuning' && e.toLayer === 'restart') ||
        (e.fromLayer === 'seeding' && (e.toLayer === 'tuning' || e.toLayer === 'restart')) ||
        (e.fromLayer !== 'cli' && e.toLayer === 'cli'),
    );
    expect(crossing.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('would catch a wrong-way import: the rules refuse seeding -> restart and connection -> seeding', () => {
    expect(against({ from: 'a', to: 'b', fromLayer: 'seeding', toLayer: 'restart' })).toBe(true);
    expect(against({ from: 'a', to: 'b', fromLayer: 'connection', toLayer: 'seeding' })).toBe(true);
    expect(against({ from: 'a', to: 'b', fromLayer: 'bulk-load', toLayer: 'cli' })).toBe(true);
    expect(importsOf(path.join(SRC, 'seeding', 'seed.ts')).length).toBeGreaterThan(0);
  });
});
