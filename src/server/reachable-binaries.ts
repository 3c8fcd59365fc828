import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serverUserCanReach } from './postgres-binaries';

/** Where {@link reachableBinDir} copies binaries the server's OS user cannot reach (one folder per source). */
export const FALLBACK_BINARIES_ROOT = '/var/tmp/reseed/binaries';
/** Written last into a finished copy: a copy without it was cut short and is made again. */
const COMPLETE_MARKER = '.reseed-complete';

/** Where the server's binaries can be run from, and where they were copied from when they had to be. */
export interface ReachableBinaries {
  binDir: string;
  /** The folder the binaries were copied from (out of the server user's reach); undefined when they are used in place. */
  copiedFrom?: string;
}

/**
 * The embedded binaries live under node_modules, inside the project: when
 * reseed is root in a private folder (root's home is 0700), the postgres user
 * that must run them cannot get through. Then the installation (bin, lib,
 * share: the binaries find the rest relative to themselves) is copied once to
 * {@link FALLBACK_BINARIES_ROOT}, open to that user, and used from there.
 */
export function reachableBinDir(binDir: string, options: { root?: string } = {}): ReachableBinaries {
  if (serverUserCanReach(binDir)) return { binDir };
  const installation = path.dirname(path.resolve(binDir));
  const stamp = statSync(path.join(binDir, 'postgres')).mtimeMs;
  const key = createHash('sha256').update(`${installation}\0${stamp}`).digest('hex').slice(0, 12);
  const root = options.root ?? FALLBACK_BINARIES_ROOT;
  const target = path.join(root, key);
  if (!existsSync(path.join(target, COMPLETE_MARKER))) {
    mkdirSync(root, { recursive: true });
    openUp(path.dirname(root));
    openUp(root);
    const temp = `${target}.${process.pid}.tmp`;
    rmSync(temp, { recursive: true, force: true });
    cpSync(installation, temp, { recursive: true, verbatimSymlinks: true });
    openTree(temp);
    writeFileSync(path.join(temp, COMPLETE_MARKER), `${installation}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(temp, target);
  }
  return { binDir: path.join(target, path.basename(binDir)), copiedFrom: installation };
}

function openUp(dir: string): void {
  try {
    chmodSync(dir, 0o755);
  } catch {
    // not ours to change (/var/tmp): it is world-traversable anyway
  }
}

/** Folders 0755, files readable by all (executables keep their x bits). */
function openTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) openTree(full);
    else chmodSync(full, statSync(full).mode | 0o444);
  }
}
