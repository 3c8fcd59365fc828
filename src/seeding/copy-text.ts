/** The text format's NULL marker (COPY's default `NULL '\N'`). */
export const COPY_NULL = '\\N';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One field of COPY's text format: backslash, tab, newline and carriage
 * return become backslash sequences; everything else (unicode included) goes
 * as it is. An empty string stays empty, which is not NULL (see COPY_NULL).
 * PostgreSQL text cannot hold NUL, with either writer.
 */
export function copyTextField(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c]!) : text;
}

/** A bytea value as a text-format field: the hex form `\x...` with its backslash escaped. */
export function copyByteaField(bytes: Buffer): string {
  return '\\\\x' + bytes.toString('hex');
}
