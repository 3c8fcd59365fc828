import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_HINT_WORDS } from '../../src/cli/cli-hint-words';
import { CommandRestartStrategy } from '../../src/restart/command-restart-strategy';
import type { RestartError } from '../../src/restart/restart-error';
import { EmbeddedRestartStrategy } from '../../src/restart/embedded-restart-strategy';
import { ExitRestartStrategy } from '../../src/restart/exit-restart-strategy';
import { PromptRestartStrategy } from '../../src/restart/prompt-restart-strategy';
import { RestartExitRequested } from '../../src/restart/restart-exit-requested';
import type { RestartContext, RestartNode } from '../../src/restart/restart-strategy';
import { captureLogger } from '../tuning/tuning-test-kit';

// What each strategy does with the nodes of a Citus cluster (the real-cluster runs are in test/citus/tunes-every-node).
const NODES: RestartNode[] = [
  { role: 'worker', label: 'worker 10.0.0.2:5432', host: '10.0.0.2', port: 5432, dataDirectory: '/srv/pg/worker one', pendingSettings: ['shared_buffers'], hint: { kind: 'pg_ctl', command: 'pg_ctl restart -D /srv/pg/w1', dataDirectory: '/srv/pg/w1', local: false, explanation: '' } },
  { role: 'worker', label: 'worker 10.0.0.3:6432', host: '10.0.0.3', port: 6432, dataDirectory: '/srv/pg/w2', pendingSettings: ['shared_buffers', 'wal_level'], hint: undefined },
  { role: 'coordinator', label: 'coordinator 10.0.0.1:5432', host: '10.0.0.1', port: 5432, dataDirectory: '/srv/pg/c', pendingSettings: ['wal_level'], hint: { kind: 'pg_ctl', command: 'pg_ctl restart -D /srv/pg/c', dataDirectory: '/srv/pg/c', local: true, explanation: '' } },
];
const context = (nodes: RestartNode[] = NODES): RestartContext => ({ reason: 'tuning', pendingSettings: ['shared_buffers', 'wal_level'], nodes, logger: captureLogger() });

describe('restart strategies on a Citus cluster', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reseed-cluster-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('command: a command with placeholders runs once per node, in order, each value filled in and quoted for the shell', async () => {
    const out = path.join(dir, 'per-node.txt');
    const strategy = new CommandRestartStrategy({ command: `printf '%s|%s|%s|%s\\n' {role} {host} {port} {data_directory} >> ${out}`, logFile: path.join(dir, 'restart.log') });
    await strategy.restart(context());
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual([
      'worker|10.0.0.2|5432|/srv/pg/worker one',
      'worker|10.0.0.3|6432|/srv/pg/w2',
      'coordinator|10.0.0.1|5432|/srv/pg/c',
    ]);
    expect(readFileSync(path.join(dir, 'restart.log'), 'utf8')).toMatch(/reseed restart \(tuning, worker 10\.0\.0\.2:5432\)[\s\S]*\(tuning, coordinator 10\.0\.0\.1:5432\)/);
  });

  it('command: without a placeholder it runs once, as the command that restarts the whole cluster', async () => {
    const out = path.join(dir, 'once.txt');
    await new CommandRestartStrategy({ command: `echo all >> ${out}`, logFile: path.join(dir, 'restart.log') }).restart(context());
    expect(readFileSync(out, 'utf8')).toBe('all\n');
  });

  it('command: {data_directory} on a node that hides it is refused in one line, before anything runs', async () => {
    const out = path.join(dir, 'hidden.txt');
    const hidden = NODES.map((n, i) => (i === 1 ? { ...n, dataDirectory: undefined } : n));
    const strategy = new CommandRestartStrategy({ command: `echo {data_directory} >> ${out}`, logFile: path.join(dir, 'restart.log') });
    const refused = await strategy.restart(context(hidden)).then(() => undefined, (e: unknown) => e as RestartError);
    // In the library's words, and in the CLI's.
    expect(refused?.message).toMatch(/^command uses \{data_directory\}, but worker 10\.0\.0\.3:6432 does not show its data_directory to this role \(pg_read_all_settings\): use \{host\} and \{port\}, or a superuser$/);
    expect(refused?.describe(CLI_HINT_WORDS)).toMatch(/^--restart-command uses \{data_directory\}, but worker 10\.0\.0\.3:6432 does not show/);
    expect(readFileSync(out, 'utf8')).toBe('/srv/pg/worker one\n');
  });

  it('prompt: names each node that must restart, with its settings and its restart command', async () => {
    const shown: string[] = [];
    await new PromptRestartStrategy({ prompter: { input: async (m) => (shown.push(m), ''), confirm: async () => true } }).restart(context());
    expect(shown).toHaveLength(1);
    expect(shown[0]).toBe(
      '3 nodes of the Citus cluster must restart for the new settings to take effect (tuning):\n' +
        "  worker 10.0.0.2:5432 (shared_buffers): Restart it now on the server's host:\n    pg_ctl restart -D /srv/pg/w1\n" +
        '  worker 10.0.0.3:6432 (shared_buffers, wal_level): Restart it the way it is managed (reseed cannot tell how).\n' +
        '  coordinator 10.0.0.1:5432 (wal_level): Restart it now:\n    pg_ctl restart -D /srv/pg/c\n' +
        'Press Enter once all have restarted',
    );
  });

  it('exit: stops with every node and its command in the message', async () => {
    const stop = await new ExitRestartStrategy().restart(context()).catch((e: unknown) => e);
    expect(stop).toBeInstanceOf(RestartExitRequested);
    expect((stop as Error).message).toContain(
      'restart each of these nodes of the Citus cluster:\n    worker 10.0.0.2:5432: pg_ctl restart -D /srv/pg/w1\n    worker 10.0.0.3:6432: the way it is managed\n    coordinator 10.0.0.1:5432: pg_ctl restart -D /srv/pg/c\n  then resume with:',
    );
  });

  it('embedded: refused with the strategies that work on a cluster, and the server it holds is not restarted', async () => {
    let restarted = false;
    const strategy = new EmbeddedRestartStrategy({ server: { restart: async () => void (restarted = true) } });
    const refused = await strategy.restart(context()).then(() => undefined, (e: unknown) => e as RestartError);
    expect(refused?.message).toMatch(/^restart strategy embedded restarts the server reseed started itself, and a Citus cluster is never one: use restart strategy command \(a command with \{host\}/);
    expect(refused?.describe(CLI_HINT_WORDS)).toMatch(/^--restart embedded restarts the server reseed started itself, and a Citus cluster is never one: use --restart command \(a --restart-command with \{host\}/);
    expect(restarted).toBe(false);
  });
});
