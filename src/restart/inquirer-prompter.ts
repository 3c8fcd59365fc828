import type { Prompter } from './prompter';

/** Options of {@link InquirerPrompter}. */
export interface InquirerPrompterOptions {
  /** Aborting cancels an open question (Ctrl-C handling stays with the CLI). Default: none. */
  signal?: AbortSignal;
}

/** The CLI's {@link Prompter}: questions in the terminal through @inquirer/prompts. */
export class InquirerPrompter implements Prompter {
  readonly #signal: AbortSignal | undefined;

  constructor(options: InquirerPrompterOptions = {}) {
    this.#signal = options.signal;
  }

  async input(message: string): Promise<string> {
    // @inquirer/prompts is an ES module: loaded on first use, so the library loads without a terminal.
    const { input } = await import('@inquirer/prompts');
    return input({ message }, { signal: this.#signal });
  }

  async confirm(message: string, defaultAnswer = true): Promise<boolean> {
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message, default: defaultAnswer }, { signal: this.#signal });
  }
}
