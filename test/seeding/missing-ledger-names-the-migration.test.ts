import { expect, it } from 'vitest';
import { InitialSchema1796024480735 } from '../../migrations/1796024480735-initial-schema';
import { LedgerMissingError } from '../../src/seeding/ledger-missing-error';
import { seed } from '../../src/seeding/seed';
import { migrate, openManager, rowCounts } from './support/seeding-database';
import { useTestServer } from './support/use-seeding-database';
import { exampleEntities } from '../../src/entities';

const server = useTestServer();

it('refuses to load without the ledger table and names the migration to run', async () => {
  const options = { type: 'postgres' as const, url: server.pg.url, entities: exampleEntities, migrations: [InitialSchema1796024480735] };
  await migrate(options);
  const manager = await openManager(options);
  try {
    const error = await seed({ manager }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerMissingError);
    expect((error as LedgerMissingError).code).toBe('RESEED_LEDGER_MISSING');
    expect((error as Error).message).toMatch(/no reseed ledger .*npm run migration:run.*ReseedLedger1796100000000/);
    expect(Object.values(await rowCounts((sql) => manager.dataSource.query(sql)))).toEqual([0, 0, 0, 0, 0, 0]);
  } finally {
    await manager.destroy();
  }
});
