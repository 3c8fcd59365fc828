import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Post } from './post';

/** Public profile kept as jsonb: free-form, but these keys are what the factories write. */
export interface UserProfile {
  bio?: string;
  location?: string;
  website?: string;
  avatarUrl?: string;
  interests?: string[];
}

/** A member of the content platform. */
@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 320, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  profile!: UserProfile;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany('Post', (post: Post) => post.author)
  posts?: Post[];
}
