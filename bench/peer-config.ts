/**
 * The peer workload (users + posts, bench/peers/schema.sql) as a reseed
 * config: what `npm run bench -- --peers` seeds with reseed. A file of its
 * own, since generation workers load the config by path.
 */
import { EntitySchema } from 'typeorm';
import { defineFactory } from '../src/seeding/define-factory';
import { defineConfig } from '../src/seeding/reseed-config';

export interface PeerUser {
  id: number;
  email: string;
  name: string;
  createdAt: Date;
}
export interface PeerPost {
  id: number;
  authorId: number;
  author?: PeerUser;
  title: string;
  body: string;
  createdAt: Date;
}

export const PeerUserEntity = new EntitySchema<PeerUser>({
  name: 'PeerUser',
  tableName: 'users',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    email: { type: 'varchar', length: 320, unique: true },
    name: { type: 'varchar', length: 120 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

export const PeerPostEntity = new EntitySchema<PeerPost>({
  name: 'PeerPost',
  tableName: 'posts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    authorId: { name: 'author_id', type: 'integer' },
    title: { type: 'varchar', length: 200 },
    body: { type: 'text' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
  relations: { author: { type: 'many-to-one', target: 'PeerUser', joinColumn: { name: 'author_id' } } },
});

const REFERENCE = Date.UTC(2026, 0, 1);

export default defineConfig({
  entities: [PeerUserEntity, PeerPostEntity],
  factories: [
    defineFactory(PeerUserEntity, (ctx) => ({
      // The id makes the unique email unique by construction.
      email: `${ctx.faker.internet.username().toLowerCase()}.${ctx.id}@example.com`,
      name: ctx.faker.person.fullName(),
      createdAt: new Date(REFERENCE - ctx.random.int(0, 365 * 86_400_000)),
    })),
    defineFactory(PeerPostEntity, (ctx) => ({
      authorId: ctx.ref('users').id(ctx.random.int(0, ctx.ref('users').count - 1)),
      title: ctx.faker.lorem.sentence().slice(0, 200),
      body: ctx.faker.lorem.paragraph(8),
      createdAt: new Date(REFERENCE - ctx.random.int(0, 365 * 86_400_000)),
    })),
  ],
});
