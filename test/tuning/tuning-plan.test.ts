import { describe, expect, it } from 'vitest';
import { CLI_HINT_WORDS } from '../../src/cli/cli-hint-words';
import type { ReseedError } from '../../src/errors';
import { chooseTuningProfile } from '../../src/tuning/choose-tuning-profile';
import type { PgSetting } from '../../src/tuning/pg-settings';
import type { ServerFacts } from '../../src/tuning/server-facts';
import { planTuning } from '../../src/tuning/tuning-plan';
import { maintenanceWorkMemFor, sharedBuffersFor, TUNING_PROFILES } from '../../src/tuning/tuning-profiles';

// Pure planning logic: the settings below are what pg_settings says on a stock PostgreSQL 17.
const GB = 1024 ** 3;
const facts: ServerFacts = {
  versionNum: 170000,
  currentUser: 'postgres',
  database: 'app',
  isSuperuser: true,
  inRecovery: false,
  dataDirectory: '/var/lib/postgresql/17/main',
  replicationSlots: [],
  standbys: 0,
  isLocal: true,
  postmasterPid: 1,
  totalMemoryBytes: 16 * GB,
  memorySource: 'proc-meminfo',
};

function setting(name: string, setting: string, context: string, extra: Partial<PgSetting> = {}): PgSetting {
  return {
    name, setting, context, display: setting, unit: null, vartype: 'string', source: 'default',
    bootVal: setting, resetVal: setting, sourcefile: null, pendingRestart: false, ...extra,
  };
}

function stockSettings(overrides: PgSetting[] = []): Map<string, PgSetting> {
  const list = [
    setting('synchronous_commit', 'on', 'user', { vartype: 'enum' }),
    setting('maintenance_work_mem', '65536', 'user', { unit: 'kB', display: '64MB', vartype: 'integer' }),
    setting('max_wal_size', '1024', 'sighup', { unit: 'MB', display: '1GB', vartype: 'integer' }),
    setting('checkpoint_timeout', '300', 'sighup', { unit: 's', display: '5min', vartype: 'integer' }),
    setting('shared_buffers', '16384', 'postmaster', { unit: '8kB', display: '128MB', vartype: 'integer' }),
    setting('wal_level', 'replica', 'postmaster', { vartype: 'enum' }),
    setting('max_wal_senders', '10', 'postmaster', { vartype: 'integer' }),
    setting('archive_mode', 'off', 'postmaster', { vartype: 'enum' }),
    setting('wal_buffers', '512', 'postmaster', { unit: '8kB', display: '4MB', vartype: 'integer' }),
    setting('fsync', 'on', 'sighup', { vartype: 'bool' }),
    setting('full_page_writes', 'on', 'sighup', { vartype: 'bool' }),
    setting('summarize_wal', 'off', 'sighup', { vartype: 'bool' }),
  ];
  const map = new Map(list.map((s) => [s.name, s]));
  for (const o of overrides) map.set(o.name, o);
  return map;
}

const input = (over: Partial<Parameters<typeof planTuning>[1]> = {}) => ({
  settings: stockSettings(),
  facts,
  allowUnsafe: false,
  canAlterSystem: () => true,
  ...over,
});

