/**
 * The URL with its password replaced by ****; in text that is no single URL,
 * the password of every URL-like `//user:password@` is masked.
 */
export function maskUrl(raw: string): string {
  // Only a single token that starts like a URL is parsed as one: new URL() also accepts "Error: text".
  if (/^[a-z][a-z0-9+.-]*:\/\/\S*$/i.test(raw)) {
    try {
      const url = new URL(raw);
      if (url.password) url.password = '****';
      return url.toString();
    } catch {
      // not a URL after all: fall through to the text rule
    }
  }
  return raw.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1****@');
}

/** Text meant for a person with URL passwords masked ({@link maskUrl}) and each known secret (a password) replaced by ****, wherever it stands. */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = maskUrl(text);
  for (const secret of secrets) if (secret) out = out.split(secret).join('****');
  return out;
}

/**
 * A shell command (or any free text) with its secrets masked: passwords in
 * URLs (as {@link maskUrl}), and the values of assignments and options whose
 * name says password, secret or token (`PGPASSWORD=...`, `--password=...`,
 * `password=...` in a conninfo string).
 */
export function maskCommand(text: string): string {
  return maskUrl(text).replace(
    /((?:^|[\s;&|('"])[A-Za-z0-9_-]*(?:PASSWORD|PASSWD|PWD|SECRET|TOKEN)[A-Za-z0-9_-]*=)(?:'[^']*'|"[^"]*"|[^\s;&|)'"]+)/gi,
    '$1****',
  );
}
