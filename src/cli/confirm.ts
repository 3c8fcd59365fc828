import { confirm } from '@inquirer/prompts';
import { isInteractive } from '../is-interactive';
import type { CliIo } from './cli-io';

/**
 * The seed's confirm(): yes with --yes; an inquirer prompt in a terminal;
 * otherwise undefined, so the engine answers no and names the flag to pass.
 */
export function confirmFor(yes: boolean, io: CliIo, onForceClose?: () => unknown): ((question: string) => Promise<boolean>) | undefined {
  if (yes) return async () => true;
  if (!isInteractive(io)) return undefined;
  return async (question) => {
    try {
      return await confirm({ message: question, default: false }, { input: io.stdin, output: io.stdout });
    } catch (error) {
      // Ctrl-C at the question: a stop like SIGINT (resumable, exit 130), not a failure.
      if (onForceClose && (error as Error).name === 'ExitPromptError') throw onForceClose();
      throw error;
    }
  };
}
