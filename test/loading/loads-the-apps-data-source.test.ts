import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEntityMetadata } from '../../src/loading/check-entity-metadata';
import { appDataSourceOptions, loadDataSourceFile } from '../../src/loading/load-data-source';
import { SeedInputError } from '../../src/seeding/seed-input-error';

const TS_APP = path.join(__dirname, 'fixtures', 'ts-app', 'src');
const JS_APP = path.join(__dirname, 'fixtures', 'js-app');

/** The one-line message of a load that must fail with bad input. */
async function badInput(file: string): Promise<string> {
  const error = await loadDataSourceFile(file).then(
    (loaded) => checkEntityMetadata(loaded.options, loaded.file),
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedInputError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe("the app's data source", () => {
  it('loads plain decorated TypeScript entities with the metadata tsc would emit, through the tsconfig paths', async () => {
    const loaded = await loadDataSourceFile(path.join(TS_APP, 'data-source.ts'));
    expect(loaded.instance).toBeDefined();
    expect(loaded.options).toMatchObject({ type: 'postgres', schema: 'club' });
    const [member] = await checkEntityMetadata(loaded.options, loaded.file);
    const types = Object.fromEntries(member!.columns.map((c) => [c.propertyName, c.type]));
    // No explicit column type anywhere: each comes from design:type (String, Boolean, Number, Date).
    expect(types).toEqual({ id: Number, name: String, active: Boolean, karma: Number, joinedAt: Date });
  });

  it('takes exported options as well as a DataSource', async () => {
    const loaded = await loadDataSourceFile(path.join(TS_APP, 'options-only.ts'));
    expect(loaded.instance).toBeUndefined();
    expect(loaded.options).toMatchObject({ type: 'postgres', host: 'db.invalid', database: 'club' });
  });

  // An ES module (.mjs, or .js under "type": "module") goes through import(), which vitest's module
  // runner does not offer: test/package/ runs that case in a real app.
  it('loads compiled JavaScript with require, from an awaited named export', async () => {
    const cjs = await loadDataSourceFile(path.join(JS_APP, 'data-source.js'));
    expect(cjs.options.database).toBe('visits');
    expect((await checkEntityMetadata(cjs.options, cjs.file)).map((m) => m.tableName)).toEqual(['visits']);
  });

  it('lets DATABASE_URL override where it connects, and never synchronizes, drops or migrates on connect', async () => {
    const loaded = await loadDataSourceFile(path.join(TS_APP, 'data-source.ts'));
    const options = appDataSourceOptions({ ...loaded.options, synchronize: true, dropSchema: true, migrationsRun: true }, 'postgres://seed:pw@127.0.0.1:6543/club_dev');
    expect(options).toMatchObject({ url: undefined, host: '127.0.0.1', port: 6543, username: 'seed', password: 'pw', database: 'club_dev' });
    expect(options).toMatchObject({ synchronize: false, dropSchema: false, migrationsRun: false, schema: 'club' });
    expect(options.entities).toBe(loaded.options.entities);
  });

  it('refuses a missing file, one that throws, exports no or two DataSources, has a syntax error, is not PostgreSQL, or an entity TypeORM cannot describe', async () => {
    expect(await badInput(path.join(TS_APP, 'missing.ts'))).toMatch(/^data source file not found: .*missing\.ts \(a \.ts, \.js, \.mjs or \.cjs file/);
    expect(await badInput(path.join(TS_APP, 'throws.ts'))).toMatch(/^cannot load the data source .*throws\.ts: CLUB_SECRET_THAT_IS_NOT_SET is not set$/);
    expect(await badInput(path.join(JS_APP, 'package.json'))).toMatch(/package\.json exports no DataSource \(expected `export default new DataSource/);
    expect(await badInput(path.join(TS_APP, 'two-data-sources.ts'))).toMatch(/exports 2 DataSource instances; keep one/);
    expect(await badInput(path.join(TS_APP, 'syntax-error.ts'))).toMatch(/syntax-error\.ts:3:\d+: .* \(TypeScript syntax error\)$/);
    expect(await badInput(path.join(TS_APP, 'mysql.ts'))).toMatch(/mysql\.ts is a mysql data source: reseed fills PostgreSQL/);
    expect(await badInput(path.join(TS_APP, 'untyped-column.ts'))).toMatch(
      /untyped-column\.ts: an entity's metadata cannot be built: .*Note.*text.* \(every column needs a type TypeORM can read/,
    );
  });
});
