import { BeforeInsert, Column, Entity, JoinTable, ManyToMany, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { createHash } from 'node:crypto';
import { ArticleEntity } from './article.entity';

// The entities of a NestJS RealWorld app, as its authors wrote them: plain
// decorators (types from emitDecoratorMetadata), relation-only foreign keys,
// a @ManyToMany join table, a @BeforeInsert hook.

@Entity('user')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  username!: string;

  @Column()
  email!: string;

  @Column({ default: '' })
  bio!: string;

  @Column({ default: '' })
  image!: string;

  @Column()
  password!: string;

  @BeforeInsert()
  hashPassword(): void {
    this.password = createHash('sha256').update(this.password).digest('hex');
  }

  @ManyToMany(() => ArticleEntity)
  @JoinTable()
  favorites!: ArticleEntity[];

  @OneToMany(() => ArticleEntity, (article) => article.author)
  articles!: ArticleEntity[];
}
