import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, testDataSourceOptions } from '../seeding/support/seeding-database';
import { startPostgres, type TestPostgres } from '../support/postgres';

const ROOT = path.resolve(__dirname, '..', '..');
const COUNTS = ['--count', 'users=6000', '--count', 'posts=12000', '--count', 'comments=12000', '--count', 'tags=40', '--count', 'post_tags=9000', '--count', 'follows=9000'];
const TABLES = ['users', 'posts', 'comments', 'tags', 'post_tags', 'follows'];

/** `npm run seed` in a real terminal (tmux) 80 columns wide: every bar fits, and redrawn bars leave nothing behind. */
describe('progress bars in an 80-column terminal', { timeout: 240_000 }, () => {
  let server: TestPostgres;
  let stateDir: string;
  const session = `reseed-bars-${process.pid}`;

  beforeAll(async () => {
    server = await startPostgres();
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'reseed-bars-'));
    await migrate(testDataSourceOptions(server.url));
  });
  afterAll(async () => {
    try {
      execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    await server?.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('draws one line per table, never wider than the terminal, and no stale copies in the scrollback', async () => {
    const env = `DATABASE_URL=${JSON.stringify(server.url)} RESEED_STATE_DIR=${JSON.stringify(stateDir)}`;
    const command = `cd ${JSON.stringify(ROOT)} && env ${env} npm run --silent seed -- ${COUNTS.join(' ')} --batch-size 250 --tuning off; echo "EXIT:$?"; sleep 600`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '80', '-y', '30', command]);
    execFileSync('tmux', ['set-option', '-t', session, 'history-limit', '5000']);
    // -J joins a line the terminal wrapped back into one, so a bar that did not fit shows as wider than 80.
    const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-', '-t', session], { encoding: 'utf8' });
    const deadline = Date.now() + 200_000;
    while (!/EXIT:\d+/.test(pane())) {
      if (Date.now() > deadline) throw new Error(`the run did not finish:\n${pane()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const lines = pane().split('\n');

    expect(lines.join('\n')).toContain('EXIT:0');
    const bars = lines.filter((l) => /\[[#-]+\]/.test(l));
    for (const bar of bars) expect(bar.length, bar).toBeLessThanOrEqual(80);
    for (const table of TABLES) expect(bars.filter((l) => l.startsWith(`${table} `)), table).toHaveLength(1);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
  });
});
