import 'reflect-metadata';
import { DataSource, EntitySchema } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { ReseedLedger1796100000000 } from '../../../migrations/1796100000000-reseed-ledger';
import { ReseedRunOwner1796150000000 } from '../../../migrations/1796150000000-reseed-run-owner';
import { defineFactory } from '../../../src/seeding/define-factory';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { seed } from '../../../src/seeding/seed';
import { SeedInputError } from '../../../src/seeding/seed-input-error';
import { useServer } from '../../support/use-server';
import { openManager } from '../support/seeding-database';
import { Article, ZooUser } from './zoo-entities';

/** A unique code of three characters: reseed's values for it (a word cut, then the row's ordinal) run out after 999 rows. */
const Sku = new EntitySchema<{ id: number; code: string }>({
  name: 'Sku',
  tableName: 'zoo_skus',
  columns: { id: { type: 'integer', primary: true, generated: 'increment' }, code: { type: 'varchar', length: 3, unique: true } },
});

/** Short columns whose cut values were no values of their kind: an email in 20 characters, a country in 2 or 3. */
const Contact = new EntitySchema<{ id: number; email: string; workEmail: string; country: string; homeCountry: string }>({
  name: 'Contact',
  tableName: 'zoo_contacts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    email: { type: 'varchar', length: 20 },
    workEmail: { type: 'varchar', length: 14, unique: true },
    country: { type: 'varchar', length: 2 },
    homeCountry: { type: 'varchar', length: 3 },
  },
});

/** Tables whose bare `name` names a company, a category, a product: not a person. */
const named = (name: string, tableName: string, unique: boolean) =>
  new EntitySchema<{ id: number; name: string }>({
    name,
    tableName,
    columns: { id: { type: 'integer', primary: true, generated: 'increment' }, name: { type: 'varchar', length: 120, unique } },
  });
const Company = named('Company', 'zoo_companies', false);
const Category = named('Category', 'zoo_categories', true);
const Product = named('Product', 'zoo_products', false);
const Person = named('Person', 'zoo_people', false);

const server = useServer();
const entities = [ZooUser, Article, Sku, Contact];
const namedEntities = [Company, Category, Product, Person];
const config = defineConfig({ entities, presets: { small: { zoo_users: 10, zoo_articles: 20, zoo_skus: 1200, zoo_contacts: 10 } } });
let manager: Awaited<ReturnType<typeof openManager>> | undefined;

async function open() {
  if (manager) return manager;
  await server.pg.query('CREATE DATABASE zoo_limits');
  const options = { type: 'postgres' as const, url: server.pg.urlFor('zoo_limits'), entities: [...entities, ...namedEntities], migrations: [ReseedLedger1796100000000, ReseedRunOwner1796150000000] };
  const ds = new DataSource({ ...options, synchronize: true });
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  manager = await openManager(options);
  return manager;
}

afterAll(async () => {
  await manager?.destroy();
});

const refusal = (counts: Record<string, number>) =>
  open().then((m) => seed({ manager: m, config, counts, dryRun: true }).then(() => undefined, (e: unknown) => e));

