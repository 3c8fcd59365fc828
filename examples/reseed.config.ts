// reseed.config.ts: how reseed fills your own entities.
import { defineConfig, defineFactory, type FactoryContext } from '../src';
import { Order } from './shop/order';
import { Product } from './shop/product';

/** A fixed "now": data never depends on the day it is generated. */
const NOW = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

/** A product's price: a pure function of its row, so orders can recompute it instead of reading it back. */
const priceOf = (ctx: FactoryContext, productIndex: number) => ctx.randomFor('products', productIndex, 'price').int(199, 99_999);

const productFactory = defineFactory(Product, (ctx) => ({
  // Unique by construction: derived from the id, never retried.
  sku: `SKU-${String(ctx.id).padStart(8, '0')}`,
  name: ctx.faker.commerce.productName(),
  priceCents: priceOf(ctx, ctx.index),
  createdAt: new Date(NOW - 365 * DAY + ctx.random.int(0, 180) * DAY),
}));

const orderFactory = defineFactory(Order, (ctx) => {
  const products = ctx.ref(Product);
  // Popular products sell most: a rank from a power law.
  const productIndex = ctx.random.zipf(products.count, 1.1);
  const quantity = ctx.random.int(1, 5);
  return {
    productId: products.id(productIndex),
    quantity,
    totalCents: priceOf(ctx, productIndex) * quantity,
    orderedAt: ctx.faker.date.between({ from: NOW - 180 * DAY, to: NOW }),
  };
});

export default defineConfig({
  entities: [Product, Order],
  factories: [productFactory, orderFactory],
  presets: {
    small: { products: 200, orders: 2_000 },
    medium: { products: 5_000, orders: 100_000 },
    large: { products: 50_000, orders: 1_000_000 },
  },
});
