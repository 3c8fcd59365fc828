import { targetUrl } from '../connection/database-url';
import type { ResolvedDatabase } from '../server/resolve-database';

/** Keeps the embedded server running until Ctrl-C or SIGTERM, so psql and the app can use it. */
export async function runServerCommand(database: ResolvedDatabase, out: NodeJS.WritableStream): Promise<number> {
  if (!database.embedded) {
    out.write(`DATABASE_URL is set (${targetUrl(database.target)}): that server is yours; reseed has nothing to run.\n`);
    return 0;
  }
  out.write(`Embedded PostgreSQL is running: psql "${targetUrl(database.target)}"\n`);
  out.write('Password: RESEED_EMBEDDED_PASSWORD (default in the README). Ctrl-C stops it.\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return 0;
}
