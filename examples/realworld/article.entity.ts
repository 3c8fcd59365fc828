import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Comment } from './comment.entity';
import { UserEntity } from './user.entity';

@Entity('article')
export class ArticleEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  slug!: string;

  @Column()
  title!: string;

  @Column({ default: '' })
  description!: string;

  @Column({ default: '' })
  body!: string;

  @Column({ type: 'timestamp', default: () => 'CURRENT_TIMESTAMP' })
  created!: Date;

  @Column({ type: 'timestamp', default: () => 'CURRENT_TIMESTAMP' })
  updated!: Date;

  @Column('simple-array')
  tagList!: string[];

  @ManyToOne(() => UserEntity, (user) => user.articles)
  author!: UserEntity;

  @OneToMany(() => Comment, (comment) => comment.article, { eager: true })
  comments!: Comment[];

  @Column({ default: 0 })
  favoriteCount!: number;
}
