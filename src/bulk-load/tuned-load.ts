import type { DataSource } from 'typeorm';
import { withReconnect, type DataSourceManager } from '../connection';
import { LIBRARY_HINT_WORDS, renderHint, type HintWords } from '../errors';
import { SILENT_LOGGER, type Logger } from '../logger';
import type { Prompter } from '../restart/prompter';
import type { RestartStrategy } from '../restart/restart-strategy';
import type { Queryable } from '../queryable';
import type { SeedHooks } from '../seeding/seed-options';
import { applyTuning } from '../tuning/apply-tuning';
import { chooseTuningProfile } from '../tuning/choose-tuning-profile';
import { dropIndexesAndForeignKeys } from '../tuning/drop-indexes-and-foreign-keys';
import { decideIndexDeferral, DEFAULT_DEFER_THRESHOLD, tablesNotAlterable, type DeferIndexChoice } from '../tuning/index-deferral';
import { recreateIndexesAndForeignKeys } from '../tuning/recreate-indexes-and-foreign-keys';
import { isTuningStateEmpty } from '../tuning/tuning-state';
import type { TuningStateStore } from '../tuning/tuning-state-store';
import { expectedSettings, tuningChecks, verifyTuning } from '../tuning/verify-tuning';
import type { TuningState } from '../tuning/tuning-state';
import { embeddedOnClusterError } from '../restart/embedded-restart-strategy';
import { forNode, onNode, openTuningNodes, serverOnly, type TuningNode, type TuningNodes } from './tuning-nodes';
import { inRestartOrder, restartClusterNodes, restartManagedServer, type NodeRestart } from './restart-managed-server';
import { restoreWithRestart } from './restore-with-restart';

/** How a bulk load tunes the server, restarts it and puts everything back. */
export interface BulkLoadTuningOptions {
  /**
   * Where the changed settings, indexes and FKs are recorded before they
   * change (a file and a table), opened on the database being loaded, e.g.
   * `(runner) => TuningStateStore.forServer(runner, { folder: '.reseed' })`.
   */
  openStore(runner: Queryable): Promise<TuningStateStore>;
  /**
   * 'off', 'safe', 'fast' or 'unsafe'. Default: the profile a previous run
   * left in place, else safe at or above `threshold` rows and off below it.
   */
  profile?: string;
  /** Rows from which the default profile is safe. Default: DEFAULT_TUNING_THRESHOLD (400,000). */
  threshold?: number;
  /** The unsafe profile (fsync and full_page_writes off) needs this. Default false. */
  allowUnsafe?: boolean;
  /** How the server is restarted when a tuned setting needs it (prompt, command, embedded, exit, skip). */
  restart: RestartStrategy;
  /**
   * The strategy for the restart that finishes a restore, built only when one
   * is due. Default: `restart`. The CLI's has no abort signal: a restore is
   * what Ctrl-C asks for.
   */
  restoreRestart?(): RestartStrategy;
  /** Asks whether to try a restart again when the values are still pending. Default: none (carries on untuned). */
  prompter?: Prompter;
  /** The prompter of the restore's restart. Default: `prompter`. */
  restorePrompter?: Prompter;
  /** Detail and warnings of the tuning steps. Default: silent. */
  logger?: Logger;
  /** One line for a person at each step (profile, restart, indexes dropped and rebuilt, restored). Default: none. */
  onNote?(message: string): void;
  /**
   * Drop the seeded tables' secondary indexes and FKs for the load and
   * rebuild them after, apart from the profile and with no restart: 'on',
   * 'off', or 'auto' (see {@link decideIndexDeferral}). Default 'auto'.
   */
  deferIndexes?: DeferIndexChoice;
  /** Whether the load goes into empty tables (a fresh or truncating run): what 'auto' deferral needs. Default false. */
  emptyTables?: boolean;
  /** How notes name options (`deferIndexes:` against the CLI's `--defer-indexes`). Default: LIBRARY_HINT_WORDS. */
  hintWords?: HintWords;
}

/** The tuning of one load: seed() hooks, and the restore that ends it. */
export interface TunedLoad {
  hooks: Required<SeedHooks>;
  /**
   * Puts every changed setting, autovacuum option, index and FK back (and
   * restarts again when one needs it); a no-op when nothing was tuned.
   * Resolves to what could not be restored.
   */
  restore(): Promise<string[]>;
  /** The profile that ran: 'off' until beforeLoad chose one. */
  profileName(): string;
}

/**
 * The tuning step of a bulk load, as seed() hooks: before the load, pick the
 * profile from the plan's rows, apply it (recording the originals first),
 * restart through the strategy when a setting needs it and verify the new
 * values, and drop secondary indexes and FKs for the fast profiles; after the
 * load, recreate them; at the end, {@link TunedLoad.restore} puts everything back.
 */
