import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { messageOf } from './pg-settings';
import type { Queryable } from '../queryable';
import { TuningError } from './tuning-error';
import { SILENT_LOGGER, type Logger } from '../logger';
import { readServerIdentity, type ServerIdentity } from './server-identity';
import { ensureTuningStateTable, inspectTuningStateTable, untrustedTableWarning } from './tuning-state-table';
import { mergeTuningStates, type TuningState } from './tuning-state';

export { TUNING_STATE_TABLE } from './tuning-state-table';

/** Default local state file, relative to the working directory. */
export const DEFAULT_TUNING_STATE_FILE = '.reseed/tuning-state.json';
/** Default key of the state row. */
export const DEFAULT_TUNING_STATE_KEY = 'default';

/** Options of {@link TuningStateStore}. */
export interface TuningStateStoreOptions {
  /** The local JSON file. Default: {@link DEFAULT_TUNING_STATE_FILE}. */
  file?: string;
  /** Key of the state row and file content. Default: {@link DEFAULT_TUNING_STATE_KEY}. */
  key?: string;
  /** Where a failed or refused table write is reported (the file still holds the state). Default: silent. */
  logger?: Logger;
  /**
   * The folder of the per-(cluster, database) files made by {@link TuningStateStore.forServer}:
   * {@link otherDatabaseStates} reads the other databases' states of the same cluster there. Default: none.
   */
  folder?: string;
}

/** Options of {@link TuningStateStore.forServer}. */
export interface TuningStateFolderOptions {
  /** The folder holding one state file per (cluster, database), e.g. `.reseed`. */
  folder: string;
  key?: string;
  logger?: Logger;
}

/** File name of the state of one database of one cluster. */
export function tuningStateFileName(identity: ServerIdentity): string {
  const database = identity.database.replace(/[^A-Za-z0-9_.-]/g, (c) => `%${c.codePointAt(0)?.toString(16)}`);
  return `tuning-state-${identity.systemIdentifier}-${database}.json`;
}

/**
 * Keeps the {@link TuningState} in two places: a local JSON file (mode 0600),
 * which must be written (restore works from it even when the database is what
 * broke), and the `reseed_tuning_state` table, which is best-effort (a role
 * without CREATE on the schema still gets the file) and reported when it
 * fails. The table is read and written only while the connected role owns it
 * and nobody else may write to it: its rows hold SQL that restore runs, so a
 * table another role could fill is never trusted. A state is applied only on
 * the cluster and database it was recorded on.
 */
export class TuningStateStore {
  readonly file: string;
  readonly key: string;
  readonly #logger: Logger;
  readonly #folder: string | undefined;
  #warnedTable = false;

  constructor(options: TuningStateStoreOptions = {}) {
    this.file = path.resolve(options.file ?? DEFAULT_TUNING_STATE_FILE);
    this.key = options.key ?? DEFAULT_TUNING_STATE_KEY;
    this.#logger = options.logger ?? SILENT_LOGGER;
    this.#folder = options.folder === undefined ? undefined : path.resolve(options.folder);
  }

  /**
   * The store of the cluster and database behind `runner`, one file each in
   * `folder`, so that a pending state of one database never stands in the
   * way of another. A state file of an older reseed (`tuning-state.json`)
   * recorded for this database is moved to its new name.
   */
  static async forServer(runner: Queryable, options: TuningStateFolderOptions): Promise<TuningStateStore> {
    const identity = await readServerIdentity(runner);
    const folder = path.resolve(options.folder);
    const file = path.join(folder, tuningStateFileName(identity));
    const legacy = path.join(folder, 'tuning-state.json');
    if (!existsSync(file) && existsSync(legacy)) {
      const old = new TuningStateStore({ file: legacy }).loadFile();
      if (old?.systemIdentifier === identity.systemIdentifier && old.database === identity.database) renameSync(legacy, file);
    }
    return new TuningStateStore({ file, key: options.key, logger: options.logger, folder });
  }

