import 'reflect-metadata';
import { Column, DataSource, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { expect, it } from 'vitest';
import { ReseedLedger1796100000000 } from '../../../migrations/1796100000000-reseed-ledger';
import { ReseedRunOwner1796150000000 } from '../../../migrations/1796150000000-reseed-run-owner';
import { defineFactory } from '../../../src/seeding/define-factory';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { seed } from '../../../src/seeding/seed';
import { SeedInputError } from '../../../src/seeding/seed-input-error';
import { openManager } from '../support/seeding-database';
import { useServer } from '../../support/use-server';

@Entity('cycle_departments')
class Department {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  name!: string;

  @ManyToOne(() => Employee, { nullable: true })
  manager!: Employee | null;
}

@Entity('cycle_employees')
class Employee {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  firstName!: string;

  @ManyToOne(() => Department, { nullable: false })
  department!: Department;
}

const server = useServer();

it('refuses a cycle naming its relations and the nullable one to break, and seeds it once that relation is left NULL', async () => {
  await server.pg.query('CREATE DATABASE cycles');
  const options = { type: 'postgres' as const, url: server.pg.urlFor('cycles'), entities: [Department, Employee], migrations: [ReseedLedger1796100000000, ReseedRunOwner1796150000000] };
  const setup = new DataSource({ ...options, synchronize: true });
  await setup.initialize();
  await setup.runMigrations();
  await setup.destroy();
  const manager = await openManager(options);
  try {
    const counts = { cycle_departments: 10, cycle_employees: 50 };
    const refused = await seed({ manager, config: defineConfig({ entities: [Department, Employee] }), counts }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SeedInputError);
    expect((refused as Error).message).toMatch(
      /tables reference each other in a cycle: cycle_departments, cycle_employees; .*Department\.manager -> cycle_employees, Employee\.department -> cycle_departments; break it .*relations: \{ manager: \{ nullRatio: 1 \} \}/,
    );
    expect(await manager.dataSource.query(`SELECT count(*)::int AS n FROM cycle_employees`)).toEqual([{ n: 0 }]);

    const broken = defineConfig({ entities: [Department, Employee], factories: [defineFactory(Department, () => ({}), { relations: { manager: { nullRatio: 1 } } })] });
    await seed({ manager, config: broken, counts });
    const [row] = await manager.dataSource.query(
      `SELECT (SELECT count(*) FROM cycle_departments WHERE "managerId" IS NULL)::int AS unmanaged, (SELECT count(DISTINCT "departmentId") FROM cycle_employees)::int AS departments`,
    );
    expect(row!.unmanaged).toBe(10);
    expect(row!.departments).toBeGreaterThan(5);
  } finally {
    await manager.destroy();
  }
});