export function tunedLoad(manager: DataSourceManager, options: BulkLoadTuningOptions, signal?: AbortSignal): TunedLoad {
  /** Opened in beforeLoad, on the database being seeded: undefined until then (nothing tuned yet). */
  let store: TuningStateStore | undefined;
  const logger = options.logger ?? SILENT_LOGGER;
  const note = options.onNote ?? (() => undefined);
  const words = options.hintWords ?? LIBRARY_HINT_WORDS;
  let profile = 'off';
  let applied = false;
  /** Idempotent tuning steps, redone on a fresh connection when the server goes away mid-step. */
  const step = <T>(work: (runner: DataSource) => Promise<T>) => withReconnect(manager, work, { signal });
  /**
   * Drops secondary indexes and FKs for the load when {@link decideIndexDeferral} says so and the
   * role may alter every table; recorded in the tuning state first, so afterLoad, restore and a
   * resumed run rebuild them, on the reconnect path like every step. Needs no restart.
   */
  const deferIndexes = async (opened: TuningStateStore, profileDefers: boolean, tables: string[], rows: number): Promise<void> => {
    const decision = decideIndexDeferral({
      requested: options.deferIndexes ?? 'auto',
      rows,
      threshold: DEFAULT_DEFER_THRESHOLD,
      emptyTables: options.emptyTables ?? false,
      profileDefers,
    });
    if (!decision.defer) {
      logger.info(`indexes and FKs kept during the load: ${renderHint(decision.reason, words)}`);
      return;
    }
    const locked = await step((ds) => tablesNotAlterable(ds, tables));
    if (locked.length > 0) {
      note(`Indexes and FKs kept during the load: this role may not alter ${locked.join(', ')}`);
      return;
    }
    // Before the drop: a failure or Ctrl-C half-way through still gets them rebuilt by restore.
    applied = true;
    const dropped = await step((ds) => dropIndexesAndForeignKeys(ds, tables, { store: opened, profile, logger, signal }));
    note(`Dropped ${dropped.indexes.length} secondary indexes and ${dropped.constraints.length} foreign keys for the load (${renderHint(decision.reason, words)}; recorded, recreated afterwards)`);
  };

  /**
   * Picks the profile, applies it to every node (the coordinator's tables and session settings are the
   * load's; a worker gets its server settings), restarts the nodes that need it and verifies them, then
   * defers indexes through the coordinator (Citus carries the DDL to the shards).
   */
  const tuneNodes = async ({ nodes, cluster }: TuningNodes, rows: number, tables: string[]): Promise<void> => {
    const stores = new Map<TuningNode, TuningStateStore>();
    let inherited: TuningState | undefined;
    for (const node of nodes) {
      const opened = await onNode(node, (ds) => options.openStore(ds), signal);
      stores.set(node, opened);
      const leftover = await onNode(node, (ds) => opened.load(ds), signal);
      if (leftover && !isTuningStateEmpty(leftover)) {
        inherited ??= leftover;
        note(forNode(node, `A previous run left ${leftoverWords(leftover)} in place (${opened.file}); restored at the end`));
      }
    }
    const coordinator = nodes[0]!;
    const opened = stores.get(coordinator)!;
    store = opened;
    // A run that crashed or stopped for a restart left the server tuned: carry on with that profile
    // unless told otherwise, and restore it at the end whatever this run does.
    const chosen = chooseTuningProfile({ requested: options.profile ?? inherited?.profile, rows, threshold: options.threshold });
    // Picked by the load's size (nobody asked for tuning): a role without ALTER SYSTEM is no news worth a warning.
    const automatic = (options.profile ?? inherited?.profile) === undefined;
    profile = chosen.name;
    if (inherited) applied = true;
    if (chosen.name === 'off') {
      await deferIndexes(opened, chosen.dropIndexes, tables, rows);
      return;
    }
    if (cluster && options.restart.name === 'embedded') throw embeddedOnClusterError();
    // Before the call: a failure or Ctrl-C half-way through still gets restored.
    applied = true;
    const restarts: (NodeRestart & { state: TuningState })[] = [];
    for (const node of nodes) {
      const nodeStore = stores.get(node)!;
      const own = node === coordinator;
      const result = await onNode(
        node,
        (ds) => applyTuning(ds, { profile: chosen, store: nodeStore, tables: own ? tables : [], allowUnsafe: options.allowUnsafe, automatic, logger, signal }),
        signal,
      );
      // Its warnings reached the logger as they happened. A worker's session settings are nobody's: reseed's sessions are the coordinator's.
      const changed = [...result.reloadedSettings, ...result.pendingSettings, ...(own ? Object.keys(result.sessionSettings) : [])];
      const where = cluster ? ` on ${node.label}` : '';
      note(`Tuning ${chosen.name}${where}: ${changed.length ? changed.join(', ') : 'no setting changed'}${result.autovacuumOff.length ? `; autovacuum off on ${result.autovacuumOff.length} tables` : ''}`);
      if (own && Object.keys(result.sessionSettings).length) await manager.setSessionSettings(result.sessionSettings);
      if (result.restartNeeded) restarts.push({ node, pendingSettings: result.pendingSettings, verify: (runner) => verifyTuning(runner, result.state), state: result.state });
    }
    if (restarts.length > 0 && !cluster) {
      const [{ state, pendingSettings }] = restarts as [(typeof restarts)[number]];
      note(`PostgreSQL must restart for ${pendingSettings.join(', ')}`);
      const outcome = await restartManagedServer(manager, {
        strategy: options.restart,
        ...tuningChecks(state),
        pendingSettings,
        reconnect: () => manager.recreate('restarted for tuning', { expectedSettings: pick(expectedSettings(state), pendingSettings) }),
        prompter: options.prompter,
        logger,
        signal,
      });
      note(
        outcome.status === 'active'
          ? `Restarted; ${pendingSettings.join(', ')} now active`
          : outcome.status === 'skipped'
            ? `Restart skipped: ${pendingSettings.join(', ')} stay pending; loading with what is active`
            : `The server did not restart: ${pendingSettings.join(', ')} still pending; loading untuned for those`,
      );
    } else if (restarts.length > 0) {
      const ordered = inRestartOrder(restarts);
      const which = ordered.map((r) => `${r.node.label} (${r.pendingSettings.join(', ')})`).join(', ');
      note(`PostgreSQL must restart on ${which}`);
      const outcome = await restartClusterNodes(manager, ordered, {
        strategy: options.restart,
        reconnectReason: 'restarted for tuning',
        prompter: options.prompter,
        logger,
        signal,
      });
      const names = ordered.map((r) => r.node.label).join(', ');
      note(
        outcome.status === 'active'
          ? `Restarted ${names}; the tuned settings are active on every node`
          : outcome.status === 'skipped'
            ? `Restart skipped: the settings stay pending on ${names}; loading with what is active`
            : `Not every node restarted (${outcome.verification.summary}); loading untuned for those settings`,
      );
    }
    await deferIndexes(opened, chosen.dropIndexes, tables, rows);
  };

  return {
    profileName: () => profile,
    hooks: {
      async beforeLoad({ plan }) {
        // A first look on the load's own server: a load that will not tune (off, and no tuning left in
        // place here) needs no connection to a Citus cluster's workers, which reseed may not be able to
        // reach (registered by names only the coordinator resolves, pg_hba open to the coordinator only).
        const own = await step((ds) => options.openStore(ds));
        const left = await step((ds) => own.load(ds));
        const leftover = left !== undefined && !isTuningStateEmpty(left);
        const untuned = !leftover && chooseTuningProfile({ requested: options.profile, rows: plan.totalRows, threshold: options.threshold }).name === 'off';
        const cluster = untuned ? serverOnly(manager) : await openTuningNodes(manager, { signal });
        try {
          await tuneNodes(cluster, plan.totalRows, plan.tables.map((t) => t.table));
        } finally {
          await cluster.close();
        }
      },
      async afterLoad() {
        if (!applied || !store) return;
        const opened = store;
        // The rows are in: back to synchronous commits, so the rebuilt indexes and FKs are durable
        // before the tuning state forgets them (an asynchronous commit could vanish in a crash).
        await manager.setSessionSettings({});
        const created = await step((ds) => recreateIndexesAndForeignKeys(ds, { store: opened, logger, signal }));
        if (created.indexes.length || created.constraints.length) {
          note(`Recreated ${created.indexes.length} indexes and ${created.constraints.length} foreign keys`);
        }
      },
    },
    async restore() {
      if (!applied || !store) return [];
      applied = false;
      // No abort signal: restoring is what Ctrl-C asks for, so it must not be cut short by it.
      const result = await restoreWithRestart({
        manager,
        store,
        strategy: options.restoreRestart ?? (() => options.restart),
        prompter: options.restorePrompter ?? options.prompter,
        logger,
        note,
      });
      return result.problems;
    },
  };
}

function pick(settings: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([name]) => names.includes(name)));
}

/** What a tuning state still holds, in words: `tuning "fast" (3 settings), 1 dropped index and 1 dropped foreign key`. */
export function leftoverWords(state: TuningState): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts: string[] = [];
  if (state.settings.length > 0) parts.push(`tuning "${state.profile}" (${count(state.settings.length, 'setting', 'settings')})`);
  if (state.autovacuum.length > 0) parts.push(`autovacuum off on ${count(state.autovacuum.length, 'table', 'tables')}`);
  if (state.droppedIndexes.length > 0) parts.push(count(state.droppedIndexes.length, 'dropped index', 'dropped indexes'));
  if (state.droppedConstraints.length > 0) parts.push(count(state.droppedConstraints.length, 'dropped foreign key', 'dropped foreign keys'));
  if (parts.length === 0) return `tuning "${state.profile}"`;
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
