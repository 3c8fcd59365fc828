import { type DataSourceManager } from '../connection';
import { describeConnectionError } from '../connection/describe-connection-error';
import type { Prompter } from '../restart/prompter';
import type { RestartStrategy } from '../restart/restart-strategy';
import { emptyRestoreResult, restoreTuning, type RestoreResult } from '../tuning/restore-tuning';
import type { Logger } from '../logger';
import type { TuningStateStore } from '../tuning/tuning-state-store';
import { verifyRestored } from '../tuning/verify-restored';
import { inRestartOrder, restartClusterNodes, restartManagedServer } from './restart-managed-server';
import { forNode, onNode, openTuningNodes, type TuningNode } from './tuning-nodes';

/** Options of {@link restoreWithRestart}. */
export interface RestoreWithRestartOptions {
  manager: DataSourceManager;
  /**
   * The state of the manager's server. On a Citus coordinator each worker's
   * state is the one of the same folder and key for that worker
   * (TuningStateStore.forNode).
   */
  store: TuningStateStore;
  /** The strategy for the second restart, built only when one is due. */
  strategy(): RestartStrategy;
  prompter?: Prompter;
  logger: Logger;
  /** One line for the person. */
  note(message: string): void;
  signal?: AbortSignal;
}

/**
 * Restores every recorded setting, autovacuum option, index and FK, and when
 * a restored setting needs a restart, gets the server restarted through the
 * same strategies as the tuning restart (exit and skip only say so) and
 * verifies the original values are back. On a Citus coordinator it does so
 * on every node (the coordinator and each active worker, each from its own
 * recorded state); a worker it cannot reach is a problem, its state stays
 * recorded for the next restore. Shared by the end of a seed, Ctrl-C and
 * `reseed restore`. The caller reports `problems`; on a cluster a node's
 * settings and problems are named `<node>: <setting>`.
 */
export async function restoreWithRestart(options: RestoreWithRestartOptions): Promise<RestoreResult> {
  const { manager, store, logger, note, signal } = options;
  // The restart that finishes restoring is announced and carried out below: the library's reminder would say it twice.
  const quiet: Logger = { info: logger.info, warn: (m) => (m.startsWith('restart the server to finish restoring') ? logger.info(m) : logger.warn(m)) };
  const unreachable: string[] = [];
  const cluster = await openTuningNodes(manager, {
    signal,
    onUnreachable: (node, error) => unreachable.push(`${node.label}: not reachable (${describeConnectionError(error, node.manager.target)}); its tuning stays recorded, run restore again once it is up`),
  });
  try {
    const restored: { node: TuningNode; result: RestoreResult }[] = [];
    for (const node of cluster.nodes) {
      const nodeStore = node.manager === manager ? store : await onNode(node, (ds) => store.forNode(ds), signal);
      // The same reconnect path as the load: a restart or crash half-way through is waited out and the rest restored.
      restored.push({ node, result: await onNode(node, (ds) => restoreTuning(ds, { store: nodeStore, logger: quiet, signal }), signal) });
    }
    const result = mergeResults(restored);
    result.problems.push(...unreachable);
    if (unreachable.length > 0) result.nothingToRestore = false;
    if (result.nothingToRestore) return result;
    // Back to the server's defaults for whatever reseed still runs; a dead connection here changes nothing restored.
    await manager.setSessionSettings({}).catch(() => undefined);
    const anything = result.settingsRestored.length + result.tablesRestored.length + result.indexesRecreated.length + result.constraintsRecreated.length > 0;
    if (anything) note(
      `Restored ${result.settingsRestored.length} settings` +
        (cluster.cluster ? ` on ${restored.filter((r) => r.result.settingsRestored.length > 0).length} nodes` : '') +
        (result.tablesRestored.length ? `, autovacuum on ${result.tablesRestored.length} tables` : '') +
        (result.indexesRecreated.length || result.constraintsRecreated.length
          ? `, ${result.indexesRecreated.length} indexes and ${result.constraintsRecreated.length} foreign keys`
          : ''),
    );
    if (result.reloadNeeded) note('This role may not reload the configuration: a superuser must run SELECT pg_reload_conf()');
    if (!result.restartNeeded) return result;

    const pending = result.pendingSettings;
    const strategy = options.strategy();
    if (strategy.name === 'exit' || strategy.name === 'skip') {
      note(`Restart PostgreSQL when convenient: ${pending.join(', ')} go back to their original values then`);
      return result;
    }
    if (!cluster.cluster) {
      note(`PostgreSQL must restart again to bring back ${pending.join(', ')}`);
      const outcome = await restartManagedServer(manager, {
        strategy,
        pendingSettings: pending,
        reason: 'restore the original settings',
        reconnect: () => manager.recreate('restart after restoring settings'),
        verify: (runner) => verifyRestored(runner, pending),
        prompter: options.prompter,
        logger,
        signal,
      });
      note(
        outcome.status === 'active'
          ? 'Restarted; the original settings are active'
          : `The server has not restarted yet: ${pending.join(', ')} return to their original values at its next restart`,
      );
      return result;
    }
    const restarts = inRestartOrder(restored.filter((r) => r.result.restartNeeded))
      .map(({ node, result: r }) => ({ node, pendingSettings: r.pendingSettings, verify: (runner: Parameters<typeof verifyRestored>[0]) => verifyRestored(runner, r.pendingSettings) }));
    const settings = [...new Set(restarts.flatMap((r) => r.pendingSettings))].sort();
    note(`PostgreSQL must restart again on ${restarts.map((r) => r.node.label).join(', ')} to bring back ${settings.join(', ')}`);
    const outcome = await restartClusterNodes(manager, restarts, {
      strategy,
      reason: 'restore the original settings',
      reconnectReason: 'restart after restoring settings',
      prompter: options.prompter,
      logger,
      signal,
    });
    note(
      outcome.status === 'active'
        ? 'Restarted; the original settings are active on every node'
        : `Not every node has restarted yet (${outcome.verification.summary}): those settings return to their original values at the node's next restart`,
    );
    return result;
  } finally {
    await cluster.close();
  }
}

/** One result for every node: names and problems of a cluster's nodes prefixed with the node. */
function mergeResults(parts: readonly { node: TuningNode; result: RestoreResult }[]): RestoreResult {
  if (parts.length === 1) return parts[0]!.result;
  const merged = emptyRestoreResult();
  for (const { node, result } of parts) {
    const named = (list: readonly string[]) => list.map((x) => forNode(node, x));
    merged.nothingToRestore &&= result.nothingToRestore;
    merged.reloadNeeded ||= result.reloadNeeded;
    merged.restartNeeded ||= result.restartNeeded;
    merged.settingsRestored.push(...named(result.settingsRestored));
    merged.pendingSettings.push(...named(result.pendingSettings));
    merged.problems.push(...named(result.problems));
    // Tables, indexes and FKs are the coordinator's (Citus carries them to the shards): named as they are.
    merged.tablesRestored.push(...result.tablesRestored);
    merged.indexesRecreated.push(...result.indexesRecreated);
    merged.constraintsRecreated.push(...result.constraintsRecreated);
  }
  return merged;
}
