import { targetUrl } from '../connection/database-url';
import type { ResolvedDatabase } from '../server/resolve-database';

/** How often the foreground server command checks that PostgreSQL is still up. */
const SERVER_CHECK_MS = 2_000;

/**
 * Keeps the embedded server running in the foreground until Ctrl-C or
 * SIGTERM, so psql and the app can use it; the caller stops it afterwards.
 * The check timer keeps the process alive (the postmaster is a detached
 * child, which alone would let Node exit at once) and ends the command with
 * exit code 1 when the server goes away by itself.
 */
export async function runServerCommand(database: ResolvedDatabase, out: NodeJS.WritableStream, err: NodeJS.WritableStream = out): Promise<number> {
  const server = database.embedded;
  if (!server) {
    out.write(`DATABASE_URL is set (${targetUrl(database.target)}): that server is yours; reseed has nothing to run.\n`);
    return 0;
  }
  out.write(`Embedded PostgreSQL is running: psql "${targetUrl(database.target)}"\n`);
  out.write('Password: RESEED_EMBEDDED_PASSWORD (default in the README). Ctrl-C stops it.\n');
  return new Promise<number>((resolve) => {
    let checking = false;
    const timer = setInterval(() => {
      if (checking) return;
      checking = true;
      void server.isRunning().then(
        (running) => {
          checking = false;
          if (!running) finish(1, 'The embedded PostgreSQL stopped by itself.');
        },
        () => (checking = false),
      );
    }, SERVER_CHECK_MS);
    const onSignal = (signal: NodeJS.Signals) => finish(0, `${signal}: stopping the embedded PostgreSQL`);
    function finish(code: number, message: string): void {
      clearInterval(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      err.write(`${message}\n`);
      resolve(code);
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
