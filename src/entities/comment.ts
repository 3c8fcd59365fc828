import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Post } from './post';
import type { User } from './user';

/** A reader's comment on a post. */
@Entity({ name: 'comments' })
export class Comment {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id!: number;

  @Index('idx_comments_post_id')
  @Column({ name: 'post_id', type: 'integer' })
  postId!: number;

  @ManyToOne('Post', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_comments_post' })
  post?: Post;

  @Index('idx_comments_author_id')
  @Column({ name: 'author_id', type: 'integer' })
  authorId!: number;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_comments_author' })
  author?: User;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
