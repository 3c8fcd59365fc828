/** What pg_settings says about a setting, enough to compare values written in different units. */
export interface SettingShape {
  /** pg_settings.unit: the base unit of a unitless number, e.g. '8kB' for shared_buffers, 'ms', 's'. */
  unit?: string | null;
  /** pg_settings.vartype: bool, integer, real, string or enum. */
  vartype?: string | null;
}

/** Bytes per memory unit, as PostgreSQL reads them (powers of 1024). */
const MEMORY_UNITS: Record<string, number> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
/** Microseconds per time unit, as PostgreSQL reads them. */
const TIME_UNITS: Record<string, number> = { us: 1, ms: 1e3, s: 1e6, min: 60e6, h: 3600e6, d: 86400e6 };

const TRUE_WORDS = new Set(['on', 'true', 'yes', '1', 't', 'y']);
const FALSE_WORDS = new Set(['off', 'false', 'no', '0', 'f', 'n']);

/**
 * A setting's value in a form that compares equal however it was written:
 * memory in bytes ('256MB' and '262144kB' both become '268435456 B'), time in
 * microseconds, a unitless number in the setting's base unit (shared_buffers
 * '16384' is 16384 pages of 8kB), booleans as on/off, enums lower-cased.
 */
export function normalizeSettingValue(value: string, shape: SettingShape = {}): string {
  const text = value.trim().replace(/^'(.*)'$/, '$1').trim();
  const vartype = shape.vartype ?? undefined;
  if (vartype === 'bool' || (vartype === undefined && (TRUE_WORDS.has(text.toLowerCase()) || FALSE_WORDS.has(text.toLowerCase())))) {
    const word = text.toLowerCase();
    if (TRUE_WORDS.has(word)) return 'on';
    if (FALSE_WORDS.has(word)) return 'off';
    return word;
  }
  const quantity = parseQuantity(text, shape.unit ?? undefined);
  if (quantity !== undefined) {
    // Zero is zero in any unit ('0' and '0ms' both mean "off" for a timeout).
    return quantity.amount === 0 ? '0' : `${formatNumber(quantity.amount)} ${quantity.dimension}`.trim();
  }
  return vartype === 'string' ? text : text.toLowerCase();
}

/** Whether two written values of one setting mean the same thing (see {@link normalizeSettingValue}). */
export function settingValuesEqual(expected: string, actual: string, shape: SettingShape = {}): boolean {
  return normalizeSettingValue(expected, shape) === normalizeSettingValue(actual, shape);
}

interface Quantity {
  amount: number;
  dimension: 'B' | 'us' | '';
}

function parseQuantity(text: string, baseUnit: string | undefined): Quantity | undefined {
  const match = /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*)$/.exec(text);
  if (!match) return undefined;
  const number = Number(match[1]);
  const unit = match[2];
  if (unit === '') {
    // -1 and 0 are sentinels ("use the default", "off"), whatever the unit.
    if (baseUnit === undefined || number === -1 || number === 0) return { amount: number, dimension: '' };
    const base = parseQuantity(/^\d/.test(baseUnit) ? baseUnit : `1${baseUnit}`, undefined);
    if (!base || base.dimension === '') return { amount: number, dimension: '' };
    return { amount: number * base.amount, dimension: base.dimension };
  }
  if (unit in MEMORY_UNITS) return { amount: number * MEMORY_UNITS[unit], dimension: 'B' };
  if (unit in TIME_UNITS) return { amount: number * TIME_UNITS[unit], dimension: 'us' };
  return undefined;
}

function formatNumber(value: number): string {
  // Reals such as 1.1 stay comparable after multiplication by a unit.
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}
