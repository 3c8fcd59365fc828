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
    const message = context.nodes?.length ? clusterMessage(context) : serverMessage(context);
    try {
      await this.#prompter.input(message);
    } catch (cause) {
      if (context.signal?.aborted) throw new RestartError('RESEED_RESTART_ABORTED', 'Restart prompt aborted', { cause });
      throw cause;
    }
  }
}

function serverMessage(context: RestartContext): string {
  const settings = context.pendingSettings.length > 0 ? context.pendingSettings.join(', ') : 'the new settings';
  return `PostgreSQL must restart for ${settings} to take effect (${context.reason}).\n${howToRestart(context.hint)}Press Enter once it has restarted`;
}

/** Names each node that must restart, with its settings and the command for it. */
function clusterMessage(context: RestartContext): string {
  const nodes = context.nodes!;
  const each = nodes.map((node) => `  ${node.label} (${node.pendingSettings.join(', ')}): ${howToRestart(node.hint).trimEnd()}\n`).join('');
  const count = nodes.length === 1 ? 'one node' : `${nodes.length} nodes`;
  return `${count} of the Citus cluster must restart for the new settings to take effect (${context.reason}):\n${each}Press Enter once ${nodes.length === 1 ? 'it has' : 'all have'} restarted`;
}

function howToRestart(hint: RestartContext['hint']): string {
  return hint?.command
    ? `Restart it now${hint.local ? '' : " on the server's host"}:\n    ${hint.command}\n`
    : `Restart it the way it is managed (${hint?.explanation ?? 'reseed cannot tell how'}).\n`;
}
