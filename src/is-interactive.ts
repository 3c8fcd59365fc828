/** The streams {@link isInteractive} looks at: a process's stdin and stdout, or a test's stand-ins. */
export interface TerminalStreams {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean };
}

/** Whether a person is at the terminal: both stdin and stdout are TTYs, so a question can be asked and its answer read. */
export function isInteractive(io: TerminalStreams): boolean {
  return io.stdin.isTTY === true && io.stdout.isTTY === true;
}
