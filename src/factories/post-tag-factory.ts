import { PostTag } from '../entities/post-tag';
import { defineFactory } from '../seeding/define-factory';
import { kthDistinct } from '../seeding/kth-distinct';
import { between, postCreatedAt } from './example-timeline';
import { DAY_MS, REFERENCE_DATE_MS } from './reference-date';

/** Zipf-like tag popularity: a few tags are on most posts. */
const TAG_POPULARITY_EXPONENT = 1.0;

/**
 * Post tags without duplicate pairs by construction: row i is the k-th
 * distinct tag (k = floor(i / posts)) of post i mod posts, drawn from that
 * post's own stream of popular tags.
 */
export const postTagFactory = defineFactory(
  PostTag,
  (ctx) => {
    const posts = ctx.ref('posts');
    const tags = ctx.ref('tags');
    const postIndex = ctx.index % posts.count;
    const k = Math.floor(ctx.index / posts.count);
    const stream = ctx.randomFor('post_tags', postIndex, 'tags');
    const tagIndex = kthDistinct(k, tags.count, () => stream.zipf(tags.count, TAG_POPULARITY_EXPONENT));
    const created = postCreatedAt(ctx, postIndex);
    return {
      postId: posts.id(postIndex),
      tagId: tags.id(tagIndex),
      createdAt: new Date(between(ctx.random.next(), created, Math.min(created + DAY_MS, REFERENCE_DATE_MS))),
    };
  },
  { maxRows: (counts) => counts.count('posts') * counts.count('tags') },
);
