import type { FactoryContext } from '../seeding/define-factory';
import { scatterRank } from '../seeding/zipf';
import { REFERENCE_DATE_MS, YEAR_MS } from './reference-date';

/** Users joined during the three years before the reference date. */
const SIGN_UP_SPAN_MS = 3 * YEAR_MS;
/** Power-law exponent of authorship: above 1, a few users write most posts. */
export const AUTHORSHIP_EXPONENT = 1.1;

/**
 * Pure derivations shared by the example factories, so a child's timestamp
 * can follow its parent's without reading the parent back: each is a function
 * of (seed, parent index) through its own named random stream.
 */

/** When user `userIndex` joined (ms since epoch). */
export function userJoinedAt(ctx: FactoryContext, userIndex: number): number {
  const u = ctx.randomFor('users', userIndex, 'joined').next();
  return REFERENCE_DATE_MS - SIGN_UP_SPAN_MS + Math.floor(u * SIGN_UP_SPAN_MS);
}

/** Index of the user who wrote post `postIndex`: few users write most posts. */
export function postAuthorIndex(ctx: FactoryContext, postIndex: number): number {
  const users = ctx.ref('users').count;
  const rank = ctx.randomFor('posts', postIndex, 'author').zipf(users, AUTHORSHIP_EXPONENT);
  return scatterRank(rank, users);
}

/** When post `postIndex` was created: after its author joined, before the reference date. */
export function postCreatedAt(ctx: FactoryContext, postIndex: number): number {
  const joined = userJoinedAt(ctx, postAuthorIndex(ctx, postIndex));
  return between(ctx.randomFor('posts', postIndex, 'created').next(), joined, REFERENCE_DATE_MS);
}

/** A time in [from, to) at fraction u; `from` when the span is empty. */
export function between(u: number, from: number, to: number): number {
  return to > from ? from + Math.floor(u * (to - from)) : from;
}
