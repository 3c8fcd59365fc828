import { Comment } from '../entities/comment';
import { defineFactory } from '../seeding/define-factory';
import { scatterRank } from '../seeding/zipf';
import { between, postCreatedAt, userJoinedAt } from './example-timeline';
import { REFERENCE_DATE_MS } from './reference-date';

/** Popular posts draw most comments; active users write most of them. */
const POST_POPULARITY_EXPONENT = 0.9;
const COMMENTER_EXPONENT = 1.0;

/** Comments: written after both the post and the commenter's sign-up. */
export const commentFactory = defineFactory(
  Comment,
  (ctx) => {
    const { faker, random } = ctx;
    const posts = ctx.ref('posts');
    const users = ctx.ref('users');
    const postIndex = scatterRank(random.zipf(posts.count, POST_POPULARITY_EXPONENT), posts.count, 7);
    const authorIndex = scatterRank(random.zipf(users.count, COMMENTER_EXPONENT), users.count, 3);
    const earliest = Math.max(postCreatedAt(ctx, postIndex), userJoinedAt(ctx, authorIndex));
    return {
      id: ctx.id ?? ctx.index + 1,
      postId: posts.id(postIndex),
      authorId: users.id(authorIndex),
      body: faker.lorem.sentences(random.int(1, 4)),
      createdAt: new Date(between(random.next(), earliest, REFERENCE_DATE_MS)),
    };
  },
  { maxRows: (counts) => (counts.count('posts') > 0 && counts.count('users') > 0 ? Number.POSITIVE_INFINITY : 0) },
);
