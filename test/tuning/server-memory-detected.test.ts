import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readServerFacts } from '../../src/tuning/server-facts';
import { readTuningPlan } from '../../src/tuning/read-tuning-plan';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { useServer } from '../support/use-server';

describe("the server's memory", () => {
  const ctx = useServer();

  it('is read from /proc when the server runs on this machine', async () => {
    const facts = await readServerFacts(ctx.db.runner);
    const memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    expect(facts.isLocal).toBe(true);
    expect(facts.postmasterPid).toBe(Number(readFileSync(`${ctx.pg.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]));
    expect(['proc-meminfo', 'cgroup']).toContain(facts.memorySource);
    expect(facts.totalMemoryBytes).toBeGreaterThan(0);
    expect(facts.totalMemoryBytes).toBeLessThanOrEqual(memTotalKb * 1024);
  });

  it('is unknown when the server is not on this machine, and the profile falls back to conservative sizes', async () => {
    const facts = await readServerFacts(ctx.db.runner, { procRoot: ctx.tmp.file('not-this-machine') });
    expect(facts).toMatchObject({ isLocal: false, totalMemoryBytes: undefined, memorySource: 'unknown' });
    const { plan } = await readTuningPlan(ctx.db.runner, TUNING_PROFILES.fast, { procRoot: ctx.tmp.file('not-this-machine') });
    expect(plan.changes.find((c) => c.name === 'maintenance_work_mem')?.to).toBe('256MB');
    expect(plan.changes.find((c) => c.name === 'shared_buffers')?.to).toBe('256MB');
  });

  it('can be given by the caller, who knows better (a container limit, a managed service)', async () => {
    const { plan, facts } = await readTuningPlan(ctx.db.runner, TUNING_PROFILES.safe, { totalMemoryBytes: 8 * 1024 ** 3 });
    expect(facts.memorySource).toBe('given');
    expect(plan.changes.find((c) => c.name === 'maintenance_work_mem')?.to).toBe('512MB');
  });
});
