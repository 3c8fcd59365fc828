import type { CommandName } from './args';
import { commandLine } from './invocation';

/** Where a usage line's description starts. */
const USAGE_COLUMN = 31;

/**
 * Usage lines: the command as `run` invokes it, then what it does from
 * USAGE_COLUMN, or on the next line when the command is too long for that
 * (`npm run seed -- restore [options]`) or the line for 80 columns.
 */
function usage(run: string, rows: ReadonlyArray<readonly [command: string, what: string]>): string {
  return rows
    .map(([command, what]) => {
      const line = `  ${commandLine(run, command)}`;
      if (line.length < USAGE_COLUMN && USAGE_COLUMN + what.length <= 80) return line.padEnd(USAGE_COLUMN) + what;
      return `${line}\n${' '.repeat(Math.min(USAGE_COLUMN + 3, 80 - what.length))}${what}`;
    })
    .join('\n');
}

/** `reseed --help`: the commands. Keep it in step with the README's tables. */
function overview(run: string): string {
  return `reseed: realistic, reproducible fake data for PostgreSQL through TypeORM

Usage:
${usage(run, [
  ['[seed] [options]', 'seed (the default command)'],
  ['restore [options]', 'put back settings, indexes and FKs after a crash'],
  ['migrate run|revert|show|generate PATH', "the app's migrations through the TypeORM CLI"],
  ['server', 'run the embedded PostgreSQL until Ctrl-C'],
])}

${usage(run, [
  ['COMMAND --help', 'options of one command'],
  ['--version', "reseed's version"],
])}

Start: ${commandLine(run, '--data-source src/data-source.ts --count users=1000')}

Environment:
  DATABASE_URL                  postgres://user:password@host:5432/db; overrides
                                the data source's URL (else PG* variables; else,
                                without a data source, reseed starts its
                                embedded PostgreSQL)
  RESEED_DATA_DIR               embedded cluster folder (default .reseed/pgdata)
  RESEED_EMBEDDED_PORT          embedded server port (default: last used, else a
                                free one)
  RESEED_STATE_DIR              tuning state and restart log (default .reseed)

Exit codes: 0 done, 1 failed, 2 bad input (nothing written), 75 waiting for a
restart (--restart exit: run again with --resume), 130 Ctrl-C, 143 SIGTERM,
129 SIGHUP (tuning restored, the run resumable).
`;
}

const DATA_SOURCE = `  --data-source, -d PATH        the app's TypeORM data source (a .ts or .js
                                file exporting a DataSource or its options, as
                                typeorm -d); default: the config's dataSource`;

/** The migrate command's --data-source: its default is the TypeORM CLI's. */
const MIGRATE_DATA_SOURCE = `  --data-source, -d PATH        the app's TypeORM data source (a .ts or .js
                                file exporting a DataSource or its options, as
                                typeorm -d); default: ormconfig.ts, or
                                RESEED_ORMCONFIG`;

const RESTART = `  --restart prompt|command|embedded|exit|skip
                                how the server is restarted when a setting needs
                                it (default: embedded for reseed's own server,
                                prompt in a terminal, else exit)
  --restart-command "CMD"       shell command that restarts the server (implies
                                --restart command); shown and logged with
                                secrets masked, run without DATABASE_URL and
                                PGPASSWORD; on Citus, {host} {port}
                                {data_directory} {role} make it run once per
                                node that must restart
  --restart-pass-secrets        run --restart-command with DATABASE_URL and
                                PGPASSWORD`;

const COMMON = `  --verbose, -v                 more detail, stack traces on errors
  --help, -h                    this text`;

function seedHelp(run: string): string {
  return `Usage: ${commandLine(run, '[seed] [options]')}

Fills the tables of the app's entities (or of reseed's example schema) with
reproducible fake rows; resumable after any interruption.

Options:
${DATA_SOURCE}
  --config PATH                 entities, factories and presets (default: the
                                first of reseed.config.{ts,mts,cts,js,mjs,cjs}
                                in this folder; none needed with --data-source)
  --preset small|medium|large   dataset size (default small: a few thousand
                                rows; medium ~100k; large >= 1M)
  --count TABLE=N               rows for one table (its table or entity name),
                                repeatable; overrides the preset (1k, 2.5m,
                                1_000)
  --seed N                      random seed (default 1); same seed, same data
  --batch-size N                rows per insert batch (default: about 2 MB of
                                rows, at most what 65535 bind parameters fit)
  --writer copy|repository      how batches are written: COPY (default) or
                                TypeORM's multi-row INSERTs
  --workers N                   threads that generate and encode rows for COPY
                                (default: one per core, up to 4, from 100 MB of
                                rows as planned; 0: main thread)
  --streams N                   tables loaded side by side, each on its own
                                connection, once their parents are complete; a
                                table alone writes up to N batches at once
                                (default: 2; 1 with workers on under 4 cores; at
                                most 16)
  --shard K/N                   write shard K of N of every table (N processes,
                                on any machines, together write one run; each
                                resumable with --resume; no tuning)
  --resume                      continue the unfinished run
  --truncate                    empty the seeded tables first (asks; --yes
                                skips)
  --append                      add rows after the existing ones
  --yes, -y                     answer yes to every question
  --dry-run                     print the plan, write nothing
  --force                       load even when the estimated size is above the
                                free disk (embedded server) or 1 TB
  --tuning off|safe|fast|unsafe tune PostgreSQL for the load (default: safe
                                at or above --tuning-threshold rows, else off)
  --tuning-threshold N          rows from which tuning defaults to safe (400000)
  --defer-indexes auto|on|off   drop secondary indexes and FKs for the load and
                                rebuild them after, no restart needed (auto:
                                from 100000 rows into empty tables, or --tuning
                                fast)
  --unsafe                      allow --tuning unsafe (fsync off: a crash may
                                corrupt the cluster)
${RESTART}
${COMMON}
`;
}

function restoreHelp(run: string): string {
  return `Usage: ${commandLine(run, 'restore [options]')}

Puts back every setting, autovacuum option, index and foreign key that an
interrupted run changed; says so when there is nothing to restore.

Options:
${DATA_SOURCE}
${RESTART}
${COMMON}
`;
}

function migrateHelp(run: string): string {
  return `Usage: ${commandLine(run, 'migrate run|revert|show')}
       ${commandLine(run, 'migrate generate PATH')}

Runs the TypeORM CLI's migration commands against the same server as seed
(DATABASE_URL, else the embedded one). reseed's own ledger needs no migration.

Options:
${MIGRATE_DATA_SOURCE}
${COMMON}
`;
}

function serverHelp(run: string): string {
  return `Usage: ${commandLine(run, 'server')}

Runs the embedded PostgreSQL in the foreground, for psql or the app, until
Ctrl-C; prints its URL. With DATABASE_URL set there is nothing to run.

Options:
${COMMON}
`;
}

/** Help for one command, or the overview; `run` is how reseed was invoked (see invocationOf). */
export function helpText(topic: CommandName | undefined, run: string): string {
  switch (topic) {
    case 'seed':
      return seedHelp(run);
    case 'restore':
      return restoreHelp(run);
    case 'migrate':
      return migrateHelp(run);
    case 'server':
      return serverHelp(run);
    default:
      return `${overview(run)}\n${seedHelp(run)}`;
  }
}
