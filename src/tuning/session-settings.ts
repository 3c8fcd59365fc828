import { messageOf } from './pg-settings';
import type { Queryable } from '../queryable';
import { TuningError } from './tuning-error';
import type { TuningState } from './tuning-state';

/**
 * Session settings as a libpq `options` string (`-c name=value ...`), for
 * the pg `options` connection parameter: every pooled connection, including
 * those opened after a restart, starts with them and no query is needed.
 */
export function sessionSettingsOptions(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value.replace(/([\\\s])/g, '\\$1')}`)
    .join(' ');
}

/** Sets the session settings on the connection behind `runner` (one connection: a pg Client or a QueryRunner). */
export async function applySessionSettings(runner: Queryable, settings: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, value] of Object.entries(settings)) {
    try {
      await runner.query('SELECT set_config($1, $2, false)', [name, value]);
    } catch (cause) {
      throw new TuningError('RESEED_TUNING_SQL_FAILED', `Could not SET ${name} = ${value}: ${messageOf(cause)}`, { cause });
    }
  }
}

/**
 * The session settings of a recorded tuning, for a resumed run (`--resume`)
 * that did not go through applyTuning in this process.
 */
export function sessionSettingsFromState(state: TuningState): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const s of state.settings) if (s.scope === 'session' && s.applied) settings[s.name] = s.target;
  return settings;
}
