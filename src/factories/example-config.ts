import { exampleEntities } from '../entities';
import { defineConfig } from '../seeding/reseed-config';
import { commentFactory } from './comment-factory';
import { followFactory } from './follow-factory';
import { postFactory } from './post-factory';
import { postTagFactory } from './post-tag-factory';
import { tagFactory } from './tag-factory';
import { userFactory } from './user-factory';

/**
 * The example schema's config: every entity, its factory and the presets
 * small (about 4k rows), medium (about 100k) and large (about 1.1M).
 */
export const exampleConfig = defineConfig({
  entities: exampleEntities,
  factories: [userFactory, postFactory, commentFactory, tagFactory, postTagFactory, followFactory],
  presets: {
    small: { users: 200, posts: 600, comments: 1_500, tags: 40, post_tags: 1_200, follows: 800 },
    medium: { users: 5_000, posts: 20_000, comments: 50_000, tags: 200, post_tags: 15_000, follows: 10_000 },
    large: { users: 50_000, posts: 200_000, comments: 500_000, tags: 1_000, post_tags: 200_000, follows: 150_000 },
  },
});

/** As a config file's default export: what generation workers load by path. */
export default exampleConfig;
