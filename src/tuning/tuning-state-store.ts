import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { messageOf } from './pg-settings';
import type { Queryable } from '../queryable';
import { TuningError } from './tuning-error';
import { SILENT_LOGGER, type Logger } from '../logger';
import { readServerIdentity, type ServerIdentity } from './server-identity';
import { mergeTuningStates, type TuningState } from './tuning-state';

/** Default local state file, relative to the working directory. */
export const DEFAULT_TUNING_STATE_FILE = '.reseed/tuning-state.json';
/** Default key of the state row. */
export const DEFAULT_TUNING_STATE_KEY = 'default';
/** The table reseed keeps its tuning state in, in the seeded database. */
export const TUNING_STATE_TABLE = 'reseed_tuning_state';

/** Options of {@link TuningStateStore}. */
export interface TuningStateStoreOptions {
  /** The local JSON file. Default: {@link DEFAULT_TUNING_STATE_FILE}. */
  file?: string;
  /** Key of the state row and file content. Default: {@link DEFAULT_TUNING_STATE_KEY}. */
  key?: string;
  /** Where a failed table write is reported (the file still holds the state). Default: silent. */
  logger?: Logger;
}

/**
 * Keeps the {@link TuningState} in two places: a local JSON file, which must
 * be written (restore works from it even when the database is what broke),
 * and the `reseed_tuning_state` table, which is best-effort (a role without
 * CREATE on the schema still gets the file) and reported when it fails.
 */
export class TuningStateStore {
  readonly file: string;
  readonly key: string;
  readonly #logger: Logger;

  constructor(options: TuningStateStoreOptions = {}) {
    this.file = path.resolve(options.file ?? DEFAULT_TUNING_STATE_FILE);
    this.key = options.key ?? DEFAULT_TUNING_STATE_KEY;
    this.#logger = options.logger ?? SILENT_LOGGER;
  }

  /** The recorded state from the file and the table, united; undefined when neither holds one. */
  async load(runner: Queryable | undefined): Promise<TuningState | undefined> {
    const fromFile = this.loadFile();
    let fromTable: TuningState | undefined;
    if (runner) {
      try {
        const rows = await runner.query<{ state: TuningState | string }>(
          `SELECT state FROM ${TUNING_STATE_TABLE} WHERE key = $1`,
          [this.key],
        );
        const raw = rows[0]?.state;
        fromTable = typeof raw === 'string' ? (JSON.parse(raw) as TuningState) : raw;
      } catch {
        // No table yet, or the database is the part that broke: the file decides.
      }
    }
    const state = fromFile && fromTable ? mergeTuningStates(fromFile, fromTable) : (fromFile ?? fromTable);
    if (state && runner) await this.#checkIdentity(runner, state);
    return state;
  }

  /** Settings belong to a cluster and tables to a database: a state recorded elsewhere must not be applied here. */
  async #checkIdentity(runner: Queryable, state: TuningState): Promise<void> {
    let here: ServerIdentity;
    try {
      here = await readServerIdentity(runner);
    } catch {
      return; // the caller's own queries will report an unreachable database
    }
    if (state.systemIdentifier && here.systemIdentifier !== state.systemIdentifier) {
      throw new TuningError(
        'RESEED_TUNING_STATE_FAILED',
        `The tuning state in ${this.file} was recorded on another PostgreSQL cluster (system identifier ${state.systemIdentifier}, ` +
          `this one is ${here.systemIdentifier}); connect to that server to restore it`,
      );
    }
    if (here.database !== state.database) {
      throw new TuningError(
        'RESEED_TUNING_STATE_FAILED',
        `The tuning state in ${this.file} was recorded for database "${state.database}", but this connection is to "${here.database}"; ` +
          `connect to "${state.database}" to restore it`,
      );
    }
  }

  /** The state in the local file alone; undefined when there is none. */
  loadFile(): TuningState | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new TuningError('RESEED_TUNING_STATE_FAILED', `Could not read the tuning state file ${this.file}: ${messageOf(error)}`, { cause: error });
    }
    try {
      const state = JSON.parse(text) as TuningState;
      if (state.version !== 1 || !Array.isArray(state.settings)) throw new Error('not a reseed tuning state (version 1)');
      return state;
    } catch (error) {
      throw new TuningError('RESEED_TUNING_STATE_FAILED', `The tuning state file ${this.file} is damaged: ${messageOf(error)}`, { cause: error });
    }
  }

  /** Writes the state: the file atomically (throws on failure), then the table (warns on failure). */
  async save(runner: Queryable | undefined, state: TuningState): Promise<void> {
    state.updatedAt = new Date().toISOString();
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, this.file);
    } catch (error) {
      throw new TuningError('RESEED_TUNING_STATE_FAILED', `Could not write the tuning state file ${this.file}: ${messageOf(error)}`, { cause: error });
    }
    if (!runner) return;
    try {
      await runner.query(
        `CREATE TABLE IF NOT EXISTS ${TUNING_STATE_TABLE} (
           key text PRIMARY KEY, state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
      );
      await runner.query(
        `INSERT INTO ${TUNING_STATE_TABLE} (key, state, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [this.key, JSON.stringify(state)],
      );
    } catch (error) {
      this.#logger.warn(`tuning state kept in ${this.file} only; the ${TUNING_STATE_TABLE} table could not be written: ${messageOf(error)}`);
    }
  }

  /** Forgets the state in both places; a missing file or table is fine. */
  async clear(runner: Queryable | undefined): Promise<void> {
    if (runner) {
      try {
        await runner.query(`DELETE FROM ${TUNING_STATE_TABLE} WHERE key = $1`, [this.key]);
      } catch {
        // no table: nothing recorded there
      }
    }
    rmSync(this.file, { force: true });
  }
}
