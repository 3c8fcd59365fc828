/** The text of `reseed --help`. Keep it in step with the README's option table. */
export const HELP_TEXT = `reseed: realistic, reproducible fake data for PostgreSQL through TypeORM

Usage:
  npm run seed -- [options]               seed (the default command)
  npm run seed -- restore                 put back settings, indexes and FKs after a crash
                                          (--restart/--restart-command as below for the
                                          restart that finishes it)
  npm run migration:run | migration:revert | migration:show
  npm run migration:generate -- migrations/Name
  npm run db                              run the embedded server until Ctrl-C (for psql)

Seed options:
  --preset small|medium|large   dataset size (default small: a few thousand rows;
                                medium ~100k; large >= 1M)
  --count TABLE=N               rows for one table, repeatable; overrides the preset
  --seed N                      random seed (default 1); same seed, same data
  --batch-size N                rows per insert batch (default: from the 65535
                                bind-parameter limit and the column count)
  --writer copy|repository      how batches are written: COPY (default) or
                                TypeORM's multi-row INSERTs
  --config PATH                 your entities and factories (default: ./reseed.config.ts
                                when present, else the example schema)
  --resume                      continue the unfinished run
  --truncate                    empty the seeded tables first (asks; --yes skips)
  --append                      add rows after the existing ones
  --yes, -y                     answer yes to every question
  --dry-run                     print the plan, write nothing
  --tuning off|safe|fast|unsafe tune PostgreSQL for the load (default: safe at or
                                above --tuning-threshold rows, else off)
  --tuning-threshold N          rows from which tuning defaults to safe (400000)
  --unsafe                      allow --tuning unsafe (fsync off: a crash may corrupt
                                the cluster)
  --restart prompt|command|embedded|exit|skip
                                how the server is restarted when a setting needs it
                                (default: embedded for reseed's own server, prompt in
                                a terminal, else exit)
  --restart-command "CMD"       shell command that restarts the server (implies
                                --restart command)
  --verbose, -v                 more detail, stack traces on errors
  --help, -h                    this text

Environment:
  DATABASE_URL                  postgres://user:password@host:5432/db (else PG* variables;
                                else reseed starts its embedded PostgreSQL)
  RESEED_DATA_DIR               embedded cluster folder (default .reseed/pgdata)
  RESEED_EMBEDDED_PORT          embedded server port (default: last used, else a free one)
  RESEED_STATE_DIR              tuning state and restart log (default .reseed)

Exit codes: 0 done, 1 failed, 2 bad input (nothing written), 75 waiting for a
restart (--restart exit: run again with --resume), 130 interrupted (resumable).
`;