  /**
   * The store of another server of the same cluster (a Citus worker, behind
   * `runner`): the same key and logger, its file in this store's folder (or
   * next to this store's file), named for that server's identity.
   */
  forNode(runner: Queryable): Promise<TuningStateStore> {
    return TuningStateStore.forServer(runner, { folder: this.#folder ?? path.dirname(this.file), key: this.key, logger: this.#logger });
  }

  /** The recorded state from the file and the (trusted) table, united; undefined when neither holds one. */
  async load(runner: Queryable | undefined): Promise<TuningState | undefined> {
    const fromFile = this.loadFile();
    const fromTable = runner ? await this.#loadTable(runner) : undefined;
    const state = fromFile && fromTable ? mergeTuningStates(fromFile, fromTable) : (fromFile ?? fromTable);
    if (state && runner) await this.#checkIdentity(runner, state);
    return state;
  }

  async #loadTable(runner: Queryable): Promise<TuningState | undefined> {
    let raw: TuningState | string | undefined;
    try {
      const status = await inspectTuningStateTable(runner);
      if (status.kind === 'untrusted') this.#warnTable(untrustedTableWarning(status));
      if (status.kind !== 'trusted') return undefined;
      const rows = await runner.query<{ state: TuningState | string }>(`SELECT state FROM ${status.qualified} WHERE key = $1`, [this.key]);
      raw = rows[0]?.state;
    } catch {
      return undefined; // the database is the part that broke: the file decides
    }
    if (raw === undefined) return undefined;
    try {
      return checkedState(typeof raw === 'string' ? JSON.parse(raw) : raw);
    } catch (error) {
      this.#warnTable(`the ${this.key} row of the tuning state table is not a reseed tuning state (${messageOf(error)}); it is ignored`);
      return undefined;
    }
  }

  #warnTable(message: string): void {
    if (this.#warnedTable) return;
    this.#warnedTable = true;
    this.#logger.warn(message);
  }

  /** Settings belong to a cluster and tables to a database: a state recorded elsewhere must not be applied here. */
  async #checkIdentity(runner: Queryable, state: TuningState): Promise<void> {
    const here = await readServerIdentity(runner);
    if (here.systemIdentifier !== state.systemIdentifier) {
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
    return readStateFile(this.file);
  }

  /**
   * The states other databases of the same cluster recorded in this store's
   * folder (settings are per cluster: a setting one of them changed is
   * tuned already, its original is in that state). Empty without a folder.
   */
  otherDatabaseStates(systemIdentifier: string): TuningState[] {
    if (!this.#folder) return [];
    let names: string[];
    try {
      names = readdirSync(this.#folder);
    } catch {
      return [];
    }
    const prefix = `tuning-state-${systemIdentifier}-`;
    const states: TuningState[] = [];
    for (const name of names) {
      const file = path.join(this.#folder, name);
      if (!name.startsWith(prefix) || !name.endsWith('.json') || file === this.file) continue;
      try {
        const state = readStateFile(file);
        if (state?.systemIdentifier === systemIdentifier) states.push(state);
      } catch {
        // a damaged file of another database is its own restore's business
      }
    }
    return states;
  }

  /** Writes the state: the file atomically (throws on failure), then the table (warns on failure). */
  async save(runner: Queryable | undefined, state: TuningState): Promise<void> {
    state.updatedAt = new Date().toISOString();
    try {
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, this.file);
    } catch (error) {
      throw new TuningError('RESEED_TUNING_STATE_FAILED', `Could not write the tuning state file ${this.file}: ${messageOf(error)}`, { cause: error });
    }
    if (!runner) return;
    try {
      const status = await ensureTuningStateTable(runner);
      if (status.kind === 'untrusted') return this.#warnTable(untrustedTableWarning(status));
      if (status.kind !== 'trusted') return;
      await runner.query(
        `INSERT INTO ${status.qualified} (key, state, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [this.key, JSON.stringify(state)],
      );
    } catch (error) {
      this.#warnTable(`tuning state kept in ${this.file} only; the tuning state table could not be written: ${messageOf(error)}`);
    }
  }

  /** Forgets the state in both places; a missing file or table is fine. */
  async clear(runner: Queryable | undefined): Promise<void> {
    if (runner) {
      try {
        const status = await inspectTuningStateTable(runner);
        if (status.kind === 'trusted') await runner.query(`DELETE FROM ${status.qualified} WHERE key = $1`, [this.key]);
      } catch {
        // nothing recorded there, or nothing reachable: the file is what counts
      }
    }
    rmSync(this.file, { force: true });
  }
}

function readStateFile(file: string): TuningState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TuningError('RESEED_TUNING_STATE_FAILED', `Could not read the tuning state file ${file}: ${messageOf(error)}`, { cause: error });
  }
  try {
    return checkedState(JSON.parse(text));
  } catch (error) {
    throw new TuningError('RESEED_TUNING_STATE_FAILED', `The tuning state file ${file} is damaged: ${messageOf(error)}`, { cause: error });
  }
}

/** The parsed value when it has the shape of a state, including the identity it belongs to; else throws. */
function checkedState(value: unknown): TuningState {
  const state = value as TuningState;
  if (!state || typeof state !== 'object' || state.version !== 1) throw new Error('not a reseed tuning state (version 1)');
  for (const list of ['settings', 'autovacuum', 'droppedIndexes', 'droppedConstraints'] as const) {
    if (!Array.isArray(state[list])) throw new Error(`${list} is not a list`);
  }
  if (typeof state.systemIdentifier !== 'string' || !/^\d+$/.test(state.systemIdentifier)) throw new Error('it names no cluster (systemIdentifier)');
  if (typeof state.database !== 'string' || state.database === '') throw new Error('it names no database');
  return state;
}
