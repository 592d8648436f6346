import { describe, expect, it } from 'vitest';
import { absTime, bytes, parseSize, percent, relTime } from './format';

describe('bytes', () => {
  it('uses binary units and trims zeros', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(1023)).toBe('1023 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(3221225472)).toBe('3 GiB');
    expect(bytes(10.5 * 1024 ** 4)).toBe('10.5 TiB');
    expect(bytes(123.4 * 1024 ** 2)).toBe('123 MiB');
  });
  it('says a dash for nothing', () => {
    expect(bytes(null)).toBe('—');
    expect(bytes(undefined)).toBe('—');
  });
});

describe('parseSize', () => {
  it('reads what people type', () => {
    expect(parseSize('10G')).toBe(10 * 1024 ** 3);
    expect(parseSize('1.5 TiB')).toBe(1.5 * 1024 ** 4);
    expect(parseSize('512m')).toBe(512 * 1024 ** 2);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('0')).toBe(0);
  });
  it('refuses what is not a size', () => {
    expect(parseSize('ten')).toBeNaN();
    expect(parseSize('-1G')).toBeNaN();
    expect(parseSize('1X')).toBeNaN();
    expect(parseSize('')).toBeNaN();
  });
});

describe('times and percentages', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('says relative times', () => {
    expect(relTime('2026-11-25T11:59:55Z', now)).toBe('just now');
    expect(relTime('2026-11-25T11:57:00Z', now)).toBe('3 min ago');
    expect(relTime('2026-11-25T09:00:00Z', now)).toBe('3 h ago');
    expect(relTime('2026-11-27T12:00:00Z', now)).toBe('in 2 d');
    expect(relTime(null, now)).toBe('—');
  });
  it('gives the absolute time for hover', () => {
    expect(absTime('2026-11-25T09:00:00Z')).toBe('2026-11-25 09:00:00 UTC');
  });
  it('formats fractions', () => {
    expect(percent(0.4567)).toBe('45.7%');
    expect(percent(1)).toBe('100%');
    expect(percent(NaN)).toBe('—');
  });
});
