import { withReconnect, type DataSourceManager } from '../../connection';
import { ensureLedger } from '../ledger/ledger-schema';
import { planSeed } from '../plan-seed';
import type { PlanInput } from '../seed-options';
import { applyDistribution } from './apply-distribution';
import { distributionFromCluster, readCitusState } from './citus-state';

/** Options of {@link prepareCluster}. */
export interface PrepareClusterOptions {
  manager: DataSourceManager;
  /** The planning inputs; the config's distribution is in their config. */
  planInput: PlanInput;
  /** Check only (dry run): nothing is distributed. */
  checkOnly: boolean;
  signal?: AbortSignal;
  onNote(message: string): void;
}

/**
 * Before a run: on a Citus coordinator, the tables the cluster already
 * distributes join the config's distribution (so rows are placed by the
 * cluster's metadata when the config says nothing), and the tables that are
 * not placed yet are distributed (see applyDistribution). A worker is refused.
 * On a plain server nothing happens: the config's distribution still decides
 * placement, so the rows are the ones the cluster would get. Returns the
 * planning inputs to seed by (with the cluster's distribution when it adds to
 * the config's).
 */
export async function prepareCluster(options: PrepareClusterOptions): Promise<PlanInput> {
  const { manager, checkOnly, onNote } = options;
  const configured = options.planInput.config?.distribution;
  return withReconnect(
    manager,
    async (dataSource) => {
      let planInput = options.planInput;
      let plan = planSeed({ ...planInput, dataSource });
      const state = await readCitusState(dataSource, plan.tables.map((t) => t.table));
      if (!state.citus) {
        if (plan.distribution.length > 0) onNote('not a Citus cluster: the distribution only places rows (the same rows the cluster would get)');
        return planInput;
      }
      const fromCluster = distributionFromCluster(state, plan.tables.map((t) => t.table));
      const named = new Set(Object.keys(configured ?? {}).map((name) => plan.tables.find((t) => t.table === name || t.entityName === name)?.table ?? name));
      const added = Object.entries(fromCluster).filter(([table]) => !named.has(table));
      if (added.length > 0) {
        planInput = { ...planInput, distribution: { ...configured, ...Object.fromEntries(added) } };
        plan = planSeed({ ...planInput, dataSource });
        onNote(`Citus: seeding by the cluster's placement of ${added.map(([t]) => t).join(', ')}`);
      }
      if (checkOnly) return planInput;
      // The ledger first, so that it becomes Citus local tables along with the distribution.
      await ensureLedger(dataSource);
      const applied = await applyDistribution(dataSource, plan, state);
      if (applied.tables.length > 0) {
        const what = applied.tables.map((t) => {
          const d = plan.distribution.find((x) => x.table === t)!;
          return d.kind === 'reference' ? `${t} (reference)` : `${t} by ${d.column}`;
        });
        onNote(`Citus: distributed ${what.join(', ')}`);
      }
      return planInput;
    },
    { signal: options.signal },
  );
}
