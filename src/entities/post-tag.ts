import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Post } from './post';
import type { Tag } from './tag';

/** Join row: a post carries a tag. */
@Entity({ name: 'post_tags' })
export class PostTag {
  @PrimaryColumn({ name: 'post_id', type: 'integer' })
  postId!: number;

  @ManyToOne('Post', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_post_tags_post' })
  post?: Post;

  @Index('idx_post_tags_tag_id')
  @PrimaryColumn({ name: 'tag_id', type: 'integer' })
  tagId!: number;

  @ManyToOne('Tag', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id', foreignKeyConstraintName: 'fk_post_tags_tag' })
  tag?: Tag;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
