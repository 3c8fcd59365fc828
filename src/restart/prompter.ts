/**
 * The questions the restart flow asks a person. The library never touches a
 * terminal: the CLI passes {@link InquirerPrompter}, tests pass a script.
 */
export interface Prompter {
  /** Shows `message` and resolves when the person answers (Enter); resolves to what they typed. */
  input(message: string): Promise<string>;
  /** A yes/no question; `defaultAnswer` is what Enter alone means. */
  confirm(message: string, defaultAnswer?: boolean): Promise<boolean>;
}
