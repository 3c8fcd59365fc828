import type { DataSourceManager } from '../connection';
import type { SettingsVerification } from '../connection/settings-verification';
import type { Queryable } from '../queryable';
import { restartAndVerify, type RestartAndVerifyOptions, type RestartOutcome } from '../restart/restart-and-verify';
import { describeRestartCommand, type RestartCommandHint } from '../restart/restart-command-hint';
import type { RestartNode } from '../restart/restart-strategy';
import { readServerFacts } from '../tuning/server-facts';
import type { TuningNode } from './tuning-nodes';

/**
 * restartAndVerify() for the manager's server: the restart command hint is
 * read from it, and when the manager's recreate() keeps a new DataSource
 * whose health check found the values off, that DataSource is checked.
 */
export async function restartManagedServer(
  manager: DataSourceManager,
  options: Omit<RestartAndVerifyOptions, 'current' | 'hint'>,
): Promise<RestartOutcome> {
  return restartAndVerify({ ...options, current: () => manager.ready(), hint: await restartHint(manager) });
}

/** One node of a cluster restart: its settings waiting for it, and how to check them afterwards. */
export interface NodeRestart {
  node: TuningNode;
  pendingSettings: readonly string[];
  /** Checks this node's settings on a connection to it after the restart (verifyTuning, verifyRestored). */
  verify(runner: Queryable): Promise<SettingsVerification>;
}

/**
 * restartAndVerify() for the nodes of a Citus cluster that must restart: the
 * strategy gets every node (the workers first, the coordinator last), each
 * with its settings and restart command hint; after it, every worker's
 * manager and then the coordinator's is rebuilt (the coordinator's health
 * check waits until every worker answers, and the coordinator's connections
 * to a restarted worker are dead anyway), and each node is verified on its
 * own connection. A node's settings are named `<node>: <setting>` in the
 * verification.
 */
export async function restartClusterNodes(
  coordinator: DataSourceManager,
  restarts: readonly NodeRestart[],
  options: Omit<RestartAndVerifyOptions, 'current' | 'hint' | 'nodes' | 'reconnect' | 'verify' | 'pendingSettings' | 'originalValues'> & { reconnectReason: string },
): Promise<RestartOutcome> {
  const ordered = inRestartOrder(restarts);
  const nodes: RestartNode[] = [];
  for (const r of ordered) {
    const facts = await readServerFacts(await r.node.manager.ready()).catch(() => undefined);
    nodes.push({
      role: r.node.role === 'worker' ? 'worker' : 'coordinator',
      label: r.node.label,
      host: r.node.host,
      port: r.node.port,
      dataDirectory: facts?.dataDirectory,
      pendingSettings: r.pendingSettings,
      hint: facts && describeRestartCommand(facts),
    });
  }
  const workers = [...new Set(ordered.map((r) => r.node).filter((n) => n.role === 'worker'))];
  return restartAndVerify({
    ...options,
    nodes,
    pendingSettings: [...new Set(ordered.flatMap((r) => r.pendingSettings))],
    current: () => coordinator.ready(),
    reconnect: async () => {
      for (const w of workers) await w.manager.recreate(options.reconnectReason, { signal: options.signal });
      return coordinator.recreate(options.reconnectReason, { signal: options.signal });
    },
    verify: async () => {
      const parts: { label: string; verification: SettingsVerification }[] = [];
      for (const r of ordered) parts.push({ label: r.node.label, verification: await r.verify(await r.node.manager.ready()) });
      return mergeVerifications(parts);
    },
  });
}

/** The order nodes restart in: the workers, then the coordinator (which then finds every worker up). */
export function inRestartOrder<T extends { node: TuningNode }>(restarts: readonly T[]): T[] {
  return [...restarts.filter((r) => r.node.role === 'worker'), ...restarts.filter((r) => r.node.role !== 'worker')];
}

/** One verification of several nodes: each setting named `<node>: <setting>`. */
function mergeVerifications(parts: readonly { label: string; verification: SettingsVerification }[]): SettingsVerification {
  const merged: SettingsVerification = { ok: true, settings: {}, stillPending: [], mismatched: [], summary: '' };
  for (const { label, verification } of parts) {
    merged.ok &&= verification.ok;
    for (const [name, v] of Object.entries(verification.settings)) merged.settings[`${label}: ${name}`] = v;
    merged.stillPending.push(...verification.stillPending.map((n) => `${label}: ${n}`));
    merged.mismatched.push(...verification.mismatched.map((n) => `${label}: ${n}`));
  }
  merged.summary = parts
    .filter((p) => merged.ok || !p.verification.ok)
    .map((p) => `${p.label}: ${p.verification.summary}`)
    .join('; ');
  return merged;
}

/** How to restart this server, when reseed can tell; undefined when it cannot. */
async function restartHint(manager: DataSourceManager): Promise<RestartCommandHint | undefined> {
  return readServerFacts(await manager.ready())
    .then((facts) => describeRestartCommand(facts))
    .catch(() => undefined);
}
