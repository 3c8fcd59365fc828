import { Check, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { User } from './user';

/** A user follows another user (a self-reference of users). */
@Entity({ name: 'follows' })
@Check('chk_follows_not_self', '"follower_id" <> "followee_id"')
export class Follow {
  @PrimaryColumn({ name: 'follower_id', type: 'integer' })
  followerId!: number;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follower_id', foreignKeyConstraintName: 'fk_follows_follower' })
  follower?: User;

  @Index('idx_follows_followee_id')
  @PrimaryColumn({ name: 'followee_id', type: 'integer' })
  followeeId!: number;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'followee_id', foreignKeyConstraintName: 'fk_follows_followee' })
  followee?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
