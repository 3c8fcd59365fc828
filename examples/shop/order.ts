import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Product } from './product';

/** One order line: a quantity of one product. */
@Entity({ name: 'orders' })
export class Order {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id!: number;

  @Column({ name: 'product_id', type: 'integer' })
  productId!: number;

  @ManyToOne('Product', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_orders_product' })
  product?: Product;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents!: number;

  @Column({ name: 'ordered_at', type: 'timestamptz' })
  orderedAt!: Date;
}