describe('counts past what the schema allows', () => {
  it('an explicit count past a short unique column: refused, --dry-run included, naming the property, its length and the rows that fit', async () => {
    const error = await refusal({ zoo_skus: 1000 });
    expect(error).toBeInstanceOf(SeedInputError);
    expect((error as Error).message).toBe(
      'too many rows for "zoo_skus": 1,000 asked, at most 999: Sku.code is unique and holds 3 characters: ' +
        "reseed's values for it run out after 999 rows (a factory value for it lifts that)",
    );
    // 999 fit, and load: every code distinct.
    const m = await open();
    await seed({ manager: m, config, counts: { zoo_users: 1, zoo_articles: 0, zoo_skus: 999 } });
    expect(await m.dataSource.query('SELECT count(DISTINCT code)::int AS n, max(length(code))::int AS longest FROM zoo_skus')).toEqual([{ n: 999, longest: 3 }]);
  });

  it('an explicit count of children whose required parent gets no rows: refused, naming the relation', async () => {
    const error = await refusal({ zoo_users: 0, zoo_articles: 5 });
    expect((error as Error).message).toBe('too many rows for "zoo_articles": 5 asked, at most 0: Article.author is required (NOT NULL) and zoo_users gets no rows');
  });

  it("a preset's count cut to what fits: planned as such and said in a note, not silently", async () => {
    const m = await open();
    const notes: string[] = [];
    let planned: Record<string, number> = {};
    await seed({
      manager: m,
      config,
      counts: { zoo_users: 0 },
      dryRun: true,
      onProgress: (e) => {
        if (e.type === 'note') notes.push(e.message);
        if (e.type === 'plan') planned = Object.fromEntries(e.plan.tables.map((t) => [t.table, t.count]));
      },
    });
    expect(planned).toMatchObject({ zoo_users: 0, zoo_articles: 0, zoo_skus: 999 });
    expect(notes).toEqual(
      expect.arrayContaining([
        'zoo_articles: 0 rows, not the 20 of the preset: Article.author is required (NOT NULL) and zoo_users gets no rows',
        "zoo_skus: 999 rows, not the 1,200 of the preset: Sku.code is unique and holds 3 characters: reseed's values for it run out after 999 rows (a factory value for it lifts that)",
      ]),
    );
  });

  it('a factory key that is no property of the entity (a typo) is named in a note, with the property it likely meant', async () => {
    const m = await open();
    const notes: string[] = [];
    const typo = defineConfig({ entities, factories: [defineFactory(ZooUser, () => ({ emial: 'a@b.io', nickname: 'x' }) as never)] });
    await seed({ manager: m, config: typo, counts: { zoo_users: 3, zoo_articles: 0, zoo_skus: 0 }, dryRun: true, onProgress: (e) => e.type === 'note' && notes.push(e.message) });
    expect(notes).toContain('the factory of ZooUser sets emial (email?), nickname, which are no properties of ZooUser: left out of the rows');
  });

  it('a short column gets a whole value of its kind, not a long one cut: emails that are emails, countries as ISO codes', async () => {
    const m = await open();
    await seed({ manager: m, config, counts: { zoo_users: 0, zoo_articles: 0, zoo_skus: 0, zoo_contacts: 2000 }, mode: 'truncate', confirm: async () => true });
    const [facts] = await m.dataSource.query(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE email ~ '^[a-z]+@ex\\.io$' AND length(email) <= 20)::int AS emails,
              count(*) FILTER (WHERE "workEmail" ~ '^[a-z]*[0-9]+@ex\\.io$')::int AS work,
              count(DISTINCT "workEmail")::int AS distinct_work,
              count(*) FILTER (WHERE country ~ '^[A-Z]{2}$')::int AS countries,
              count(*) FILTER (WHERE "homeCountry" ~ '^[A-Z]{3}$')::int AS home
         FROM zoo_contacts`,
    );
    expect(facts).toEqual({ n: 2000, emails: 2000, work: 2000, distinct_work: 2000, countries: 2000, home: 2000 });
  });

  it('a bare name column names what its table holds: companies get company names, categories words, products product names, people full names', async () => {
    const m = await open();
    await seed({ manager: m, config: defineConfig({ entities: namedEntities }), counts: { zoo_companies: 500, zoo_categories: 500, zoo_products: 500, zoo_people: 500 } });
    const share = async (table: string, pattern: string) => {
      const [row] = await m.dataSource.query(`SELECT count(*) FILTER (WHERE name ~ $1)::int AS matching, count(*)::int AS n FROM ${table}`, [pattern]);
      return `${row.matching}/${row.n}`;
    };
    // faker's company names: "Lastname LLC|Inc|Group|and Sons", "Lastname - Lastname", "Lastname, Lastname and Lastname".
    const companyName = '( LLC| Inc| Group| and Sons)$| - |, .+ and ';
    expect(await share('zoo_companies', companyName)).toBe('500/500');
    expect(await share('zoo_people', companyName)).toBe('0/500');
    // A unique category: a lorem word, with the row's ordinal past the first.
    expect(await share('zoo_categories', '^[a-z]+-[0-9]+$')).toBe('500/500');
    // faker's product names: adjective, material, product ("Handcrafted Granite Chair").
    expect(await share('zoo_products', '^[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+$')).toBe('500/500');
    expect(await share('zoo_people', '^[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+$')).not.toBe('500/500');
  });
});
