import { confirm } from '@inquirer/prompts';
import { isInteractive, type CliIo } from './cli-io';

/**
 * The seed's confirm(): yes with --yes; an inquirer prompt in a terminal;
 * otherwise undefined, so the engine answers no and names the flag to pass.
 */
export function confirmFor(yes: boolean, io: CliIo): ((question: string) => Promise<boolean>) | undefined {
  if (yes) return async () => true;
  if (!isInteractive(io)) return undefined;
  return (question) => confirm({ message: question, default: false }, { input: io.stdin, output: io.stdout });
}
