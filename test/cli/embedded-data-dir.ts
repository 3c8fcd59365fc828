import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A folder for the embedded cluster of CLI runs without DATABASE_URL (RESEED_DATA_DIR). */
export interface EmbeddedDataDir {
  /** RESEED_DATA_DIR, for the CLI's environment. */
  readonly dataDir: string;
  /** The port the embedded server last ran on (its reseed-port file). */
  port(): number;
  /** Destroys whatever cluster the runs left there, then the folder. */
  remove(): Promise<void>;
}

/** A fresh folder, reachable by the postgres OS user (the server runs as it when we are root). */
export function embeddedDataDir(prefix: string): EmbeddedDataDir {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'pgdata');
  return {
    dataDir,
    port: () => Number(readFileSync(path.join(dataDir, 'reseed-port'), 'utf8')),
    async remove() {
      const { LocalPostgres } = await import('../../src/server/local-postgres');
      await (await LocalPostgres.open({ dataDir }).catch(() => undefined))?.destroy();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
