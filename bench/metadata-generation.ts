import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TableShape } from '../src/seeding/columns/table-shape';
import { RowGenerator } from '../src/seeding/row-generator';
import type { SeedPlan } from '../src/seeding/seed-plan';
import { median } from './median';

/** Zoo counts times this: about 150k rows per config. */
const ZOO_SCALE = 60;
const NOTHING_TO_FILL: TableShape = { columns: [], foreignKeys: [], pairs: [], generatorLabels: [], defaultPaths: new Set() };

/**
 * Generation from metadata, in rows/s (medians of `reps`): the entity zoo
 * with no factory and with partial factories, and the cost of the metadata
 * pass on the default path (the example factories set every column): its
 * rate with the pass over the rate with no shape to fill, per repetition.
 */
export function metadataGenerationBench(plan: SeedPlan, reps: number): void {
  const zoo: { noFactory: number[]; partial: number[] } = { noFactory: [], partial: [] };
  const overhead: number[] = [];
  const bare = plan.tables.map((t) => ({ ...t, shape: NOTHING_TO_FILL }));
  for (let rep = 1; rep <= reps; rep++) {
    // reseed's TypeScript loader (decorator metadata) over tsx, which emits none.
    const register = path.join(__dirname, '..', 'src', 'loading', 'register.ts');
    const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '--require', register, path.join(__dirname, 'zoo-generation-child.ts'), String(ZOO_SCALE)], { encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { noFactory: { rowsPerSec: number }; partial: { rowsPerSec: number } };
    zoo.noFactory.push(result.noFactory.rowsPerSec);
    zoo.partial.push(result.partial.rowsPerSec);
    overhead.push(interleavedRatio(plan, bare));
    console.log(`  rep ${rep}: zoo no factory ${fmt(zoo.noFactory.at(-1)!)}  zoo partial ${fmt(zoo.partial.at(-1)!)} rows/s  example with/without metadata pass ${overhead.at(-1)!.toFixed(3)}x`);
  }
  console.log('\nmetadata-driven generation (medians)');
  console.log(`  zoo, no factory            ${fmt(median(zoo.noFactory))} rows/s (12 tables: relations, uuid and composite keys, join table, every column generated)`);
  console.log(`  zoo, partial factories     ${fmt(median(zoo.partial))} rows/s`);
  console.log(`  example path               ${median(overhead).toFixed(3)}x the rate without the metadata pass (1.000: no cost when factories set every column)`);
}

/**
 * Rate with the metadata pass over the rate without, timed batch by batch
 * in alternation (500 rows each): load on a shared machine hits both alike.
 */
function interleavedRatio(plan: SeedPlan, bare: SeedPlan['tables']): number {
  const withPass = new RowGenerator(plan.seed, plan.tables);
  const without = new RowGenerator(plan.seed, bare);
  let withMs = 0;
  let withoutMs = 0;
  for (const t of plan.tables) {
    for (let s = 0; s < t.count; s += INTERLEAVE_ROWS) {
      const n = Math.min(INTERLEAVE_ROWS, t.count - s);
      let started = performance.now();
      withPass.batch(t.table, s, n);
      withMs += performance.now() - started;
      started = performance.now();
      without.batch(t.table, s, n);
      withoutMs += performance.now() - started;
    }
  }
  return withoutMs / withMs;
}

const INTERLEAVE_ROWS = 500;

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(9);
}
