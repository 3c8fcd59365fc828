import type { DataSourceManager } from '../connection';
import { restartAndVerify, type RestartAndVerifyOptions, type RestartOutcome } from '../restart/restart-and-verify';
import { describeRestartCommand, type RestartCommandHint } from '../restart/restart-command-hint';
import { readServerFacts } from '../tuning/server-facts';

/**
 * restartAndVerify() for the manager's server: the restart command hint is
 * read from it, and when the manager's recreate() keeps a new DataSource
 * whose health check found the values off, that DataSource is checked.
 */
export async function restartManagedServer(
  manager: DataSourceManager,
  options: Omit<RestartAndVerifyOptions, 'current' | 'hint'>,
): Promise<RestartOutcome> {
  return restartAndVerify({ ...options, current: () => manager.ready(), hint: await restartHint(manager) });
}

/** How to restart this server, when reseed can tell; undefined when it cannot. */
async function restartHint(manager: DataSourceManager): Promise<RestartCommandHint | undefined> {
  return readServerFacts(await manager.ready())
    .then((facts) => describeRestartCommand(facts))
    .catch(() => undefined);
}
