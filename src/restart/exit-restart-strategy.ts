import { RESTART_EXIT_CODE, RestartExitRequested } from './restart-exit-requested';
import type { RestartContext, RestartStrategy } from './restart-strategy';

/** The command that carries a two-phase run on. */
export const DEFAULT_RESUME_COMMAND = 'npm run seed -- --resume';

/** Options of {@link ExitRestartStrategy}. */
export interface ExitRestartStrategyOptions {
  /** Default: {@link DEFAULT_RESUME_COMMAND}. */
  resumeCommand?: string;
  /** Default: {@link RESTART_EXIT_CODE} (75). */
  exitCode?: number;
}

/**
 * Two-phase: ends phase one by throwing {@link RestartExitRequested} (the
 * tuning state was saved by applyTuning before). The CLI prints its message
 * and exits with its code; the resumed run calls verifyTuning and carries on.
 */
export class ExitRestartStrategy implements RestartStrategy {
  readonly name = 'exit';
  readonly #resumeCommand: string;
  readonly #exitCode: number;

  constructor(options: ExitRestartStrategyOptions = {}) {
    this.#resumeCommand = options.resumeCommand ?? DEFAULT_RESUME_COMMAND;
    this.#exitCode = options.exitCode ?? RESTART_EXIT_CODE;
  }

  async restart(context: RestartContext): Promise<void> {
    throw new RestartExitRequested({
      exitCode: this.#exitCode,
      resumeCommand: this.#resumeCommand,
      restartCommand: context.hint?.command,
      pendingSettings: context.pendingSettings,
      nodes: context.nodes?.map((n) => ({ label: n.label, command: n.hint?.command })),
    });
  }
}
