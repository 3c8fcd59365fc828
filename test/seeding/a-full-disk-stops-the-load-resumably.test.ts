import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync, statSync, chownSync } from 'node:fs';
import path from 'node:path';
import { EntitySchema } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { classifyCliError } from '../../src/cli/cli-io';
import { ExitCode } from '../../src/cli/exit-codes';
import { defineFactory } from '../../src/seeding/define-factory';
import { defineConfig } from '../../src/seeding/reseed-config';
import { seed } from '../../src/seeding/seed';
import { ServerResourceError } from '../../src/seeding/server-resource-error';
import { restartSkipReason } from '../support/postgres';
import { useServer } from '../support/use-server';
import { migrate, openManager, tableChecksums, testDataSourceOptions } from './support/seeding-database';

interface DiskPost {
  id: number;
  title: string;
  body: string;
}

const DiskPostEntity = new EntitySchema<DiskPost>({
  name: 'DiskPost',
  tableName: 'disk_posts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    title: { type: 'varchar', length: 200 },
    body: { type: 'text' },
  },
});

const config = defineConfig({
  entities: [DiskPostEntity],
  // About 1.3 kB a row: 12,000 rows are some 16 MB, four times the disk.
  factories: [defineFactory(DiskPostEntity, (ctx) => ({ title: ctx.faker.lorem.sentence(), body: ctx.faker.lorem.paragraphs(4) }))],
});
const COUNTS = { disk_posts: 12_000 };
const DISK = '4m';

const server = useServer();

/** Why this machine cannot give PostgreSQL a small disk of its own (a tmpfs mounted as root), or undefined. */
function smallDiskSkipReason(): string | undefined {
  const external = restartSkipReason(server.pg);
  if (external) return external;
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs for the tablespace needs root';
  return undefined;
}

/** A database whose disk_posts lives on a tmpfs of DISK (its tablespace), or on the default disk; the ledger on the default one. */
async function database(name: string, tablespace?: string): Promise<string> {
  await server.pg.query(`CREATE DATABASE ${name}`);
  const url = server.pg.urlFor(name);
  await migrate(testDataSourceOptions(url, [DiskPostEntity]));
  const manager = await openManager(testDataSourceOptions(url, [DiskPostEntity]));
  try {
    await manager.dataSource.query(
      `CREATE TABLE disk_posts (id serial PRIMARY KEY, title varchar(200) NOT NULL, body text NOT NULL)${tablespace ? ` TABLESPACE ${tablespace}` : ''}`,
    );
  } finally {
    await manager.destroy();
  }
  return url;
}

describe('a disk that fills during the load', { timeout: 180_000 }, () => {
  it('stops with what ran out, where, and how much the rest needs; keeps every committed batch; the resume after freeing space gives the clean database', async (context) => {
    const skip = smallDiskSkipReason();
    if (skip) return context.skip(skip);
    // The server's own OS user owns the tablespace folder (PostgreSQL refuses to run as root).
    const owner = statSync(server.pg.dataDir!);
    const mountPoint = mkdtempSync(path.join('/var/tmp', 'reseed-small-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK}`, 'tmpfs', mountPoint]);
    try {
      chownSync(mountPoint, owner.uid, owner.gid);
      await server.pg.query(`CREATE TABLESPACE reseed_small LOCATION '${mountPoint}'`);
      const cleanUrl = await database('disk_clean');
      const fullUrl = await database('disk_full', 'reseed_small');

      const clean = await openManager(testDataSourceOptions(cleanUrl, [DiskPostEntity]));
      const expected = await seed({ manager: clean, config, counts: COUNTS, seed: 7, batchSize: 500 })
        .then(() => tableChecksums((sql) => clean.dataSource.query(sql), ['disk_posts']))
        .finally(() => clean.destroy());

      const manager = await openManager(testDataSourceOptions(fullUrl, [DiskPostEntity]));
      try {
        const error = await seed({ manager, config, counts: COUNTS, seed: 7, batchSize: 500 }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ServerResourceError);
        expect((error as ServerResourceError).sqlState).toBe('53100');
        const message = (error as Error).message;
        expect(message).toMatch(
          /^the database server is out of disk space: could not extend file "[^"]+"[^:]*: No space left on device \(writing disk_posts, rows [\d,]+-[\d,]+ of 12,000\); nothing of that batch was written; the [\d,]+ rows of disk_posts before it are kept and the run is resumable: free disk space on the database server \(the rest of the load needs about [\d.]+ MB for its rows, more with indexes\), then continue with mode: 'resume'$/,
        );
        expect(classifyCliError(error)).toMatchObject({ code: ExitCode.Failed, expected: true });

        // Every committed batch is there, whole; nothing of the refused one.
        const [ledger] = await manager.dataSource.query(`SELECT r.status, t.rows_done::int AS done FROM reseed_runs r JOIN reseed_run_tables t USING (run_id)`);
        const [{ n }] = await manager.dataSource.query(`SELECT count(*)::int AS n FROM disk_posts`);
        expect(ledger.status).toBe('interrupted');
        expect(n).toBe(ledger.done);
        expect(ledger.done % 500).toBe(0);
        expect(ledger.done).toBeGreaterThan(0);
        expect(ledger.done).toBeLessThan(12_000);
        const kept = Number(/the ([\d,]+) rows of disk_posts before it are kept/.exec(message)![1]!.replaceAll(',', ''));
        expect(kept).toBe(ledger.done);

        // Space freed (the table moved to the big disk): the resume completes the very same rows.
        await manager.dataSource.query(`ALTER TABLE disk_posts SET TABLESPACE pg_default`);
        await seed({ manager, config, mode: 'resume' });
        expect(await tableChecksums((sql) => manager.dataSource.query(sql), ['disk_posts'])).toEqual(expected);
      } finally {
        await manager.destroy();
      }
    } finally {
      await server.pg.query(`DROP DATABASE IF EXISTS disk_full`).catch(() => undefined);
      await server.pg.query(`DROP TABLESPACE IF EXISTS reseed_small`).catch(() => undefined);
      execFileSync('umount', ['-l', mountPoint]);
      rmdirSync(mountPoint);
    }
  });
});
