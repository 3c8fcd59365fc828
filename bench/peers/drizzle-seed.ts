/** drizzle-seed on the peer workload, as its docs show: seed(db, schema).refine(counts). Prints {"rows","ms"}. */
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { seed } from 'drizzle-seed';
import { Pool } from 'pg';

const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 320 }).notNull().unique(),
  name: varchar('name', { length: 120 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  authorId: integer('author_id')
    .notNull()
    .references(() => users.id),
  title: varchar('title', { length: 200 }).notNull(),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

async function main(): Promise<void> {
  const [userCount, postCount] = [Number(process.env.PEER_USERS), Number(process.env.PEER_POSTS)];
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const db = drizzle(pool);
  const started = performance.now();
  await seed(db, { users, posts }, { seed: 1 }).refine((f) => ({
    users: { count: userCount, columns: { email: f.email(), name: f.fullName() } },
    posts: { count: postCount, columns: { title: f.loremIpsum({ sentencesCount: 1 }), body: f.loremIpsum({ sentencesCount: 8 }) } },
  }));
  console.log(JSON.stringify({ rows: userCount + postCount, ms: performance.now() - started }));
  await pool.end();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
