import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkLoad } from '../../src/bulk-load/bulk-load';
import { EmbeddedRestartStrategy } from '../../src/restart/embedded-restart-strategy';
import { PromptRestartStrategy } from '../../src/restart/prompt-restart-strategy';
import { personWhoRestartsAtSecondEnter } from '../restart/restart-test-kit';
import { seed } from '../../src/seeding/seed';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { runCli, startCli } from '../cli/run-cli';
import { citusSkipReason, startCitusCluster, type CitusCluster, type CitusNode } from '../support/citus-cluster';
import { queryUrl, startPostgres } from '../support/postgres';
import { EXAMPLE_TABLES } from '../seeding/support/seeding-database';
import { CITUS_CONFIG_PATH, checksums, loadCitusConfig, misplacedRows, withCitusSchema } from './support/citus-seeding';

const COUNTS = { users: 300, posts: 900, comments: 3000, tags: 20, post_tags: 800, follows: 600 };
const SEED = 5;
/** The settings the fast profile changes on every node: restart ones and reload ones. */
const TUNED = ['shared_buffers', 'wal_level', 'max_wal_senders', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout'];
const skipReason = citusSkipReason();
if (skipReason) console.warn(`skipping Citus tuning tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('tuning a Citus cluster: every node tuned, restarted, verified and restored', { timeout: 300_000 }, () => {
  let cluster: CitusCluster;
  let reference: Record<string, string>;
  let stateRoot: string;
  const nodes = () => [cluster.coordinator, ...cluster.workers];

  /** Each node's tuned settings as pg_settings shows them (value and whether a restart is pending). */
  const settingsOf = async (node: CitusNode) =>
    Object.fromEntries(
      (await node.query<{ name: string; setting: string; pending: boolean }>('SELECT name, setting, pending_restart AS pending FROM pg_settings WHERE name = ANY($1) ORDER BY name', [TUNED])).map(
        (r) => [r.name, `${r.setting}${r.pending ? ' (pending)' : ''}`],
      ),
    );
  const everySetting = async () => Object.fromEntries(await Promise.all(nodes().map(async (n) => [n.name, await settingsOf(n)] as const)));
  const startTimes = async () => Promise.all(nodes().map(async (n) => (await n.query<{ t: string }>('SELECT pg_postmaster_start_time()::text AS t'))[0]!.t));
  const schemaObjects = async (url: string) =>
    (await queryUrl(url, `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)
       UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid::regclass::text = ANY($1) ORDER BY 1`, [EXAMPLE_TABLES])).map((r) => r.def as string);
  const counts = Object.entries(COUNTS).flatMap(([table, n]) => ['--count', `${table}=${n}`]);
  const env = (url: string, db: string) => ({ DATABASE_URL: url, RESEED_STATE_DIR: path.join(stateRoot, db) });
  const stateFiles = (db: string) => (existsSync(path.join(stateRoot, db)) ? readdirSync(path.join(stateRoot, db)).filter((f) => f.startsWith('tuning-state-')) : []);
  /** A database of the cluster with the Citus example schema and the ledger (reseed distributes it at the run). */
  const freshDatabase = async (db: string) => {
    const url = await cluster.newDatabase(db);
    await withCitusSchema(url, async () => undefined);
    return url;
  };

  beforeAll(async () => {
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'reseed-citus-tuning-'));
    const [c, single, config] = await Promise.all([startCitusCluster(), startPostgres(), loadCitusConfig()]);
    cluster = c;
    try {
      reference = await withCitusSchema(single.url, async (manager) => {
        await seed({ manager, config, counts: COUNTS, seed: SEED });
        return checksums(manager);
      });
    } finally {
      await single.dispose();
    }
  });
  afterAll(async () => {
    await cluster?.dispose();
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  });

  it('--tuning fast with a per-node --restart-command: every node tuned, restarted and verified, the single server\'s rows, every node put back', async () => {
    const url = await freshDatabase('tuned');
    const before = { settings: await everySetting(), objects: await schemaObjects(url), started: await startTimes() };
    const r = await runCli(
      ['--config', CITUS_CONFIG_PATH, '--seed', String(SEED), ...counts, '--tuning', 'fast', '--restart', 'command', '--restart-command', cluster.restartCommand],
      env(url, 'tuned'),
      { timeoutMs: 240_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const said = r.stdout + r.stderr;
    // Applied on each node, each node named.
    expect(said).toMatch(new RegExp(`Tuning fast on coordinator 127\\.0\\.0\\.1:${cluster.coordinator.port}: .*shared_buffers`));
    for (const w of cluster.workers) expect(said).toMatch(new RegExp(`Tuning fast on worker 127\\.0\\.0\\.1:${w.port}: .*wal_level`));
    expect(said).toMatch(/PostgreSQL must restart on worker .*, worker .*, coordinator /);
    expect(said).toMatch(/Restarted worker .*, worker .*, coordinator .*; the tuned settings are active on every node/);
    expect(said).toMatch(/Dropped \d+ secondary indexes and \d+ foreign keys/);
    expect(said).toMatch(/Restored \d+ settings on 3 nodes/);
    expect(said).toMatch(/PostgreSQL must restart again on worker .*, worker .*, coordinator /);
    expect(said).toMatch(/Restarted; the original settings are active on every node/);
    // The command ran once per node per restart, each filled with that node's data directory.
    const log = readFileSync(path.join(stateRoot, 'tuned', 'restart.log'), 'utf8');
    for (const node of ['coordinator', 'worker-1', 'worker-2']) expect(log.match(new RegExp(`-D \\S*/${node} `, 'g'))?.length, log).toBe(2);
    const after = await startTimes();
    for (let i = 0; i < after.length; i++) expect(after[i]).not.toBe(before.started[i]);

    const { sums, misplaced } = await withCitusSchema(url, async (manager) => ({ sums: await checksums(manager), misplaced: await misplacedRows(manager) }));
    expect(sums).toEqual(reference);
    expect(misplaced).toBe(0);
    expect(await everySetting()).toEqual(before.settings);
    expect(await schemaObjects(url)).toEqual(before.objects);
    expect(stateFiles('tuned')).toEqual([]);
  });

  it('a crash of reseed mid-load on a tuned, restarted cluster: `restore` puts every node back, restarting each', async () => {
    const url = await freshDatabase('crash');
    const before = { settings: await everySetting(), objects: await schemaObjects(url) };
    const rowsDone = async () => Number((await queryUrl(url, 'SELECT coalesce(sum(rows_done), 0)::int AS n FROM reseed_run_tables'))[0]!.n);
    const run = startCli(
      ['--config', CITUS_CONFIG_PATH, '--seed', String(SEED), ...counts, '--batch-size', '100', '--tuning', 'fast', '--restart-command', cluster.restartCommand],
      env(url, 'crash'),
      { timeoutMs: 240_000 },
    );
    const deadline = Date.now() + 180_000;
    while ((await rowsDone().catch(() => 0)) < 800) {
      if (Date.now() > deadline) throw new Error(`the load never got going: ${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    run.kill('SIGKILL');
    expect((await run.result).code).toBe(null);
    // Left tuned: every node runs the tuned values and has its own recorded state.
    const tuned = await everySetting();
    for (const node of nodes()) expect(tuned[node.name]!.wal_level).toBe('minimal');
    expect(stateFiles('crash')).toHaveLength(3);
    expect((await schemaObjects(url)).length).toBeLessThan(before.objects.length);

    const restore = await runCli(['restore', '--restart', 'command', '--restart-command', cluster.restartCommand], env(url, 'crash'), { timeoutMs: 240_000 });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored \d+ settings on 3 nodes, autovacuum on \d+ tables, \d+ indexes and \d+ foreign keys/);
    expect(restore.stdout).toMatch(/Restarted; the original settings are active on every node/);
    expect(await everySetting()).toEqual(before.settings);
    expect(await schemaObjects(url)).toEqual(before.objects);
    expect(stateFiles('crash')).toEqual([]);
    const again = await runCli(['restore'], env(url, 'crash'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to restore');

    // And the run resumes to the single server's rows.
    const resumed = await runCli(['--config', CITUS_CONFIG_PATH, '--resume', '--tuning', 'off'], env(url, 'crash'), { timeoutMs: 240_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await withCitusSchema(url, checksums)).toEqual(reference);
  });

  it('--restart exit: stops with code 75 naming every node and its command; --resume after the nodes restart finishes the single server\'s rows', async () => {
    const url = await freshDatabase('two_phase');
    const before = await everySetting();
    const first = await runCli(['--config', CITUS_CONFIG_PATH, '--seed', String(SEED), ...counts, '--tuning', 'fast', '--restart', 'exit'], env(url, 'two_phase'), { timeoutMs: 240_000 });
    expect(first.code, first.stderr).toBe(75);
    expect(first.stderr).toContain('restart each of these nodes of the Citus cluster:');
    for (const node of nodes()) {
      const label = `${node.role} 127.0.0.1:${node.port}`;
      expect(first.stderr).toMatch(new RegExp(`\\n    ${label}: .*pg_ctl'? restart -D \\S+ -m fast -w`));
    }
    const resume = /then resume with:\s+(npm run seed -- .+)/.exec(first.stderr)?.[1]?.trim();
    expect(resume).toBe(`npm run seed -- --resume --config ${CITUS_CONFIG_PATH}`);
    // Nobody restarted yet: written on every node, active on none.
    for (const [name, settings] of Object.entries(await everySetting())) expect(settings.wal_level, name).toBe('replica (pending)');

    for (const node of [...cluster.workers, cluster.coordinator]) await node.restart({ mode: 'fast' }); // the person restarts each node
    const second = await runCli(resume!.replace('npm run seed -- ', '').split(' '), env(url, 'two_phase'), { timeoutMs: 240_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/Resuming run/);
    expect(second.stderr.match(/A previous run left tuning "fast" \(\d+ settings?\)[^\n]* in place/g)).toHaveLength(3);
    expect(second.stderr).toMatch(/Restart PostgreSQL when convenient/);
    expect(await withCitusSchema(url, checksums)).toEqual(reference);

    for (const node of [...cluster.workers, cluster.coordinator]) await node.restart({ mode: 'fast' }); // the restart that finishes restoring
    expect(await everySetting()).toEqual(before);
    const restore = await runCli(['restore'], env(url, 'two_phase'));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('Nothing to restore');
  });

  it('Ctrl-C mid-load on a cluster tuned with reload settings: every node restored before exit 130', async () => {
    const url = await freshDatabase('ctrl_c');
    const before = await everySetting();
    const rowsDone = async () => Number((await queryUrl(url, 'SELECT coalesce(sum(rows_done), 0)::int AS n FROM reseed_run_tables'))[0]!.n);
    const run = startCli(['--config', CITUS_CONFIG_PATH, '--seed', String(SEED), ...counts, '--batch-size', '100', '--tuning', 'safe'], env(url, 'ctrl_c'), { timeoutMs: 120_000 });
    const deadline = Date.now() + 90_000;
    while ((await rowsDone().catch(() => 0)) < 800) {
      if (Date.now() > deadline) throw new Error(`the load never got going: ${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Tuned on every node while it loads.
    const during = await everySetting();
    for (const node of nodes()) expect(during[node.name]!.max_wal_size).not.toBe(before[node.name]!.max_wal_size);
    run.kill('SIGINT');
    const stopped = await run.result;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(await everySetting()).toEqual(before);
    expect(stateFiles('ctrl_c')).toEqual([]);
  });

  it('prompt: names every node that must restart, says which node still waits after an Enter without a restart, and verifies each once they have', async () => {
    const url = await freshDatabase('prompted');
    const before = await everySetting();
    const restartAll = async () => {
      for (const node of [...cluster.workers, cluster.coordinator]) await node.restart({ mode: 'fast' });
    };
    const person = personWhoRestartsAtSecondEnter(restartAll);
    const restorer = { shown: [] as string[], input: async (m: string) => (restorer.shown.push(m), await restartAll(), ''), confirm: async () => true };
    const notes: string[] = [];
    const folder = path.join(stateRoot, 'prompted');
    const result = await withCitusSchema(url, async (manager) =>
      bulkLoad({
        manager,
        config: await loadCitusConfig(),
        counts: COUNTS,
        seed: SEED,
        tuning: {
          profile: 'fast',
          openStore: (runner) => TuningStateStore.forServer(runner, { folder }),
          restart: new PromptRestartStrategy({ prompter: person }),
          prompter: person,
          restoreRestart: () => new PromptRestartStrategy({ prompter: restorer }),
          restorePrompter: restorer,
          onNote: (m) => notes.push(m),
        },
      }),
    );
    expect(person.shown).toHaveLength(2);
    expect(person.shown[0]).toMatch(/^3 nodes of the Citus cluster must restart for the new settings to take effect \(tuning\):\n/);
    for (const node of nodes()) expect(person.shown[0]).toContain(`  ${node.role} 127.0.0.1:${node.port} (`);
    expect(person.shown[0]).toMatch(/Press Enter once all have restarted$/);
    expect(person.asked[0]).toMatch(/^the server has not restarted: worker /);
    for (const node of nodes()) expect(person.asked[0]).toMatch(new RegExp(`${node.role} 127\\.0\\.0\\.1:${node.port}: shared_buffers is 32MB, expected \\S+ \\(restart pending\\); wal_level is replica, expected minimal \\(restart pending\\)`));
    expect(notes).toContain(`Restarted ${[...cluster.workers, cluster.coordinator].map((n) => `${n.role} 127.0.0.1:${n.port}`).join(', ')}; the tuned settings are active on every node`);
    expect(restorer.shown).toHaveLength(1);
    expect(restorer.shown[0]).toMatch(/must restart for the new settings to take effect \(restore the original settings\)/);
    expect(result.profile).toBe('fast');
    expect(result.restoreProblems).toEqual([]);
    expect(await withCitusSchema(url, checksums)).toEqual(reference);
    expect(await everySetting()).toEqual(before);
    expect(stateFiles('prompted')).toEqual([]);
  });

  it('a worker down at `restore`: named in one line, nothing changed on any node, exit 1; restore again once it is up puts every node back', async () => {
    const url = await freshDatabase('worker_down');
    const before = await everySetting();
    const rowsDone = async () => Number((await queryUrl(url, 'SELECT coalesce(sum(rows_done), 0)::int AS n FROM reseed_run_tables'))[0]!.n);
    const run = startCli(['--config', CITUS_CONFIG_PATH, '--seed', String(SEED), ...counts, '--batch-size', '100', '--tuning', 'safe'], env(url, 'worker_down'), { timeoutMs: 120_000 });
    const deadline = Date.now() + 90_000;
    while ((await rowsDone().catch(() => 0)) < 800) {
      if (Date.now() > deadline) throw new Error(`the load never got going: ${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    run.kill('SIGKILL');
    await run.result;
    const tuned = await everySetting();
    const down = cluster.workers[1]!;
    await down.stop('fast');
    try {
      const failed = await runCli(['restore'], env(url, 'worker_down'), { timeoutMs: 120_000 });
      expect(failed.code, failed.stderr).toBe(1);
      const lines = failed.stderr.trim().split('\n').filter((l) => l.startsWith('reseed:'));
      expect(lines, failed.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^reseed: .*Citus worker not reachable from the coordinator: 127\\.0\\.0\\.1:${down.port} `));
      expect(failed.stderr).not.toContain(`:${new URL(cluster.url).password}@`);
      expect(stateFiles('worker_down')).toHaveLength(3);
    } finally {
      await down.start();
    }
    expect(await everySetting()).toEqual(tuned);
    const restore = await runCli(['restore'], env(url, 'worker_down'), { timeoutMs: 120_000 });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored \d+ settings on 3 nodes/);
    expect(await everySetting()).toEqual(before);
    expect(stateFiles('worker_down')).toEqual([]);
  });

  it('refuses the embedded strategy on a cluster before any node is changed: one line', async () => {
    const url = await freshDatabase('embedded');
    const before = await everySetting();
    const folder = path.join(stateRoot, 'embedded');
    const error = await withCitusSchema(url, async (manager) =>
      bulkLoad({
        manager,
        config: await loadCitusConfig(),
        counts: COUNTS,
        seed: SEED,
        tuning: {
          profile: 'fast',
          openStore: (runner) => TuningStateStore.forServer(runner, { folder }),
          restart: new EmbeddedRestartStrategy({ server: { restart: async () => undefined } }),
        },
      }).then(
        () => undefined,
        (e: unknown) => e as Error,
      ),
    );
    expect(error?.message).toBe(
      'restart strategy embedded restarts the server reseed started itself, and a Citus cluster is never one: use restart strategy command (a command with {host}, {port} or {data_directory} per node), prompt, exit or skip',
    );
    expect(await everySetting()).toEqual(before);
    expect(stateFiles('embedded')).toEqual([]);
    expect(await queryUrl(url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }]);
  });

  it('an untuned load opens no connection to the workers: it seeds a cluster whose workers reseed cannot reach', async () => {
    const url = await freshDatabase('untuned');
    const folder = path.join(stateRoot, 'untuned');
    const sums = await withCitusSchema(url, async (manager) => {
      // Workers registered by names only the coordinator resolves, or a pg_hba open to the coordinator alone.
      const opened: string[] = [];
      manager.forNode = (host: string, port: number) => {
        opened.push(`${host}:${port}`);
        throw new Error(`worker ${host}:${port} is not reachable from here`);
      };
      const result = await bulkLoad({
        manager,
        config: await loadCitusConfig(),
        counts: COUNTS,
        seed: SEED,
        tuning: { profile: 'off', openStore: (runner) => TuningStateStore.forServer(runner, { folder }), restart: new EmbeddedRestartStrategy({ server: { restart: async () => undefined } }) },
      });
      expect(result.profile).toBe('off');
      expect(opened).toEqual([]);
      return checksums(manager);
    });
    expect(sums).toEqual(reference);
  });
});
