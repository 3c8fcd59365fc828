/**
 * typeorm-extension (4.x) on the peer workload, as its docs show: a factory per
 * entity (4.x hands the factory no faker: it imports its own), a seeder
 * that saves users with saveMany and posts one save each with their author.
 * Prints {"rows","ms"}.
 */
import 'reflect-metadata';
import { faker } from '@faker-js/faker';
import { Column, CreateDateColumn, DataSource, Entity, ManyToOne, JoinColumn, PrimaryGeneratedColumn } from 'typeorm';
import { runSeeders, setSeederFactory, type Seeder, type SeederFactoryManager } from 'typeorm-extension';

@Entity('users')
class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 320, unique: true }) email!: string;
  @Column({ type: 'varchar', length: 120 }) name!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('posts')
class Post {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => User) @JoinColumn({ name: 'author_id' }) author!: User;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text' }) body!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

const userFactory = setSeederFactory(User, () => {
  const user = new User();
  user.email = `${faker.string.alphanumeric(12)}.${faker.internet.email()}`;
  user.name = faker.person.fullName();
  return user;
});
const postFactory = setSeederFactory(Post, () => {
  const post = new Post();
  post.title = faker.lorem.sentence();
  post.body = faker.lorem.paragraph(8);
  return post;
});

class PeerSeeder implements Seeder {
  async run(_dataSource: DataSource, factoryManager: SeederFactoryManager): Promise<void> {
    const users = await factoryManager.get(User).saveMany(Number(process.env.PEER_USERS));
    const posts = factoryManager.get(Post);
    const count = Number(process.env.PEER_POSTS);
    for (let i = 0; i < count; i++) await posts.save({ author: users[i % users.length] });
  }
}

async function main(): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [User, Post] });
  await dataSource.initialize();
  const started = performance.now();
  await runSeeders(dataSource, { seeds: [PeerSeeder], factories: [userFactory, postFactory] });
  console.log(JSON.stringify({ rows: Number(process.env.PEER_USERS) + Number(process.env.PEER_POSTS), ms: performance.now() - started }));
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
