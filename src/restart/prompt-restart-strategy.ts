import type { Prompter } from './prompter';
import type { RestartContext, RestartStrategy } from './restart-strategy';
import { RestartError } from './restart-error';

/**
 * Asks the person to restart the server, showing the exact command when
 * reseed can tell it, and resolves when they press Enter. Whether they really
 * restarted it is for restartAndVerify to find out.
 */
export class PromptRestartStrategy implements RestartStrategy {
  readonly name = 'prompt';
  readonly #prompter: Prompter;

  constructor(options: { prompter: Prompter }) {
    this.#prompter = options.prompter;
  }

  async restart(context: RestartContext): Promise<void> {
    context.signal?.throwIfAborted();
    const settings = context.pendingSettings.length > 0 ? context.pendingSettings.join(', ') : 'the new settings';
    const how = context.hint?.command
      ? `Restart it now${context.hint.local ? '' : " on the server's host"}:\n    ${context.hint.command}\n`
      : `Restart it the way it is managed (${context.hint?.explanation ?? 'reseed cannot tell how'}).\n`;
    const message = `PostgreSQL must restart for ${settings} to take effect (${context.reason}).\n${how}Press Enter once it has restarted`;
    try {
      await this.#prompter.input(message);
    } catch (cause) {
      if (context.signal?.aborted) throw new RestartError('RESEED_RESTART_ABORTED', 'Restart prompt aborted', { cause });
      throw cause;
    }
  }
}
