/** Lower-case ASCII letters of `text` only (accents dropped), at most `max` of them, or `fallback` when none remain. */
export function asciiLetters(text: string, max: number, fallback: string): string {
  const letters = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .slice(0, max);
  return letters || fallback;
}

/** A URL slug: lower-case ASCII words joined by '-', at most `max` characters. */
export function slugify(text: string, max: number): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}
