import type { Prompter } from '../../src/restart/prompter';

/**
 * The person at the prompt: presses Enter, restarting the server only at the
 * second press, and answers yes to every question. Keeps what was shown and asked.
 */
export function personWhoRestartsAtSecondEnter(restart: () => Promise<void>): Prompter & { shown: string[]; asked: string[] } {
  const shown: string[] = [];
  const asked: string[] = [];
  let enters = 0;
  return {
    shown,
    asked,
    async input(message) {
      shown.push(message);
      enters += 1;
      if (enters === 2) await restart();
      return '';
    },
    async confirm(message) {
      asked.push(message);
      return true;
    },
  };
}
