import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import type { DataSourceManager } from '../../../src/connection';
import type { ReseedConfig } from '../../../src/seeding/reseed-config';
import { seed } from '../../../src/seeding/seed';
import type { SeedProgressEvent } from '../../../src/seeding/seed-progress-event';
import { tableChecksums } from '../support/seeding-database';
import { useServer } from '../../support/use-server';
import { fullConfig, noFactoryConfig, partialConfig, ZOO_COUNTS } from './zoo-configs';
import { createZooDatabase, foreignKeyReport, zooCounts } from './zoo-database';
import { Team, ZOO_TABLES } from './zoo-entities';
import { defineConfig } from '../../../src/seeding/reseed-config';

const server = useServer();
let databases = 0;

/** Seeds a fresh zoo database with `config`; returns what the checks need. */
async function seedZoo(config: ReseedConfig, options: { seed?: number; batchSize?: number } = {}) {
  const manager: DataSourceManager = await createZooDatabase(server.pg, `zoo_${++databases}`);
  const notes: string[] = [];
  try {
    await seed({ manager, config, counts: ZOO_COUNTS, seed: options.seed ?? 7, batchSize: options.batchSize, onProgress: (e: SeedProgressEvent) => e.type === 'note' && notes.push(e.message) });
    const query = (sql: string) => manager.dataSource.query(sql);
    return { query, notes, counts: await zooCounts(query), fks: await foreignKeyReport(query), sums: await tableChecksums(query, ZOO_TABLES), manager };
  } catch (error) {
    await manager.destroy();
    throw error;
  }
}

/** FKs that may hold NULLs, and how many: the tree's root, and the declared share of profiles without a country. */
function unexpectedNulls(fks: Record<string, { orphans: number; nulls: number }>, allowed: Record<string, (n: number) => boolean>): string[] {
  return Object.entries(fks)
    .filter(([name, { orphans, nulls }]) => orphans > 0 || (nulls > 0 && !(allowed[name]?.(nulls) ?? false)))
    .map(([name, r]) => `${name}: ${r.orphans} orphans, ${r.nulls} nulls`);
}

