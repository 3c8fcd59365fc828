import { normalizeSettingValue } from '../connection/setting-value';

/**
 * A memory or time value as one number (bytes, microseconds) so a profile can
 * tell whether the server already has more than it would set; undefined when
 * the value is not a quantity. `unit` is pg_settings.unit, the unit of a bare number.
 */
export function settingAmount(value: string, unit: string | null | undefined): number | undefined {
  const normalised = normalizeSettingValue(value, { unit, vartype: 'integer' });
  const amount = Number(normalised.split(' ')[0]);
  return Number.isFinite(amount) ? amount : undefined;
}

/** Bytes as a PostgreSQL memory value in whole MB, or GB when exact: 2147483648 -> '2GB'. */
export function formatMemory(bytes: number): string {
  const mb = Math.floor(bytes / 1024 ** 2);
  if (mb >= 1024 && mb % 1024 === 0) return `${mb / 1024}GB`;
  return `${mb}MB`;
}
