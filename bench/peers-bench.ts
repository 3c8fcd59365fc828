/**
 * `npm run bench -- --peers`: the same users + posts workload
 * (bench/peers/schema.sql, `rows` posts and a fifth as many users) seeded by
 * drizzle-seed and typeorm-extension as their docs show (bench/peers/, its
 * own package.json: `npm install` there first), by reseed, and by a raw COPY
 * of pre-generated rows. Each contender runs in its own process under
 * /usr/bin/time -v on a freshly created schema, in rotated order; reseed as
 * an app runs it, the installed CLI (bin/reseed.cjs on dist/, built first)
 * with bench/peer-config.ts. Printed:
 * rows/s of the load as the contender timed it (reseed: its whole seed,
 * plan to ANALYZE and any index rebuild; no process start-up) and
 * peak RSS, medians, and each one's ratio to reseed's rows/s in the same
 * repetition. typeorm-extension saves row by row: it gets a tenth of the rows.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { LocalPostgres } from '../src/server/local-postgres';
import { rotatedOrder } from './rotated-order';
import { median } from './median';
import { buildCli, REPO_ROOT } from './timed-cli-run';
import { runCliUnderTime } from './cli-under-time';
import { runUnderTime } from './time-v';
import { formatMb, formatRate, formatRatio, formatTable } from './bench-table';

const PEERS_DIR = path.join(REPO_ROOT, 'bench', 'peers');
const TSX = require.resolve('tsx');

type Contender = 'reseed' | 'copy' | 'drizzle-seed' | 'typeorm-extension';
const CONTENDERS: Contender[] = ['reseed', 'copy', 'drizzle-seed', 'typeorm-extension'];
/** typeorm-extension's share of the rows: one INSERT per post. */
const SLOW_SHARE = 0.1;

/** Where each peer runs from: the peers from their own package, the COPY from the repository. */
const SCRIPTS: Record<Exclude<Contender, 'reseed'>, { cwd: string; file: string }> = {
  copy: { cwd: REPO_ROOT, file: path.join(REPO_ROOT, 'bench', 'peer-copy.ts') },
  'drizzle-seed': { cwd: PEERS_DIR, file: path.join(PEERS_DIR, 'drizzle-seed.ts') },
  'typeorm-extension': { cwd: PEERS_DIR, file: path.join(PEERS_DIR, 'typeorm-extension.mts') },
};

interface Run {
  rowsPerSec: number;
  peakRssBytes: number;
}

export async function runPeersBench(posts: number, reps: number): Promise<number> {
  if (!existsSync(path.join(PEERS_DIR, 'node_modules'))) {
    console.error(`bench --peers: the peers are not installed: run \`npm install\` in ${PEERS_DIR} first`);
    return 2;
  }
  buildCli();
  const root = mkdtempSync(path.join(os.tmpdir(), 'reseed-peers-'));
  chmodSync(root, 0o755);
  const server = await LocalPostgres.open({ dataDir: path.join(root, 'data'), database: 'reseed_peers' });
  try {
    const users = Math.max(1, Math.round(posts / 5));
    console.log(`peer bench: ${users.toLocaleString('en-US')} users + ${posts.toLocaleString('en-US')} posts (typeorm-extension: ${SLOW_SHARE * 100}% of both), ${reps} repetitions, node ${process.version}, ${os.cpus().length} cores`);
    const runs: Record<Contender, Run[]> = { reseed: [], copy: [], 'drizzle-seed': [], 'typeorm-extension': [] };
    for (let rep = 0; rep < reps; rep++) {
      for (const contender of rotatedOrder(CONTENDERS, rep)) {
        const share = contender === 'typeorm-extension' ? SLOW_SHARE : 1;
        await freshSchema(server.url);
        runs[contender].push(await runContender(contender, server.url, Math.max(1, Math.round(users * share)), Math.max(1, Math.round(posts * share))));
      }
      console.log(`  rep ${rep + 1}: ${CONTENDERS.map((c) => `${c} ${formatRate(runs[c].at(-1)!.rowsPerSec)}`).join('  ')} rows/s`);
    }
    console.log('\nmedians (rows/s of the load, peak RSS of the process; ratio = median of per-repetition reseed / contender)');
    console.log(
      formatTable(
        ['contender', 'rows/s', 'peak RSS', 'reseed /'],
        CONTENDERS.map((c) => [
          c,
          formatRate(median(runs[c].map((r) => r.rowsPerSec))),
          formatMb(median(runs[c].map((r) => r.peakRssBytes))),
          formatRatio(median(runs.reseed.map((r, i) => r.rowsPerSec / runs[c][i]!.rowsPerSec))),
        ]),
      ),
    );
    return 0;
  } finally {
    await server.destroy();
    rmSync(root, { recursive: true, force: true });
  }
}

async function freshSchema(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS reseed_run_tables, reseed_runs, migrations CASCADE');
    await client.query(readFileSync(path.join(PEERS_DIR, 'schema.sql'), 'utf8'));
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

/** The peer workload's reseed config (EntitySchemas and factories; generation workers load it by path). */
const RESEED_CONFIG = path.join(REPO_ROOT, 'bench', 'peer-config.ts');

async function runContender(contender: Contender, url: string, users: number, posts: number): Promise<Run> {
  if (contender === 'reseed') {
    // As an app runs it: the installed CLI, compiled, defaults for workers, streams and index deferral.
    const run = await runCliUnderTime(['--config', RESEED_CONFIG, '--count', `users=${users}`, '--count', `posts=${posts}`, '--yes', '--tuning', 'off'], url);
    return { rowsPerSec: run.overallRowsPerSec, peakRssBytes: run.peakRssBytes };
  }
  const { cwd, file } = SCRIPTS[contender];
  const run = await runUnderTime(['--import', TSX, file], {
    cwd,
    env: { ...process.env, DATABASE_URL: url, PEER_USERS: String(users), PEER_POSTS: String(posts) },
    what: contender,
  });
  const result = run.out.split('\n').reverse().find((l) => l.startsWith('{'));
  if (!result) throw new Error(`${contender} printed no {"rows","ms"} line:\n${run.out.slice(-2000)}`);
  const { rows, ms } = JSON.parse(result) as { rows: number; ms: number };
  return { rowsPerSec: rows / (ms / 1000), peakRssBytes: run.peakRssBytes };
}
