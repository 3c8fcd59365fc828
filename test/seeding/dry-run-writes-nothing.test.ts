import { expect, it } from 'vitest';
import { exampleConfig } from '../../src/factories/example-config';
import { seed } from '../../src/seeding/seed';
import type { SeedProgressEvent } from '../../src/seeding/seed-progress-event';
import { rowCounts } from './support/seeding-database';
import { useServer } from '../support/use-server';

const db = useServer({ migrate: true, manager: true });
it('plans the medium preset in FK order and writes nothing on a dry run', async () => {
  const events: SeedProgressEvent[] = [];
  const report = await seed({ config: exampleConfig, manager: db.manager, preset: 'medium', dryRun: true, onProgress: (e) => events.push(e) });
  expect(report.dryRun).toBe(true);
  expect(report.runId).toBeUndefined();
  expect(events.map((e) => e.type)).toEqual(['plan']);
  const order = report.plan.tables.map((t) => t.table);
  expect(order.indexOf('users')).toBeLessThan(order.indexOf('posts'));
  expect(order.indexOf('posts')).toBeLessThan(order.indexOf('comments'));
  expect(order.indexOf('tags')).toBeLessThan(order.indexOf('post_tags'));
  expect(report.plan.totalRows).toBeGreaterThanOrEqual(100_000);
  expect(report.plan.estimatedBytes).toBeGreaterThan(report.plan.totalRows * 28);
  const query = (sql: string) => db.manager.dataSource.query(sql);
  expect(Object.values(await rowCounts(query))).toEqual([0, 0, 0, 0, 0, 0]);
  expect(await query('SELECT count(*)::int AS n FROM reseed_runs')).toEqual([{ n: 0 }]);
});