describe('planning a tuning profile', () => {
  it('takes each change’s scope from its pg_settings context', () => {
    const plan = planTuning(TUNING_PROFILES.fast, input());
    const scopes = Object.fromEntries(plan.changes.map((c) => [c.name, c.scope]));
    expect(scopes).toEqual({
      synchronous_commit: 'session',
      maintenance_work_mem: 'session',
      max_wal_size: 'reload',
      checkpoint_timeout: 'reload',
      shared_buffers: 'restart',
      wal_level: 'restart',
      max_wal_senders: 'restart',
      wal_buffers: 'restart',
    });
    // A server where an extension made wal_buffers reloadable would get a reload, not a restart.
    const odd = planTuning(TUNING_PROFILES.fast, input({ settings: stockSettings([setting('wal_buffers', '512', 'sighup', { unit: '8kB' })]) }));
    expect(odd.changes.find((c) => c.name === 'wal_buffers')?.scope).toBe('reload');
    expect(plan.refusals).toEqual([]);
  });

  it('sizes memory from the server: 25% (at most 8GB) for shared_buffers, a fallback when unknown', () => {
    expect(sharedBuffersFor(facts)).toBe('4GB');
    expect(sharedBuffersFor({ ...facts, totalMemoryBytes: 64 * GB })).toBe('8GB');
    expect(sharedBuffersFor({ ...facts, totalMemoryBytes: undefined })).toBe('256MB');
    expect(maintenanceWorkMemFor(facts)).toBe('1GB');
    expect(maintenanceWorkMemFor({ ...facts, totalMemoryBytes: undefined })).toBe('256MB');
  });

  it('never lowers a setting the server already has larger, and skips equal values in other units', () => {
    const plan = planTuning(
      TUNING_PROFILES.fast,
      input({
        settings: stockSettings([
          setting('max_wal_size', '16384', 'sighup', { unit: 'MB', display: '16GB', vartype: 'integer' }),
          setting('checkpoint_timeout', '1800', 'sighup', { unit: 's', display: '30min', vartype: 'integer' }),
        ]),
      }),
    );
    expect(plan.changes.map((c) => c.name)).not.toContain('max_wal_size');
    expect(plan.skipped).toEqual(expect.arrayContaining([
      { name: 'max_wal_size', reason: 'already 16GB' },
      { name: 'checkpoint_timeout', reason: 'already 30min' },
    ]));
  });

  it('skips, with a warning, settings on the command line and settings this role may not ALTER SYSTEM', () => {
    const plan = planTuning(
      TUNING_PROFILES.fast,
      input({
        settings: stockSettings([setting('shared_buffers', '4096', 'postmaster', { unit: '8kB', display: '32MB', source: 'command line' })]),
        canAlterSystem: (name) => name !== 'wal_buffers',
        facts: { ...facts, currentUser: 'loader' },
      }),
    );
    expect(plan.changes.map((c) => c.name)).not.toContain('shared_buffers');
    expect(plan.changes.map((c) => c.name)).not.toContain('wal_buffers');
    expect(plan.warnings.join('\n')).toMatch(/shared_buffers stays 32MB: it is set on the server's command line/);
    expect(plan.warnings.join('\n')).toMatch(/role loader may not ALTER SYSTEM/);
  });

  it('refuses wal_level = minimal with standbys, archiving or WAL summarization, each with its reason', () => {
    const plan = planTuning(
      TUNING_PROFILES.fast,
      input({
        facts: { ...facts, standbys: 1 },
        settings: stockSettings([setting('archive_mode', 'on', 'postmaster'), setting('summarize_wal', 'on', 'sighup')]),
      }),
    );
    expect(plan.refusals).toEqual([
      'wal_level = minimal refused: 1 standby or WAL receiver(s) are connected (pg_stat_replication)',
      'wal_level = minimal refused: archive_mode is on: WAL archiving (backups) would stop',
      'wal_level = minimal refused: summarize_wal is on, which needs wal_level replica or logical',
    ]);
  });

  it('refuses everything on a standby, and the unsafe profile without consent', () => {
    expect(planTuning(TUNING_PROFILES.safe, input({ facts: { ...facts, inRecovery: true } })).refusals).toEqual([
      'the server is a standby (in recovery): it takes no writes, so there is nothing to tune',
    ]);
    expect(planTuning(TUNING_PROFILES.unsafe, input()).refusals[0]).toMatch(/turns off fsync and full_page_writes/);
    expect(planTuning(TUNING_PROFILES.unsafe, input({ allowUnsafe: true })).refusals).toEqual([]);
  });

  it('picks safe at or above the row threshold and off below it, unless a profile is requested', () => {
    expect(chooseTuningProfile({ rows: 400_000 }).name).toBe('safe');
    expect(chooseTuningProfile({ rows: 399_999 }).name).toBe('off');
    expect(chooseTuningProfile({ rows: 10, threshold: 10 }).name).toBe('safe');
    expect(chooseTuningProfile({ rows: 10, requested: 'fast' }).name).toBe('fast');
    expect(() => chooseTuningProfile({ rows: 10, requested: 'turbo' })).toThrow(/^tuning profile "turbo" is not known; expected one of off, safe, fast, unsafe$/);
    const refused = (() => {
      try {
        chooseTuningProfile({ rows: 10, requested: 'turbo' });
      } catch (error) {
        return error as ReseedError;
      }
    })();
    expect(refused?.describe(CLI_HINT_WORDS)).toMatch(/^--tuning "turbo" is not known/);
  });
});
