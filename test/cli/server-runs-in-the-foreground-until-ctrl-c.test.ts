import { afterAll, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for';
import { accepts, embeddedDataDir } from './embedded-data-dir';
import { startCli } from './run-cli';

const cluster = embeddedDataDir('reseed-server-');
const env = { RESEED_DATA_DIR: cluster.dataDir, npm_lifecycle_event: 'db' };

afterAll(() => cluster.remove());

it('keeps the embedded server running in the foreground until Ctrl-C, then stops it and exits 0', { timeout: 120_000 }, async () => {
  const server = startCli(['server'], env, { timeoutMs: 110_000 });
  let exited = false;
  void server.result.then(() => (exited = true));
  await waitFor('the embedded server to accept connections', async () => exited || (await accepts(cluster.port())), { timeoutMs: 90_000, everyMs: 200 });
  // It used to say "Ctrl-C stops it" and exit within two seconds, leaving the server detached.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  expect(exited, server.stderr()).toBe(false);
  expect(await accepts(cluster.port())).toBe(true);
  server.kill('SIGINT');
  const r = await server.result;
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('SIGINT: stopping the embedded PostgreSQL');
  expect(await accepts(cluster.port())).toBe(false);
});
