import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { DataSource, EntitySchema } from 'typeorm';
import { CopyTableEncoder } from '../../src/seeding/copy-table-encoder';
import { isBinaryCopy } from '../../src/seeding/copy-binary';

interface Price {
  id: number;
  price: number;
}

const PriceEntity = new EntitySchema<Price>({
  name: 'Price',
  tableName: 'prices',
  columns: { id: { type: 'integer', primary: true, generated: 'increment' }, price: { type: 'real' } },
});

/** The encoder of the prices table with its columns' database types; metadata only, no connection. */
async function encoder(): Promise<CopyTableEncoder> {
  const dataSource = new DataSource({ type: 'postgres', entities: [PriceEntity] });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return new CopyTableEncoder(dataSource.getMetadata('Price'), ['id', 'price'], { id: 'int4', price: 'float4' });
}

const slice = (from: number, price: (i: number) => number) => Array.from({ length: 8 }, (_, k) => ({ id: from + k, price: price(from + k) }));

describe('a table whose values the binary codecs leave to text', () => {
  it('goes as text once most of its slices did, instead of encoding every slice twice', async () => {
    // 19.99 is no float4: float4in rounds the decimal, so each slice falls back to text.
    const prices = await encoder();
    const formats: boolean[] = [];
    for (let s = 0; s < 6; s++) formats.push(isBinaryCopy(prices.encode(slice(s * 8 + 1, () => 19.99))[0]!.sql));
    expect(formats).toEqual([false, false, false, false, false, false]);
    expect(prices.binary).toBe(false);
  });

  it('stays binary when a value needs text now and then', async () => {
    const prices = await encoder();
    const formats: boolean[] = [];
    // Exact float4 values, and every fourth slice one that is not.
    for (let s = 0; s < 16; s++) formats.push(isBinaryCopy(prices.encode(slice(s * 8 + 1, (i) => (s % 4 === 3 && i % 8 === 0 ? 0.1 : i / 4)))[0]!.sql));
    expect(formats).toEqual(Array.from({ length: 16 }, (_, s) => s % 4 !== 3));
    expect(prices.binary).toBe(true);
  });
});
