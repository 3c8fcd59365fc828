import { commentFactory, followFactory, postFactory, postTagFactory, tagFactory, userFactory } from '../../src/factories';
import { RowGenerator, type GeneratedRow } from '../../src/seeding/row-generator';
import type { TableShape } from '../../src/seeding/columns/table-shape';

/** The factories set every column: nothing to fill from metadata. */
const EMPTY_SHAPE: TableShape = { columns: [], foreignKeys: [], pairs: [], generatorLabels: [], defaultPaths: new Set() };

/** Counts the factory tests generate, without a database. */
export const FACTORY_TEST_COUNTS = { users: 2_000, posts: 6_000, comments: 8_000, tags: 60, post_tags: 9_000, follows: 7_000 };

/** A generator of the example schema over the given counts; ids from 1. */
export function exampleGenerator(seed = 1, counts = FACTORY_TEST_COUNTS): RowGenerator {
  const table = (name: keyof typeof counts, factory: any, withId: boolean) => ({
    table: name,
    count: counts[name],
    idStart: withId ? 1 : undefined,
    idProperty: withId ? 'id' : undefined,
    keyKind: withId ? ('number' as const) : undefined,
    factory,
    factoryLabel: `factory of ${name}`,
    shape: EMPTY_SHAPE,
    metadata: { primaryColumns: [] } as never,
  });
  return new RowGenerator(seed, [
    table('users', userFactory, true),
    table('posts', postFactory, true),
    table('comments', commentFactory, true),
    table('tags', tagFactory, true),
    table('post_tags', postTagFactory, false),
    table('follows', followFactory, false),
  ]);
}

/** Every row of a table. */
export function allRows(generator: RowGenerator, table: keyof typeof FACTORY_TEST_COUNTS, counts = FACTORY_TEST_COUNTS): GeneratedRow[] {
  return generator.batch(table, 0, counts[table]);
}
