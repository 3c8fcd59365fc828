import type { Prompter } from './prompter';

/** Options of {@link InquirerPrompter}. */
export interface InquirerPrompterOptions {
  /** Aborting cancels an open question (Ctrl-C handling stays with the CLI). Default: none. */
  signal?: AbortSignal;
  /** Where answers are read. Default: process.stdin. */
  input?: NodeJS.ReadableStream;
  /** Where questions are written. Default: process.stdout. */
  output?: NodeJS.WritableStream;
}

/** The CLI's {@link Prompter}: questions in the terminal through @inquirer/prompts. */
export class InquirerPrompter implements Prompter {
  readonly #context: InquirerPrompterOptions;

  constructor(options: InquirerPrompterOptions = {}) {
    this.#context = { signal: options.signal, input: options.input, output: options.output };
  }

  async input(message: string): Promise<string> {
    // @inquirer/prompts is an ES module: loaded on first use, so the library loads without a terminal.
    const { input } = await import('@inquirer/prompts');
    return input({ message }, this.#context);
  }

  async confirm(message: string, defaultAnswer = true): Promise<boolean> {
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message, default: defaultAnswer }, this.#context);
  }
}
