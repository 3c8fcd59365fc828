import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InquirerPrompter } from '../../src/restart/inquirer-prompter';

/** A terminal stand-in: what the prompt writes, and a way to type. */
function terminal(): { input: PassThrough; output: PassThrough; written(): string; type(text: string): void } {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { input, output, written: () => text, type: (t) => input.write(t) };
}

describe('the inquirer prompter the CLI uses', () => {
  it('shows the restart message and resolves when Enter is pressed', async () => {
    const tty = terminal();
    const prompter = new InquirerPrompter({ input: tty.input, output: tty.output });
    const answer = prompter.input('Restart it now:\n    pg_ctl restart -D /data\nPress Enter once it has restarted');
    setTimeout(() => tty.type('\r'), 50);
    await expect(answer).resolves.toBe('');
    expect(tty.written()).toContain('pg_ctl restart -D /data');
  });

  it('asks yes/no, Enter meaning the default', async () => {
    const tty = terminal();
    const prompter = new InquirerPrompter({ input: tty.input, output: tty.output });
    const again = prompter.confirm('Restart it and check again?', true);
    setTimeout(() => tty.type('\r'), 50);
    await expect(again).resolves.toBe(true);
    const no = prompter.confirm('Restart it and check again?', true);
    setTimeout(() => tty.type('n\r'), 50);
    await expect(no).resolves.toBe(false);
  });

  it('gives up an open question when the signal aborts', async () => {
    const tty = terminal();
    const controller = new AbortController();
    const prompter = new InquirerPrompter({ input: tty.input, output: tty.output, signal: controller.signal });
    const answer = prompter.input('Press Enter once it has restarted');
    setTimeout(() => controller.abort(), 50);
    await expect(answer).rejects.toThrow();
  });
});
