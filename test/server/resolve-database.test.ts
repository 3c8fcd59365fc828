import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { queryUrl } from '../support/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { targetUrl } from '../../src/connection/database-url';
import { FALLBACK_DATA_ROOT, resolveDatabase } from '../../src/server/resolve-database';
import { findPostgresBinaries, serverUserCanReach } from '../../src/server/postgres-binaries';
import { FALLBACK_BINARIES_ROOT } from '../../src/server/reachable-binaries';

const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-resolve-'));
chmodSync(root, 0o755);
const env = { RESEED_DATA_DIR: path.join(root, 'pgdata') };

async function scalar(url: string, sql: string): Promise<unknown> {
  const rows = await queryUrl(url, sql);
  return rows[0] ? Object.values(rows[0])[0] : undefined;
}

describe('resolveDatabase', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('uses DATABASE_URL when set and starts nothing', async () => {
    const db = await resolveDatabase({ env: { DATABASE_URL: 'postgres://app:s3cret@db.example:6543/shop' } });
    expect(db.embedded).toBeUndefined();
    expect(db.target).toMatchObject({ host: 'db.example', port: 6543, user: 'app', password: 's3cret', database: 'shop' });
    expect(targetUrl(db.target)).toBe('postgres://app:****@db.example:6543/shop');
  });

  it('starts a persistent embedded server without DATABASE_URL, and the next run reuses its data and port', async () => {
    const first = await resolveDatabase({ env, projectDir: root });
    expect(first.embedded?.startedHere).toBe(true);
    const url = targetUrl(first.target, { revealPassword: true });
    await scalar(url, 'CREATE TABLE kept (id int)');
    await first.close();
    expect(await first.embedded!.isRunning()).toBe(false);

    const second = await resolveDatabase({ env, projectDir: root });
    try {
      expect(second.target.port).toBe(first.target.port);
      expect(await scalar(targetUrl(second.target, { revealPassword: true }), "SELECT to_regclass('kept')::text")).toBe('kept');
    } finally {
      await second.close();
    }
  });

  it('leaves a server that was already running to its owner', async () => {
    const owner = await resolveDatabase({ env, projectDir: root });
    const guest = await resolveDatabase({ env, projectDir: root });
    expect(guest.embedded?.startedHere).toBe(false);
    await guest.close();
    expect(await owner.embedded!.isRunning()).toBe(true);
    await owner.close();
    expect(await owner.embedded!.isRunning()).toBe(false);
  });

  it('keeps the cluster under an ordinary project folder, also when root runs it', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'reseed-project-'));
    chmodSync(project, 0o755); // a clone made with the usual umask
    let fellBack = false;
    const db = await resolveDatabase({ env: {}, projectDir: project, onFallback: () => (fellBack = true) });
    try {
      expect(fellBack).toBe(false);
      expect(db.embedded!.dataDir).toBe(path.join(project, '.reseed', 'pgdata'));
    } finally {
      await db.embedded?.destroy();
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('keeps the cluster in a folder the postgres user can reach when the project is private to root', async ({ skip }) => {
    if (process.getuid?.() !== 0) skip('only root runs PostgreSQL as another OS user');
    const privateProject = mkdtempSync(path.join(os.tmpdir(), 'reseed-private-')); // mode 0700, like /root
    let told: string | undefined;
    const db = await resolveDatabase({ env: {}, projectDir: privateProject, onFallback: (dir) => (told = dir) });
    try {
      expect(told).toBeDefined();
      expect(db.embedded!.dataDir).toBe(told);
      expect(told!.startsWith(FALLBACK_DATA_ROOT)).toBe(true);
      expect(await scalar(targetUrl(db.target, { revealPassword: true }), 'SELECT 1')).toBe(1);
    } finally {
      await db.embedded?.destroy();
      rmSync(path.dirname(told ?? privateProject), { recursive: true, force: true });
      rmSync(privateProject, { recursive: true, force: true });
    }
  });

  it('runs binaries the postgres user cannot reach (installed inside a folder private to root) from a copy it can, and says so', async ({ skip }) => {
    if (process.getuid?.() !== 0) skip('only root runs PostgreSQL as another OS user');
    // npm ci in /root/project: node_modules, and the binaries in it, are under a 0700 folder.
    const privateProject = mkdtempSync(path.join(os.tmpdir(), 'reseed-private-bins-'));
    const installation = path.dirname(findPostgresBinaries().binDir);
    cpSync(installation, path.join(privateProject, 'node_modules', 'native'), { recursive: true, verbatimSymlinks: true });
    const privateBins = path.join(privateProject, 'node_modules', 'native', 'bin');
    expect(serverUserCanReach(privateBins)).toBe(false);
    let copied: { from: string; to: string } | undefined;
    let fallback: string | undefined;
    const db = await resolveDatabase({
      env: {},
      projectDir: privateProject,
      binDir: privateBins,
      onFallback: (dir) => (fallback = dir),
      onBinariesCopied: (from, to) => (copied = { from, to }),
    });
    try {
      expect(copied?.from).toBe(path.dirname(privateBins));
      expect(copied!.to.startsWith(FALLBACK_BINARIES_ROOT)).toBe(true);
      expect(serverUserCanReach(path.join(copied!.to, 'bin'))).toBe(true);
      expect(await scalar(targetUrl(db.target, { revealPassword: true }), 'SELECT 1')).toBe(1);
    } finally {
      await db.embedded?.destroy();
      if (fallback) rmSync(path.dirname(fallback), { recursive: true, force: true });
      if (copied) rmSync(copied.to, { recursive: true, force: true });
      rmSync(privateProject, { recursive: true, force: true });
    }
  });

  it('adopts a server whose starting process died (kill -9), and stops it at exit', async () => {
    const crashed = await resolveDatabase({ env, projectDir: root });
    expect(crashed.embedded?.startedHere).toBe(true);
    // The process that started it is gone without stopping it: its pid is no longer alive.
    const child = spawnSync(process.execPath, ['-e', 'process.pid']);
    writeFileSync(path.join(env.RESEED_DATA_DIR, 'reseed-owner'), String(child.pid));
    const next = await resolveDatabase({ env, projectDir: root });
    expect(next.embedded?.startedHere).toBe(true);
    await next.close();
    expect(await next.embedded!.isRunning()).toBe(false);
  });

  it('refuses a bad RESEED_EMBEDDED_PORT with a clear message', async () => {
    await expect(resolveDatabase({ env: { ...env, RESEED_EMBEDDED_PORT: '99999' }, projectDir: root })).rejects.toThrow(
      'RESEED_EMBEDDED_PORT is "99999": a port is 1-65535',
    );
  });
});
