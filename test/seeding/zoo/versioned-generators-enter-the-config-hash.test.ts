import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { expect, it } from 'vitest';
import { configHash } from '../../../src/seeding/config-hash';
import { defineFactory } from '../../../src/seeding/define-factory';
import { planSeed } from '../../../src/seeding/plan-seed';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { noFactoryConfig, ZOO_COUNTS } from './zoo-configs';
import { SnakeNamingStrategy } from './zoo-data-source';
import { Team, zooEntities } from './zoo-entities';

// Planning reads metadata only: no server needed for this pure logic.
async function zooMetadata(): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', entities: zooEntities, namingStrategy: new SnakeNamingStrategy() });
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return ds;
}

it('names every generated column by its versioned generator, and a changed generator changes the config hash', async () => {
  const dataSource = await zooMetadata();
  const plan = planSeed({ dataSource, config: noFactoryConfig, counts: ZOO_COUNTS });
  const users = plan.tables.find((t) => t.table === 'zoo_users')!;
  expect(users.shape.generatorLabels).toEqual(expect.arrayContaining(['email:email-unique@1', 'password:hex64@1', 'image:image-url@1?0.1']));
  const articles = plan.tables.find((t) => t.table === 'zoo_articles')!;
  expect(articles.shape.generatorLabels).toEqual(expect.arrayContaining(['author_id:many@1', 'created_at:created@1', 'tag_list:simple-array@1']));

  const fingerprint = (bump: boolean) => ({
    seed: plan.seed,
    append: false,
    tables: plan.tables.map((t) => ({
      table: t.table,
      count: t.count,
      columns: [],
      factoryVersion: t.factory.version,
      generators: t.shape.generatorLabels.map((l) => (bump && l === 'email:email-unique@1' ? 'email:email-unique@2' : l)),
    })),
  });
  expect(configHash(fingerprint(true))).not.toBe(configHash(fingerprint(false)));
  // The same config plans the same hash; a useDefaults option is part of it too.
  expect(planSeed({ dataSource, config: noFactoryConfig, counts: ZOO_COUNTS }).configHash).toBe(plan.configHash);
  const defaulted = defineConfig({ entities: zooEntities, factories: [defineFactory(Team, () => ({}), { useDefaults: ['website'] })] });
  expect(planSeed({ dataSource, config: defaulted, counts: ZOO_COUNTS }).configHash).not.toBe(plan.configHash);
});