describe('with no factory at all', () => {
  it('fills every table to its count, every FK with an existing parent, and the join table with distinct pairs', async () => {
    const zoo = await seedZoo(noFactoryConfig);
    try {
      expect(zoo.counts).toEqual(ZOO_COUNTS);
      // Only the tree's first row has no parent: there is no earlier row.
      expect(unexpectedNulls(zoo.fks, { 'zoo_categories(parent_id)': (n) => n === 1 })).toEqual([]);
      expect(Object.keys(zoo.fks).length).toBeGreaterThanOrEqual(12);
      const [pairs] = await zoo.query(`SELECT count(DISTINCT (zoo_users_id, zoo_articles_id))::int AS n FROM zoo_users_favorites_zoo_articles`);
      expect(pairs!.n).toBe(ZOO_COUNTS.zoo_users_favorites_zoo_articles);
      // N links spread over the owners: every user has some.
      const [owners] = await zoo.query(`SELECT count(DISTINCT zoo_users_id)::int AS n FROM zoo_users_favorites_zoo_articles`);
      expect(owners!.n).toBe(ZOO_COUNTS.zoo_users);
      // One profile per user (OneToOne), one account per team (a PK that is a FK).
      const [profiles] = await zoo.query(`SELECT count(DISTINCT user_id)::int AS n FROM zoo_profiles`);
      expect(profiles!.n).toBe(ZOO_COUNTS.zoo_profiles);
      const [accounts] = await zoo.query(`SELECT count(DISTINCT team_id)::int AS n FROM zoo_team_accounts`);
      expect(accounts!.n).toBe(ZOO_COUNTS.zoo_team_accounts);
      // A tree: every parent is an earlier row.
      const [later] = await zoo.query(`SELECT count(*)::int AS n FROM zoo_categories WHERE parent_id >= id`);
      expect(later!.n).toBe(0);
      // Identity and bigserial keys: moved past the written ids, the app's next insert gets a free one.
      const [profile] = await zoo.query(
        `INSERT INTO zoo_profiles (user_id, address_street, address_city) SELECT id, 's', 'c' FROM zoo_users WHERE id NOT IN (SELECT user_id FROM zoo_profiles) LIMIT 1 RETURNING id`,
      );
      expect(profile!.id).toBe(ZOO_COUNTS.zoo_profiles + 1);
      const [office] = await zoo.query(`SELECT nextval(pg_get_serial_sequence('zoo_offices', 'id'))::int AS id`);
      expect(office!.id).toBe(ZOO_COUNTS.zoo_offices + 1);
    } finally {
      await zoo.manager.destroy();
    }
  });

  it('generates plausible values from column types and names, within their limits', async () => {
    const zoo = await seedZoo(noFactoryConfig);
    try {
      const [u] = await zoo.query(`SELECT count(*) FILTER (WHERE email ~ '^[a-z0-9.]+@example\\.(com|net|org)$')::int AS emails, count(DISTINCT username)::int AS usernames FROM zoo_users`);
      expect(u).toEqual({ emails: ZOO_COUNTS.zoo_users, usernames: ZOO_COUNTS.zoo_users });
      const [t] = await zoo.query(
        `SELECT count(*) FILTER (WHERE id::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')::int AS v4,
                max(length(name))::int AS name_len, count(DISTINCT plan)::int AS plans, max(budget)::float AS budget,
                count(*) FILTER (WHERE cardinality(lucky_numbers) BETWEEN 1 AND 3)::int AS arrays,
                count(*) FILTER (WHERE (meta::jsonb) ? 'note')::int AS simple_json, count(*) FILTER (WHERE settings ? 'score')::int AS jsonb
           FROM zoo_teams`,
      );
      expect(t!.v4).toBe(ZOO_COUNTS.zoo_teams);
      expect(t!.name_len).toBeLessThanOrEqual(40);
      expect(t!.plans).toBeGreaterThan(1);
      expect(t!.budget).toBeLessThan(1_000_000);
      expect([t!.arrays, t!.simple_json, t!.jsonb]).toEqual([ZOO_COUNTS.zoo_teams, ZOO_COUNTS.zoo_teams, ZOO_COUNTS.zoo_teams]);
      // Create/update dates: fixed reference, updated never before created.
      const [a] = await zoo.query(`SELECT count(*) FILTER (WHERE updated_at < created_at OR created_at > '2025-01-01')::int AS bad, count(DISTINCT author_id)::int AS authors FROM zoo_articles`);
      expect(a!.bad).toBe(0);
      expect(a!.authors).toBeGreaterThan(50);
      // Embedded columns, named by the naming strategy.
      const [p] = await zoo.query(`SELECT count(*) FILTER (WHERE address_street <> '' AND address_city <> '')::int AS addressed FROM zoo_profiles`);
      expect(p!.addressed).toBe(ZOO_COUNTS.zoo_profiles);
      // Single-table inheritance: every class's discriminator appears.
      const kinds = await zoo.query(`SELECT DISTINCT kind FROM zoo_media ORDER BY 1`);
      expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['Media', 'photo', 'video']);
      // Natural keys: unique by construction, within their length.
      const [c] = await zoo.query(`SELECT max(length(code))::int AS len FROM zoo_countries`);
      expect(c!.len).toBeLessThanOrEqual(12);
    } finally {
      await zoo.manager.destroy();
    }
  });

  it('gives the same checksum for the same seed, whatever the batch size, and different data for another seed', async () => {
    const a = await seedZoo(noFactoryConfig, { batchSize: 7 });
    const b = await seedZoo(noFactoryConfig);
    const c = await seedZoo(noFactoryConfig, { seed: 8 });
    try {
      expect(a.sums).toEqual(b.sums);
      expect(c.sums.zoo_users).not.toEqual(a.sums.zoo_users);
    } finally {
      await Promise.all([a.manager.destroy(), b.manager.destroy(), c.manager.destroy()]);
    }
  });

  it('says once per entity that its listeners and subscribers do not run, and once for a subscriber of every entity', async () => {
    const zoo = await seedZoo(noFactoryConfig);
    await zoo.manager.destroy();
    const said = zoo.notes.filter((n) => n.includes('ZooUser has @BeforeInsert hashPassword()'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/bulk inserts do not run entity listeners or subscribers/);
    expect(zoo.notes.filter((n) => n.startsWith('Article has subscriber ArticleSubscriber:'))).toHaveLength(1);
    expect(zoo.notes.filter((n) => n.startsWith('subscriber AuditSubscriber (every entity): bulk inserts do not run subscribers'))).toHaveLength(1);
  });
});

