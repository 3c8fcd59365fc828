// The example schema on a Citus cluster: the example's factories, the Citus-ready entities, and
// where each table goes. `npm run seed -- --config examples/citus/reseed.config.ts`.
import { defineConfig, defineFactory, exampleConfig, type Factory } from '../../src';
import { citusEntities, CitusComment, CitusFollow, CitusPost, CitusPostTag, CitusTag, CitusUser } from './entities';

const factoryOf = (table: string) => exampleConfig.factories!.find((f) => (f.entity as { name?: string }).name === table)!;
/** The example's factory for `entity`, unchanged: the same rows as on a single server. */
const same = (entity: Factory['entity'], example: string) => {
  const base = factoryOf(example);
  return defineFactory(entity, base.build, { version: base.version, maxRows: base.maxRows });
};

export default defineConfig({
  entities: citusEntities,
  factories: [
    same(CitusUser, 'User'),
    same(CitusPost, 'Post'),
    // comments and post_tags name their post by id; reseed sets post_author_id from that post's
    // row, so each sits on its post's shard.
    same(CitusComment, 'Comment'),
    same(CitusTag, 'Tag'),
    same(CitusPostTag, 'PostTag'),
    same(CitusFollow, 'Follow'),
  ],
  presets: exampleConfig.presets,
  distribution: {
    users: { by: 'id' },
    posts: { by: 'author_id', colocateWith: 'users' },
    comments: { by: 'post_author_id', colocateWith: 'posts' },
    post_tags: { by: 'post_author_id', colocateWith: 'posts' },
    follows: { by: 'follower_id', colocateWith: 'users' },
    tags: 'reference',
  },
});
