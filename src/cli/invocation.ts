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
