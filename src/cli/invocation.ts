/**
 * How the user started reseed, to repeat in messages ("continue with
 * `npm run seed -- --resume`"): `npm run <script> --` under an npm script,
 * `npx reseed` under npx (npm exec), else `reseed`.
 */
export function invocationOf(env: NodeJS.ProcessEnv): string {
  const event = env.npm_lifecycle_event;
  if (env.npm_command === 'exec' || event === 'npx') return 'npx reseed';
  if (event) return `npm run ${event} --`;
  return 'reseed';
}

/** The invocation followed by arguments, without npm's `--` when there are none. */
export function commandLine(invocation: string, args = ''): string {
  const line = `${invocation} ${args}`.trim();
  return line.endsWith(' --') ? line.slice(0, -3) : line;
}

/** A path or argument as a shell reads it back: as it is when plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The options that say which run a command continues, as the user gave
 * them: `--config`, `--data-source`, `--shard`. A resume or a restore
 * without them would look elsewhere (another config, the example schema).
 */
export function runArguments(command: { config?: string; dataSource?: string; shard?: { index: number; count: number } }, what: 'resume' | 'restore'): string[] {
  const args: string[] = [];
  if (what === 'resume' && command.config !== undefined) args.push(`--config ${shellWord(command.config)}`);
  if (command.dataSource !== undefined) args.push(`--data-source ${shellWord(command.dataSource)}`);
  if (what === 'resume' && command.shard !== undefined) args.push(`--shard ${command.shard.index}/${command.shard.count}`);
  return args;
}
