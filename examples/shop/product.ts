import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Something the shop sells. */
@Entity({ name: 'products' })
export class Product {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  sku!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ name: 'price_cents', type: 'integer' })
  priceCents!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
