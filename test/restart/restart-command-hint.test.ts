import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { pgClientQueryable } from '../../src/queryable';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRestartCommand } from '../../src/restart/restart-command-hint';
import { readServerFacts } from '../../src/tuning/server-facts';
import { useServer } from '../support/use-server';

describe('the restart command reseed shows', () => {
  const ctx = useServer();

  it("is the running server's own pg_ctl on its data directory, as the OS user that owns it", async () => {
    const hint = describeRestartCommand(await readServerFacts(ctx.db.runner), { etcDir: ctx.tmp.file('no-etc') });
    expect(hint).toMatchObject({ kind: 'pg_ctl', local: true, dataDirectory: ctx.pg.dataDir });
    const owner = process.getuid?.() === 0 ? 'sudo -u postgres ' : '';
    expect(hint.command).toMatch(new RegExp(`^${owner}\\S*/bin/pg_ctl restart -D ${ctx.pg.dataDir} -m fast -w$`));
  });

  it('is pg_ctlcluster when a Debian cluster configuration names this data directory', async () => {
    const [{ major }] = await ctx.db.runner.query<{ major: number }>(`SELECT current_setting('server_version_num')::int / 10000 AS major`);
    const etc = ctx.tmp.file('etc-postgresql');
    for (const [cluster, dataDir] of [['other', '/var/lib/postgresql/other'], ['main', ctx.pg.dataDir!]]) {
      mkdirSync(path.join(etc, String(major), cluster), { recursive: true });
      writeFileSync(path.join(etc, String(major), cluster, 'postgresql.conf'), `port = 5432\ndata_directory = '${dataDir}'\n`);
    }
    const hint = describeRestartCommand(await readServerFacts(ctx.db.runner), { etcDir: etc });
    expect(hint).toMatchObject({ kind: 'pg_ctlcluster', command: `sudo pg_ctlcluster ${major} main restart` });
  });

  it('is pg_ctl for the server host when the server is not on this machine', async () => {
    const hint = describeRestartCommand(await readServerFacts(ctx.db.runner, { procRoot: ctx.tmp.file('no-proc') }), { procRoot: ctx.tmp.file('no-proc') });
    expect(hint).toMatchObject({ kind: 'pg_ctl', local: false, command: `pg_ctl restart -D ${ctx.pg.dataDir} -m fast -w` });
    expect(hint.explanation).toMatch(/server's host/);
  });

  it('is systemctl when the postmaster runs in a PostgreSQL systemd unit', async () => {
    // One connection, so the backend pid seen in SQL is the one the fake /proc describes.
    const client = new pg.Client({ connectionString: ctx.pg.url });
    await client.connect();
    try {
      const runner = pgClientQueryable(client);
      const [{ pid }] = await runner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const postmaster = Number(readFileSync(`${ctx.pg.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
      const proc = ctx.tmp.file('proc');
      for (const [p, status] of [[pid, `Name:\tpostgres\nPPid:\t${postmaster}\n`], [postmaster, 'Name:\tpostgres\nPPid:\t1\n']] as const) {
        mkdirSync(path.join(proc, String(p)), { recursive: true });
        writeFileSync(path.join(proc, String(p), 'status'), status);
      }
      writeFileSync(path.join(proc, String(postmaster), 'cgroup'), '0::/system.slice/postgresql@17-main.service\n');
      writeFileSync(path.join(proc, 'meminfo'), 'MemTotal:       16384000 kB\n');

      const hint = describeRestartCommand(await readServerFacts(runner, { procRoot: proc }), { procRoot: proc, etcDir: ctx.tmp.file('no-etc') });
      expect(hint).toMatchObject({ kind: 'systemctl', local: true, command: 'sudo systemctl restart postgresql@17-main.service' });
    } finally {
      await client.end();
    }
  });
});
