import { Column, Entity, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Author } from '@entities/author';
import { Tag } from '@entities/tag';

@Entity('articles')
export class Article {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  title: string;

  @Column()
  body: string;

  @Column()
  published: boolean;

  @Column()
  views: number;

  @Column()
  publishedAt: Date;

  // Relation-only: no authorId property, the join column comes from the relation.
  @ManyToOne(() => Author, (author) => author.articles, { nullable: false })
  author: Author;

  @ManyToMany(() => Tag)
  @JoinTable({ name: 'article_tags' })
  tags: Tag[];
}
