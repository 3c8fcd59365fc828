import type { DataSourceManager } from '../connection';
import { describeRestartCommand, type RestartCommandHint } from '../restart/restart-command-hint';
import { readServerFacts } from '../tuning/server-facts';

/** How to restart this server, when reseed can tell; undefined when it cannot. */
export async function restartHint(manager: DataSourceManager): Promise<RestartCommandHint | undefined> {
  return readServerFacts(await manager.ready())
    .then((facts) => describeRestartCommand(facts))
    .catch(() => undefined);
}
