import type { RestartContext, RestartStrategy } from './restart-strategy';

/** No restart: the run carries on with the values that are active, and says so. */
export class SkipRestartStrategy implements RestartStrategy {
  readonly name = 'skip';

  async restart(context: RestartContext): Promise<void> {
    if (context.pendingSettings.length === 0) return;
    context.logger.warn(
      `restart skipped: ${context.pendingSettings.join(', ')} stay pending and the run carries on with the active values`,
    );
  }
}
