// The example schema with keys Citus accepts: every primary key and unique constraint of a
// distributed table includes its distribution column, and FKs between distributed tables pair
// their distribution columns. Same tables, columns and data as src/entities, plus the shard key
// (post_author_id) that comments and post_tags carry to sit on their post's shard.
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { PostStatus, type UserProfile } from '../../src/entities';

/** Distributed by id: each user's posts, comments and follows live on the user's shard. */
@Entity({ name: 'users' })
export class CitusUser {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id!: number;

  // Unique by construction (from the id); a unique constraint would have to include id.
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 64 })
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
}

/** Distributed by author_id, co-located with users: PRIMARY KEY (author_id, id). */
@Entity({ name: 'posts' })
@Unique('uq_posts_author_slug', ['authorId', 'slug'])
export class CitusPost {
  @PrimaryColumn({ name: 'author_id', type: 'integer' })
  authorId!: number;

  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id!: number;

  @ManyToOne(() => CitusUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_posts_author' })
  author?: CitusUser;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 240 })
  slug!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'enum', enum: PostStatus, enumName: 'post_status', default: PostStatus.Draft })
  status!: PostStatus;

  @Column({ name: 'view_count', type: 'integer', default: 0 })
  viewCount!: number;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * Distributed by the post's author, co-located with posts. The commenter
 * (author_id) may live on any shard: no FK to users (Citus refuses FKs
 * between rows that are not co-located).
 */
@Entity({ name: 'comments' })
export class CitusComment {
  @PrimaryColumn({ name: 'post_author_id', type: 'integer' })
  postAuthorId!: number;

  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id!: number;

  @Index('idx_comments_post_id')
  @Column({ name: 'post_id', type: 'integer' })
  postId!: number;

  @ManyToOne(() => CitusPost, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'post_author_id', referencedColumnName: 'authorId', foreignKeyConstraintName: 'fk_comments_post' },
    { name: 'post_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_comments_post' },
  ])
  post?: CitusPost;

  @Index('idx_comments_author_id')
  @Column({ name: 'author_id', type: 'integer' })
  authorId!: number;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A reference table: small, copied to every node, so any shard may point at it. */
@Entity({ name: 'tags' })
export class CitusTag {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Distributed by the post's author, co-located with posts; tag_id points at the reference table. */
@Entity({ name: 'post_tags' })
export class CitusPostTag {
  @PrimaryColumn({ name: 'post_author_id', type: 'integer' })
  postAuthorId!: number;

  @PrimaryColumn({ name: 'post_id', type: 'integer' })
  postId!: number;

  @ManyToOne(() => CitusPost, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'post_author_id', referencedColumnName: 'authorId', foreignKeyConstraintName: 'fk_post_tags_post' },
    { name: 'post_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_post_tags_post' },
  ])
  post?: CitusPost;

  @Index('idx_post_tags_tag_id')
  @PrimaryColumn({ name: 'tag_id', type: 'integer' })
  tagId!: number;

  @ManyToOne(() => CitusTag, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id', foreignKeyConstraintName: 'fk_post_tags_tag' })
  tag?: CitusTag;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Distributed by follower_id, co-located with users; the followee may live on any shard (no FK). */
@Entity({ name: 'follows' })
@Check('chk_follows_not_self', '"follower_id" <> "followee_id"')
export class CitusFollow {
  @PrimaryColumn({ name: 'follower_id', type: 'integer' })
  followerId!: number;

  @ManyToOne(() => CitusUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follower_id', foreignKeyConstraintName: 'fk_follows_follower' })
  follower?: CitusUser;

  @Index('idx_follows_followee_id')
  @PrimaryColumn({ name: 'followee_id', type: 'integer' })
  followeeId!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The Citus variant of the example schema, parents first. */
export const citusEntities = [CitusUser, CitusPost, CitusComment, CitusTag, CitusPostTag, CitusFollow];
