import type { Prompter } from './prompter';

/** Options of {@link InquirerPrompter}. */
export interface InquirerPrompterOptions {
  /** Aborting cancels an open question (Ctrl-C handling stays with the CLI). Default: none. */
  signal?: AbortSignal;
  /** Where answers are read. Default: process.stdin. */
  input?: NodeJS.ReadableStream;
  /** Where questions are written. Default: process.stdout. */
  output?: NodeJS.WritableStream;
  /**
   * Ctrl-C at a question (inquirer's ExitPromptError: the terminal is in raw
   * mode, so no SIGINT is sent): called, and what it returns is thrown instead,
   * so the caller can stop as on SIGINT. Default: the ExitPromptError is thrown.
   */
  onForceClose?: () => unknown;
}

/** The CLI's {@link Prompter}: questions in the terminal through @inquirer/prompts. */
export class InquirerPrompter implements Prompter {
  readonly #context: Omit<InquirerPrompterOptions, 'onForceClose'>;
  readonly #onForceClose: (() => unknown) | undefined;

  constructor(options: InquirerPrompterOptions = {}) {
    this.#context = { signal: options.signal, input: options.input, output: options.output };
    this.#onForceClose = options.onForceClose;
  }

  async input(message: string): Promise<string> {
    // @inquirer/prompts is an ES module: loaded on first use, so the library loads without a terminal.
    const { input } = await import('@inquirer/prompts');
    return this.#ask(() => input({ message }, this.#context));
  }

  async confirm(message: string, defaultAnswer = true): Promise<boolean> {
    const { confirm } = await import('@inquirer/prompts');
    return this.#ask(() => confirm({ message, default: defaultAnswer }, this.#context));
  }

  async #ask<T>(question: () => Promise<T>): Promise<T> {
    try {
      return await question();
    } catch (error) {
      if (this.#onForceClose && (error as Error).name === 'ExitPromptError') throw this.#onForceClose();
      throw error;
    }
  }
}
