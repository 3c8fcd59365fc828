/** How the server gets restarted after tuning: prompt, command, embedded, exit (two-phase) or skip. */
export * from './command-restart-strategy';
export * from './create-restart-strategy';
export * from './embedded-restart-strategy';
export * from './exit-restart-strategy';
export * from './inquirer-prompter';
export * from './prompt-restart-strategy';
export * from './prompter';
export * from './restart-and-verify';
export * from './restart-command-hint';
export * from './restart-error';
export * from './restart-exit-requested';
export * from './restart-strategy';
export * from './skip-restart-strategy';
