// reseed.config.ts for the RealWorld entities: a few lines on top of what
// reseed fills from metadata on its own (run by the tests).
import { createHash } from 'node:crypto';
import { defineConfig, defineFactory, defineJoinFactory } from '../../src';
import { ArticleEntity, realWorldEntities, UserEntity } from './index';

export default defineConfig({
  entities: realWorldEntities,
  // Once per run, not per row: reseed's bulk inserts skip @BeforeInsert, so the
  // hash hashPassword() would compute is made here and shared by every user.
  prepare: async () => ({ passwordHash: createHash('sha256').update('password').digest('hex') }),
  factories: [
    // A partial factory: the password only; username, email, bio, image come from metadata.
    defineFactory(UserEntity, (ctx) => ({ password: ctx.prepared.passwordHash as string })),
    // A few authors write most articles; `author` is a relation-only FK, filled by reseed.
    defineFactory(ArticleEntity, (ctx) => ({ title: ctx.faker.lorem.sentence({ min: 3, max: 8 }) }), { relations: { author: { skew: 1.1 } } }),
    // The join table of UserEntity.favorites: distinct pairs, popular articles favorited most.
    defineJoinFactory(UserEntity, 'favorites', { skew: 1 }),
  ],
  presets: {
    small: { user: 100, article: 400, comment: 1_000, follows: 300, tag: 20, user_favorites_article: 800 },
  },
});
