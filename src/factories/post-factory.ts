import { Post, PostStatus } from '../entities/post';
import { defineFactory } from '../seeding/define-factory';
import { slugify } from './ascii-slug';
import { between, postAuthorIndex, postCreatedAt } from './example-timeline';
import { DAY_MS, REFERENCE_DATE_MS } from './reference-date';

const STATUS_WEIGHTS = { [PostStatus.Published]: 70, [PostStatus.Draft]: 20, [PostStatus.Archived]: 10 } as const;
const MAX_VIEWS = 5_000_000;

/**
 * Posts. The author follows a power law (few users write most posts); the
 * post is created after its author joined; the slug ends with the id, so it
 * is unique by construction.
 */
export const postFactory = defineFactory(
  Post,
  (ctx) => {
    const { faker, random } = ctx;
    const id = ctx.id ?? ctx.index + 1;
    const title = faker.lorem.sentence({ min: 3, max: 9 }).replace(/\.$/, '').slice(0, 200);
    const status = random.weighted(STATUS_WEIGHTS);
    const created = postCreatedAt(ctx, ctx.index);
    const published = status === PostStatus.Draft ? null : between(random.next(), created, Math.min(created + 7 * DAY_MS, REFERENCE_DATE_MS));
    const touched = published ?? created;
    return {
      id,
      authorId: ctx.ref('users').id(postAuthorIndex(ctx, ctx.index)),
      title,
      slug: `${slugify(title, 200) || 'post'}-${id}`,
      body: faker.lorem.paragraphs(random.int(1, 3)),
      status,
      // Pareto-distributed views: most posts get few, some get very many.
      viewCount: published === null ? 0 : Math.min(MAX_VIEWS, Math.floor(5 / Math.pow(1 - random.next(), 1 / 1.2))),
      publishedAt: published === null ? null : new Date(published),
      createdAt: new Date(created),
      updatedAt: new Date(between(random.next(), touched, REFERENCE_DATE_MS)),
    };
  },
  { maxRows: (counts) => (counts.count('users') > 0 ? Number.POSITIVE_INFINITY : 0) },
);
