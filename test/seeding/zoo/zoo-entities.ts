import {
  BeforeInsert, Check, ChildEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany, OneToOne,
  PrimaryColumn, PrimaryGeneratedColumn, TableInheritance, Unique, UpdateDateColumn, VersionColumn,
} from 'typeorm';

// The entity zoo: every shape reseed fills from metadata, with plain decorators
// (types from emitDecoratorMetadata, no explicit column types where an app would
// leave them out), relation-only foreign keys, and a snake_case naming strategy
// on the DataSource (zoo-data-source.ts), so column names come from metadata only.

export enum TeamPlan {
  Free = 'free',
  Pro = 'pro',
  Enterprise = 'enterprise',
}

/** RealWorld's user: a @BeforeInsert hook reseed does not run, and a @ManyToMany join table. */
@Entity('zoo_users')
export class ZooUser {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ unique: true })
  email!: string;

  @Column({ unique: true })
  username!: string;

  @Column({ default: '' })
  bio!: string;

  @Column({ nullable: true })
  image!: string;

  @Column()
  password!: string;

  @BeforeInsert()
  hashPassword(): void {
    this.password = `hashed:${this.password}`;
  }

  @ManyToMany(() => Article)
  @JoinTable()
  favorites!: Article[];

  @OneToMany(() => Article, (article) => article.author)
  articles!: Article[];
}

/** Relation-only FK (author), CreateDate/UpdateDate, simple-array. */
@Entity('zoo_articles')
export class Article {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ unique: true })
  slug!: string;

  @Column()
  title!: string;

  @Column({ default: '' })
  description!: string;

  @Column('text')
  body!: string;

  @Column('simple-array')
  tagList!: string[];

  @Column({ default: 0 })
  favoriteCount!: number;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;

  @ManyToOne(() => ZooUser, (user) => user.articles, { nullable: false })
  author!: ZooUser;
}

/** Two relation-only FKs, one of them skewed in the partial factories. */
@Entity('zoo_comments')
export class ArticleComment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  body!: string;

  @ManyToOne(() => Article, { nullable: false })
  article!: Article;

  @ManyToOne(() => ZooUser, { nullable: false })
  author!: ZooUser;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A uuid key and the column types: enum, jsonb, numeric, bytea, int[], simple-json, date, time, bigint, boolean; a CHECK. */
@Entity('zoo_teams')
@Check('zoo_teams_budget_not_negative', '"budget" >= 0')
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ length: 40, unique: true })
  name!: string;

  @Column({ type: 'enum', enum: TeamPlan, default: TeamPlan.Free })
  plan!: TeamPlan;

  @Column('jsonb')
  settings!: Record<string, unknown>;

  @Column('numeric', { precision: 8, scale: 2 })
  budget!: string;

  @Column({ type: 'bytea', nullable: true })
  logo!: Buffer | null;

  @Column('int', { array: true })
  luckyNumbers!: number[];

  @Column('simple-json')
  meta!: { owner: string };

  @Column('date')
  founded!: string;

  @Column('time')
  standup!: string;

  @Column('bigint')
  revenue!: string;

  @Column()
  active!: boolean;

  @Column({ nullable: true })
  website!: string;
}

/** A composite primary key of two FKs (PKs that are FKs): distinct pairs by construction. */
@Entity('zoo_memberships')
export class Membership {
  @PrimaryColumn()
  userId!: number;

  @PrimaryColumn('uuid')
  teamId!: string;

  @ManyToOne(() => ZooUser, { nullable: false })
  @JoinColumn({ name: 'user_id' })
  user!: ZooUser;

  @ManyToOne(() => Team, { nullable: false })
  @JoinColumn({ name: 'team_id' })
  team!: Team;

  @Column({ type: 'enum', enum: ['owner', 'member', 'guest'] })
  role!: string;
}

/** A natural string key. */
@Entity('zoo_countries')
export class Country {
  @PrimaryColumn({ length: 12 })
  code!: string;

  @Column()
  name!: string;
}

/** Embedded columns. */
export class Address {
  @Column()
  street!: string;

  @Column()
  city!: string;

  @Column({ nullable: true })
  zip!: string;
}

/** OneToOne (distinct parents), an identity key, an embedded address, an FK to a natural key. */
@Entity('zoo_profiles')
export class Profile {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @OneToOne(() => ZooUser, { nullable: false })
  @JoinColumn()
  user!: ZooUser;

  @Column(() => Address)
  address!: Address;

  @Column({ nullable: true })
  phone!: string;

  @ManyToOne(() => Country, { nullable: true })
  country!: Country | null;
}

/** A PK that is a FK (one account per team, sharing its uuid), a version column. */
@Entity('zoo_team_accounts')
export class TeamAccount {
  @PrimaryColumn('uuid')
  teamId!: string;

  @OneToOne(() => Team, { nullable: false })
  @JoinColumn({ name: 'team_id' })
  team!: Team;

  @Column('numeric', { precision: 12, scale: 2 })
  balance!: string;

  @VersionColumn()
  version!: number;
}

/** A self-referencing tree: a row's parent is an earlier row. */
@Entity('zoo_categories')
export class Category {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ unique: true })
  name!: string;

  @ManyToOne(() => Category, { nullable: true })
  parent!: Category | null;
}

/** A composite unique index of a FK and a plain column: unique by construction. */
@Entity('zoo_offices')
@Unique(['team', 'label'])
export class Office {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @ManyToOne(() => Team, { nullable: false })
  team!: Team;

  @Column({ length: 30 })
  label!: string;

  @ManyToOne(() => Country, { nullable: false })
  country!: Country;

  @Index()
  @Column()
  floor!: number;
}

/** Single-table inheritance: the discriminator picks among the classes. */
@Entity('zoo_media')
@TableInheritance({ column: { type: 'varchar', name: 'kind' } })
export class Media {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  title!: string;
}

@ChildEntity('video')
export class Video extends Media {
  @Column({ nullable: true })
  seconds!: number;
}

@ChildEntity('photo')
export class Photo extends Media {
  @Column({ nullable: true })
  width!: number;
}

/** Every zoo entity, parents first is not required: reseed orders them. */
export const zooEntities = [ZooUser, Article, ArticleComment, Team, Membership, Country, Profile, TeamAccount, Category, Office, Media, Video, Photo];

/** Every table the zoo fills, the join table included. */
export const ZOO_TABLES = [
  'zoo_users', 'zoo_articles', 'zoo_comments', 'zoo_teams', 'zoo_memberships', 'zoo_countries', 'zoo_profiles',
  'zoo_team_accounts', 'zoo_categories', 'zoo_offices', 'zoo_media', 'zoo_users_favorites_zoo_articles',
];
