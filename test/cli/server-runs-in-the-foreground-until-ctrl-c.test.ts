import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startCli } from './run-cli';

const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-server-'));
chmodSync(root, 0o755);
const env = { RESEED_DATA_DIR: path.join(root, 'pgdata'), npm_lifecycle_event: 'db' };

afterAll(async () => {
  const { LocalPostgres } = await import('../../src/server/local-postgres');
  await (await LocalPostgres.open({ dataDir: env.RESEED_DATA_DIR }).catch(() => undefined))?.destroy();
  rmSync(root, { recursive: true, force: true });
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

it('keeps the embedded server running in the foreground until Ctrl-C, then stops it and exits 0', { timeout: 120_000 }, async () => {
  const server = startCli(['server'], env, { timeoutMs: 110_000 });
  let exited = false;
  void server.result.then(() => (exited = true));
  const portFile = path.join(env.RESEED_DATA_DIR, 'reseed-port');
  const port = async () => Number(readFileSync(portFile, 'utf8'));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !exited && !(await port().then(accepts, () => false))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // It used to say "Ctrl-C stops it" and exit within two seconds, leaving the server detached.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  expect(exited, server.stderr()).toBe(false);
  expect(await accepts(await port())).toBe(true);
  server.kill('SIGINT');
  const r = await server.result;
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('SIGINT: stopping the embedded PostgreSQL');
  expect(await accepts(await port())).toBe(false);
});
