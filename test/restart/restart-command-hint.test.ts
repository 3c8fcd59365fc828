import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRestartCommand } from '../../src/restart/restart-command-hint';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { poolRunner, tempDir } from '../tuning/tuning-test-kit';

describe('the restart command reseed shows', () => {
  let server: TestPostgres;
  let db: ReturnType<typeof poolRunner>;
  let tmp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    server = await startPostgres();
    db = poolRunner(server.url);
    tmp = tempDir();
  });
  afterAll(async () => {
    await db?.end();
    await server?.dispose();
    tmp?.remove();
  });

  it("is the running server's own pg_ctl on its data directory, as the OS user that owns it", async () => {
    const hint = await describeRestartCommand(db.runner, { etcDir: tmp.file('no-etc') });
    expect(hint).toMatchObject({ kind: 'pg_ctl', local: true, dataDirectory: server.dataDir });
    const owner = process.getuid?.() === 0 ? 'sudo -u postgres ' : '';
    expect(hint.command).toMatch(new RegExp(`^${owner}\\S*/bin/pg_ctl restart -D ${server.dataDir} -m fast -w$`));
  });

  it('is pg_ctlcluster when a Debian cluster configuration names this data directory', async () => {
    const [{ major }] = await db.runner.query<{ major: number }>(`SELECT current_setting('server_version_num')::int / 10000 AS major`);
    const etc = tmp.file('etc-postgresql');
    for (const [cluster, dataDir] of [['other', '/var/lib/postgresql/other'], ['main', server.dataDir!]]) {
      mkdirSync(path.join(etc, String(major), cluster), { recursive: true });
      writeFileSync(path.join(etc, String(major), cluster, 'postgresql.conf'), `port = 5432\ndata_directory = '${dataDir}'\n`);
    }
    const hint = await describeRestartCommand(db.runner, { etcDir: etc });
    expect(hint).toMatchObject({ kind: 'pg_ctlcluster', command: `sudo pg_ctlcluster ${major} main restart` });
  });

  it('is pg_ctl for the server host when the server is not on this machine', async () => {
    const hint = await describeRestartCommand(db.runner, { procRoot: tmp.file('no-proc') });
    expect(hint).toMatchObject({ kind: 'pg_ctl', local: false, command: `pg_ctl restart -D ${server.dataDir} -m fast -w` });
    expect(hint.explanation).toMatch(/server's host/);
  });
});
