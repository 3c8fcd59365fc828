import { createHash } from 'node:crypto';
import { defineFactory } from '../../../src/seeding/define-factory';
import { defineJoinFactory } from '../../../src/seeding/define-join-factory';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { Article, ArticleComment, Category, Country, Membership, Office, Profile, Team, TeamAccount, TeamPlan, Video, ZooUser, zooEntities } from './zoo-entities';

/** Rows per table of the zoo tests: the join table and the pairs close to their limits. */
export const ZOO_COUNTS = {
  zoo_users: 120,
  zoo_articles: 300,
  zoo_comments: 500,
  zoo_teams: 30,
  zoo_memberships: 400,
  zoo_countries: 20,
  zoo_profiles: 100,
  zoo_team_accounts: 30,
  zoo_categories: 60,
  zoo_offices: 90,
  zoo_media: 80,
  zoo_users_favorites_zoo_articles: 700,
};

/** No factory at all: every table from metadata. */
export const noFactoryConfig = defineConfig({ entities: zooEntities });

/** Factories that set a few columns each and leave the rest (relations included) to reseed. */
export const partialConfig = defineConfig({
  entities: zooEntities,
  prepare: () => ({ passwordHash: createHash('sha256').update('zoo-password').digest('hex') }),
  factories: [
    defineFactory(ZooUser, (ctx) => ({ password: String(ctx.prepared.passwordHash), bio: ctx.faker.lorem.sentence() })),
    // author by relation property, the id from ref(): typed number.
    defineFactory(Article, (ctx) => ({ title: `Article ${ctx.id}`, author: { id: ctx.ref(ZooUser).id(ctx.index % 7) } })),
    defineFactory(ArticleComment, () => ({}), { relations: { article: { skew: 1.1 } } }),
    defineFactory(Team, (ctx) => ({ plan: ctx.random.pick([TeamPlan.Free, TeamPlan.Pro]) }), { useDefaults: ['website'] }),
    defineFactory(Category, (ctx) => ({ name: `category ${ctx.index}` })),
    defineFactory(Profile, () => ({}), { relations: { country: { nullRatio: 0.25 } } }),
    defineFactory(Video, (ctx) => ({ seconds: ctx.random.int(10, 600) })),
    defineJoinFactory(ZooUser, 'favorites', { skew: 1 }),
  ],
});

const NOW = Date.UTC(2025, 0, 1);

/** Factories that set every column and relation themselves (by relation property, by key object). */
export const fullConfig = defineConfig({
  entities: zooEntities,
  factories: [
    defineFactory(ZooUser, (ctx) => ({ email: `user${ctx.id}@zoo.test`, username: `user${ctx.id}`, bio: 'bio', image: null, password: 'x' })),
    defineFactory(Article, (ctx) => ({
      slug: `article-${ctx.id}`,
      title: 'Title',
      description: 'd',
      body: 'b',
      tagList: ['a', 'b'],
      favoriteCount: 0,
      createdAt: new Date(NOW),
      updatedAt: new Date(NOW),
      author: ctx.ref(ZooUser).id(ctx.index % ctx.ref(ZooUser).count),
    })),
    defineFactory(ArticleComment, (ctx) => ({
      body: 'c',
      article: { id: ctx.ref(Article).id(ctx.index % ctx.ref(Article).count) },
      author: ctx.ref(ZooUser).id(0),
      createdAt: new Date(NOW),
    })),
    defineFactory(Team, (ctx) => ({
      // ctx.id is the deterministic uuid of the row.
      name: `team ${ctx.index}`,
      plan: TeamPlan.Enterprise,
      settings: { id: ctx.id },
      budget: '1.00',
      logo: null,
      luckyNumbers: [7],
      meta: { owner: 'zoo' },
      founded: '2020-01-01',
      standup: '09:30:00',
      revenue: '1000',
      active: true,
      website: null,
    })),
    defineFactory(Membership, (ctx) => {
      const users = ctx.ref(ZooUser);
      const teams = ctx.ref(Team);
      return { userId: users.id(ctx.index % users.count), teamId: teams.id(Math.floor(ctx.index / users.count)), role: 'member' };
    }),
    defineFactory(Country, (ctx) => ({ code: `C${ctx.index}`, name: `Country ${ctx.index}` })),
    defineFactory(Profile, (ctx) => ({
      id: ctx.id,
      user: ctx.ref(ZooUser).id(ctx.index),
      address: { street: 's', city: 'c', zip: null },
      phone: null,
      country: { code: ctx.ref(Country).id(0) as string },
    })),
    defineFactory(TeamAccount, (ctx) => ({ teamId: ctx.ref(Team).id(ctx.index), balance: '0.00', version: 1 })),
    defineFactory(Category, (ctx) => ({ name: `c${ctx.index}`, parent: ctx.index === 0 ? null : { id: ctx.ref(Category).id(0) } })),
    defineFactory(Office, (ctx) => ({ team: { id: ctx.ref(Team).id(0) }, label: `office ${ctx.index}`, country: { code: 'C1' }, floor: 1 })),
    defineFactory(Video, (ctx) => ({ title: `video ${ctx.index}`, seconds: 60 })),
  ],
});
