import { Follow } from '../entities/follow';
import { defineFactory } from '../seeding/define-factory';
import { kthDistinct } from '../seeding/kth-distinct';
import { scatterRank } from '../seeding/zipf';
import { between, userJoinedAt } from './example-timeline';
import { REFERENCE_DATE_MS } from './reference-date';

/** A few users attract most followers. */
const FOLLOWEE_EXPONENT = 1.0;

/**
 * Follows without duplicate pairs or self-follows by construction: row i is
 * the k-th distinct followee (k = floor(i / users)) of follower i mod users,
 * never the follower itself.
 */
export const followFactory = defineFactory(
  Follow,
  (ctx) => {
    const users = ctx.ref('users');
    const follower = ctx.index % users.count;
    const k = Math.floor(ctx.index / users.count);
    const stream = ctx.randomFor('follows', follower, 'followees');
    const followee = kthDistinct(k, users.count, () => scatterRank(stream.zipf(users.count, FOLLOWEE_EXPONENT), users.count, 11), follower);
    const since = Math.max(userJoinedAt(ctx, follower), userJoinedAt(ctx, followee));
    return {
      followerId: users.id(follower),
      followeeId: users.id(followee),
      createdAt: new Date(between(ctx.random.next(), since, REFERENCE_DATE_MS)),
    };
  },
  { maxRows: (counts) => counts.count('users') * Math.max(0, counts.count('users') - 1) },
);
