/** The most tables a seed loads side by side: each holds a connection. (A module of its own: the CLI's argument parsing loads nothing else.) */
export const MAX_STREAMS = 16;
