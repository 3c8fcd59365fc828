import { describe, expect, it } from 'vitest';
import { normalizeSettingValue, settingValuesEqual } from '../../src/connection';

// Pure logic: how values written in different units compare. The health-check test runs it against a real server.
describe('setting values', () => {
  it.each([
    ['256MB', '262144kB', { unit: '8kB', vartype: 'integer' }],
    ['1GB', '1024MB', { unit: 'kB', vartype: 'integer' }],
    ['16384', '128MB', { unit: '8kB', vartype: 'integer' }],
    ['1min', '60s', { unit: 'ms', vartype: 'integer' }],
    ['60000', '1min', { unit: 'ms', vartype: 'integer' }],
    ['0', '0ms', { unit: 'ms', vartype: 'integer' }],
    ['-1', '-1', { unit: 'kB', vartype: 'integer' }],
    ['off', 'false', { vartype: 'bool' }],
    ['ON', 'on', { vartype: 'bool' }],
    ["'minimal'", 'minimal', { vartype: 'enum' }],
    ['0.9', '0.9', { vartype: 'real' }],
  ])('treats %s and %s as the same value', (expected, actual, shape) => {
    expect(settingValuesEqual(expected, actual, shape)).toBe(true);
  });

  it.each([
    ['256MB', '128MB', { unit: '8kB', vartype: 'integer' }],
    ['16384', '16384kB', { unit: '8kB', vartype: 'integer' }],
    ['on', 'off', { vartype: 'bool' }],
    ['replica', 'minimal', { vartype: 'enum' }],
    ['1s', '1MB', {}],
  ])('tells %s and %s apart', (expected, actual, shape) => {
    expect(settingValuesEqual(expected, actual, shape)).toBe(false);
  });

  it('normalises memory to bytes and time to microseconds', () => {
    expect(normalizeSettingValue('2MB')).toBe('2097152 B');
    expect(normalizeSettingValue('16384', { unit: '8kB' })).toBe('134217728 B');
    expect(normalizeSettingValue('1.5s')).toBe('1500000 us');
  });
});
