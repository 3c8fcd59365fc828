import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_HINT_WORDS } from '../../src/cli/cli-hint-words';
import { applyTuning } from '../../src/tuning/apply-tuning';
import { TuningError } from '../../src/tuning/tuning-error';
import { TUNING_PROFILES } from '../../src/tuning/tuning-profiles';
import { TuningStateStore } from '../../src/tuning/tuning-state-store';
import { EXAMPLE_TABLES } from '../seeding/support/seeding-database';
import { captureLogger, schemaSnapshot, serverSettingsSnapshot } from './tuning-test-kit';
import { useServer } from '../support/use-server';

describe('the unsafe profile without allowUnsafe', () => {
  const ctx = useServer({ exampleSchema: true });

  it('is refused with the reason, and nothing on the server or on disk changes', async () => {
    const settingsBefore = await serverSettingsSnapshot(ctx.pg);
    const schemaBefore = await schemaSnapshot(ctx.pg);
    const store = new TuningStateStore({ file: ctx.tmp.file('state.json') });

    const error = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.unsafe, store, tables: EXAMPLE_TABLES }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TuningError);
    expect((error as TuningError).code).toBe('RESEED_TUNING_REFUSED');
    expect((error as TuningError).message).toMatch(/fsync and full_page_writes.*explicit consent \(allowUnsafe\)/s);
    expect((error as TuningError).reasons).toEqual([expect.stringMatching(/explicit consent \(allowUnsafe\)$/)]);
    // The CLI words the same refusal with its flag.
    expect((error as TuningError).describe(CLI_HINT_WORDS)).toMatch(/fsync and full_page_writes.*explicit consent \(--unsafe\)/s);
    expect((error as TuningError).message).toMatch(/nothing was changed/);
    expect(await serverSettingsSnapshot(ctx.pg)).toEqual(settingsBefore);
    expect(await schemaSnapshot(ctx.pg)).toEqual(schemaBefore);
    expect(existsSync(store.file)).toBe(false);
    const [table] = await ctx.pg.query<{ t: string | null }>(`SELECT to_regclass('reseed_tuning_state')::text AS t`);
    expect(table.t).toBeNull();
  });

  it('is applied when allowUnsafe is given', async () => {
    const store = new TuningStateStore({ file: ctx.tmp.file('state-allowed.json') });
    const logger = captureLogger();
    const result = await applyTuning(ctx.db.runner, { profile: TUNING_PROFILES.unsafe, store, allowUnsafe: true, logger });
    expect(logger.warns.join('\n')).toMatch(/UNSAFE: full_page_writes = off until restore/);
    // fsync is off on the harness's command line already; full_page_writes is a reload setting.
    expect(result.reloadedSettings).toContain('full_page_writes');
    const [row] = await ctx.pg.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'full_page_writes'`);
    expect(row.setting).toBe('off');
  });
});
