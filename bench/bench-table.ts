/**
 * Rows of cells as aligned columns, two spaces of indent: the first column
 * left-aligned (names), the others right-aligned (numbers); an empty cell
 * leaves its column blank. One format for every table the bench prints.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? (c ?? '').padEnd(widths[i]!) : (c ?? '').padStart(widths[i]!))).join('   ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A rate as a whole number with thousands separators. */
export const formatRate = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Bytes as whole MB. */
export const formatMb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** A ratio as 0.00x. */
export const formatRatio = (r: number): string => `${r.toFixed(2)}x`;