describe('with partial factories', () => {
  it('keeps what the factories set, fills the rest, and honours relation options and useDefaults', async () => {
    const zoo = await seedZoo(partialConfig);
    try {
      expect(zoo.counts).toEqual(ZOO_COUNTS);
      expect(unexpectedNulls(zoo.fks, { 'zoo_categories(parent_id)': (n) => n === 1, 'zoo_profiles(country_code)': (n) => n > 10 && n < 45 })).toEqual([]);
      const [u] = await zoo.query(`SELECT count(DISTINCT password)::int AS hashes, min(length(password))::int AS len FROM zoo_users`);
      expect(u).toEqual({ hashes: 1, len: 64 });
      const [a] = await zoo.query(`SELECT count(DISTINCT author_id)::int AS authors, count(*) FILTER (WHERE title = 'Article ' || id)::int AS titled FROM zoo_articles`);
      expect(a).toEqual({ authors: 7, titled: ZOO_COUNTS.zoo_articles });
      // Skewed: the most commented article gets far more than the average.
      const [top] = await zoo.query(`SELECT max(n)::int AS n FROM (SELECT count(*) AS n FROM zoo_comments GROUP BY article_id) x`);
      expect(top!.n).toBeGreaterThan(10 * (ZOO_COUNTS.zoo_comments / ZOO_COUNTS.zoo_articles));
      const [t] = await zoo.query(`SELECT count(*) FILTER (WHERE website IS NULL)::int AS defaulted, count(*) FILTER (WHERE plan = 'enterprise')::int AS enterprise FROM zoo_teams`);
      expect(t).toEqual({ defaulted: ZOO_COUNTS.zoo_teams, enterprise: 0 });
      const kinds = await zoo.query(`SELECT DISTINCT kind FROM zoo_media`);
      expect(kinds).toEqual([{ kind: 'video' }]);
    } finally {
      await zoo.manager.destroy();
    }
  });
});

describe('with full factories', () => {
  it('writes exactly what the factories return, relations given by property or key object included', async () => {
    const zoo = await seedZoo(fullConfig);
    try {
      expect(zoo.counts).toEqual(ZOO_COUNTS);
      expect(unexpectedNulls(zoo.fks, { 'zoo_categories(parent_id)': (n) => n === 1, 'zoo_profiles(country_code)': () => false })).toEqual([]);
      const [a] = await zoo.query(`SELECT count(DISTINCT author_id)::int AS authors FROM zoo_articles`);
      expect(a!.authors).toBe(ZOO_COUNTS.zoo_users);
      const [c] = await zoo.query(`SELECT count(DISTINCT author_id)::int AS authors, count(DISTINCT article_id)::int AS articles FROM zoo_comments`);
      expect(c).toEqual({ authors: 1, articles: ZOO_COUNTS.zoo_articles });
      const [t] = await zoo.query(`SELECT count(*) FILTER (WHERE settings->>'id' = id::text)::int AS own FROM zoo_teams`);
      expect(t!.own).toBe(ZOO_COUNTS.zoo_teams);
      const [o] = await zoo.query(`SELECT count(DISTINCT team_id)::int AS teams, min(country_code) AS country FROM zoo_offices`);
      expect(o).toEqual({ teams: 1, country: 'C1' });
    } finally {
      await zoo.manager.destroy();
    }
  });
});

describe('appending', () => {
  it('gives appended uuid rows new keys and unique values past the rows already there', async () => {
    const manager = await createZooDatabase(server.pg, 'zoo_append');
    try {
      const config = defineConfig({ entities: [Team] });
      await seed({ manager, config, counts: { zoo_teams: 25 }, seed: 4 });
      await seed({ manager, config, counts: { zoo_teams: 25 }, seed: 4, mode: 'append' });
      const [row] = await manager.dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, count(DISTINCT name)::int AS names FROM zoo_teams`);
      expect(row).toEqual({ n: 50, ids: 50, names: 50 });
    } finally {
      await manager.destroy();
    }
  });
});
