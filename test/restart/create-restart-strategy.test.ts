import { describe, expect, it } from 'vitest';
import { CLI_HINT_WORDS } from '../../src/cli/cli-hint-words';
import { createRestartStrategy, defaultRestartStrategyName } from '../../src/restart/create-restart-strategy';
import type { RestartError } from '../../src/restart/restart-error';
import type { Prompter } from '../../src/restart/prompter';

const prompter: Prompter = { input: async () => '', confirm: async () => true };

describe('choosing a restart strategy from the options', () => {
  it('builds each named strategy from what it needs', () => {
    expect(createRestartStrategy('prompt', { prompter }).name).toBe('prompt');
    expect(createRestartStrategy('command', { command: 'pg_ctl restart -D /x' }).name).toBe('command');
    expect(createRestartStrategy('embedded', { server: { restart: async () => undefined } }).name).toBe('embedded');
    expect(createRestartStrategy('exit').name).toBe('exit');
    expect(createRestartStrategy('skip').name).toBe('skip');
  });

  it('names the accepted values or the missing piece', () => {
    expect(() => createRestartStrategy('reboot')).toThrow(/^restart strategy "reboot" is not known; expected one of prompt, command, embedded, exit, skip$/);
    expect(() => createRestartStrategy('command')).toThrow(/^restart strategy command needs command "/);
    expect(() => createRestartStrategy('prompt')).toThrow(/needs a terminal/);
    expect(() => createRestartStrategy('embedded')).toThrow(/only when reseed started the server itself/);
    expect(() => createRestartStrategy('reboot')).toThrow(expect.objectContaining({ code: 'RESEED_RESTART_BAD_OPTION' }));
  });

  it('names the options in the library\'s words, and the CLI words them as its flags', () => {
    const thrown = (name: string) => {
      try {
        createRestartStrategy(name);
      } catch (error) {
        return error as RestartError;
      }
      throw new Error(`createRestartStrategy('${name}') did not throw`);
    };
    expect(thrown('reboot').message).not.toMatch(/--/);
    expect(thrown('reboot').describe(CLI_HINT_WORDS)).toBe('--restart "reboot" is not known; expected one of prompt, command, embedded, exit, skip');
    expect(thrown('command').describe(CLI_HINT_WORDS)).toMatch(/^--restart command needs --restart-command "/);
    expect(thrown('prompt').describe(CLI_HINT_WORDS)).toBe('--restart prompt needs a terminal; use --restart command, exit or skip');
  });

  it('defaults to embedded for its own server, prompt in a terminal, exit otherwise', () => {
    expect(defaultRestartStrategyName({ embeddedServer: true, interactive: true })).toBe('embedded');
    expect(defaultRestartStrategyName({ embeddedServer: false, interactive: true })).toBe('prompt');
    expect(defaultRestartStrategyName({ embeddedServer: false, interactive: false })).toBe('exit');
  });
});
