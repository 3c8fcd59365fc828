import { describe, expect, it } from 'vitest';
import { dropIndexesAndForeignKeys } from '../../src/tuning/drop-indexes-and-foreign-keys';
import { recreateIndexesAndForeignKeys } from '../../src/tuning/recreate-indexes-and-foreign-keys';
import { TuningError } from '../../src/tuning/tuning-error';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import type { TestPostgres } from '../support/postgres';
import { schemaSnapshot } from './tuning-test-kit';
import { useServer } from '../support/use-server';

describe('dropping indexes and foreign keys for a load', () => {
  const ctx = useServer({
    prepare: ({ pg: server }) =>
      server.query(`
        CREATE SCHEMA app;
        CREATE TABLE app.authors (id int PRIMARY KEY, email text UNIQUE, handle text);
        CREATE UNIQUE INDEX authors_handle_key ON app.authors (lower(handle));
        CREATE TABLE app."Books" (
          id int PRIMARY KEY,
          author_id int NOT NULL CONSTRAINT books_author_fk REFERENCES app.authors (id) ON DELETE CASCADE,
          title text, published date,
          CONSTRAINT books_title_check CHECK (title <> ''));
        CREATE INDEX books_author_idx ON app."Books" (author_id);
        CREATE INDEX books_recent_idx ON app."Books" (published DESC) WHERE published > '2020-01-01';
        CREATE INDEX "Books Title" ON app."Books" USING hash (title);
      `),
  });

  it('drops only secondary indexes and FKs, recording them first, and recreates them exactly', async () => {
    const before = await schemaSnapshotOf(ctx.pg);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });

    const dropped = await dropIndexesAndForeignKeys(ctx.db.runner, ['app.authors', 'app."Books"'], { store });

    expect(dropped.constraints.map((c) => c.name)).toEqual(['books_author_fk']);
    expect(dropped.constraints[0].definition).toBe('FOREIGN KEY (author_id) REFERENCES app.authors(id) ON DELETE CASCADE');
    expect(dropped.indexes.map((i) => i.name).sort()).toEqual(['app."Books Title"', 'app.books_author_idx', 'app.books_recent_idx']);
    expect(store.loadFile()?.droppedIndexes.length).toBe(3);
    const left = await ctx.pg.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'app' ORDER BY 1`);
    expect(left.map((r) => r.indexname)).toEqual(['Books_pkey', 'authors_email_key', 'authors_handle_key', 'authors_pkey']);
    const checks = await ctx.pg.query(`SELECT conname FROM pg_constraint WHERE conname = 'books_title_check'`);
    expect(checks).toHaveLength(1);

    const recreated = await recreateIndexesAndForeignKeys(ctx.db.runner, { store });
    expect(recreated.indexes.length).toBe(3);
    expect(recreated.constraints).toEqual(['books_author_fk']);
    expect(await schemaSnapshotOf(ctx.pg)).toEqual(before);
    expect(store.loadFile()?.droppedIndexes).toEqual([]);

    const again = await recreateIndexesAndForeignKeys(ctx.db.runner, { store });
    expect(again).toEqual({ indexes: [], constraints: [] });
  });

  it('names a table that does not exist', async () => {
    const store = new TuningStateStore({ file: ctx.tmp.file('other.json') });
    const error = await dropIndexesAndForeignKeys(ctx.db.runner, ['app.nope'], { store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TuningError);
    expect(error).toMatchObject({ code: 'RESEED_TUNING_UNKNOWN_TABLE', message: expect.stringContaining('"app.nope"') });
  });
});

async function schemaSnapshotOf(server: TestPostgres): Promise<unknown> {
  const indexes = await server.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'app' ORDER BY 1`);
  const constraints = await server.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'app'::regnamespace ORDER BY 1`,
  );
  return { indexes, constraints, public: await schemaSnapshot(server) };
}
