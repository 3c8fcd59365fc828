import type { EntitySchema, ObjectType } from 'typeorm';
import type { Factory, FactoryEntity } from './define-factory';

/** Options of {@link defineJoinFactory}. */
export interface DefineJoinFactoryOptions {
  /**
   * Power-law exponent of the choice of the other side (1: a few are linked
   * to most owners, as popular articles are favorited most). Default: uniform.
   */
  skew?: number;
  /** See {@link Factory.version}. Default 1. */
  version?: number;
}

/** The @ManyToMany properties of T (arrays of entities). */
export type ManyToManyProperty<T> = { [K in keyof T]-?: NonNullable<T[K]> extends readonly object[] ? K : never }[keyof T] & string;

/**
 * Declares how the join table of `entity`'s @ManyToMany `relation` (the side
 * with @JoinTable) is filled: pairs of (owner, other side), distinct by
 * construction. Row i links owner i mod owners to that owner's
 * (i div owners)-th distinct pick of the other side, so N links spread over
 * the owners evenly and both sides are seeded first. Its count is set by the
 * join table's name (`--count user_favorites_article=N`). A join table of
 * two seeded entities is filled this way without any join factory, too.
 */
export function defineJoinFactory<T>(entity: ObjectType<T> | EntitySchema<T>, relation: ManyToManyProperty<T>, options: DefineJoinFactoryOptions = {}): Factory {
  return {
    entity: entity as FactoryEntity,
    joinRelation: relation,
    version: options.version ?? 1,
    relations: options.skew === undefined ? undefined : { [JOIN_OTHER_SIDE]: { skew: options.skew } },
    build: () => ({}),
  };
}

/** Key of the other side's options in a join factory's `relations`. */
export const JOIN_OTHER_SIDE = '*other';
