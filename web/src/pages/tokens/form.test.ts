import { describe, expect, it } from 'vitest';
import { expiresAt, tokenBody, validateToken } from './form';

const now = Date.parse('2026-11-25T12:00:00Z');

describe('token form', () => {
  it('needs a description of at most 200 characters', () => {
    expect(validateToken({ description: '', expires_at: '' }, now).description).toBeTruthy();
    expect(validateToken({ description: '  ', expires_at: '' }, now).description).toBeTruthy();
    expect(validateToken({ description: 'x'.repeat(201), expires_at: '' }, now).description).toBeTruthy();
    expect(validateToken({ description: 'backup', expires_at: '' }, now).description).toBeFalsy();
  });
  it('takes an expiry day from today on, meaning its end in UTC', () => {
    expect(expiresAt('2026-12-01')).toBe('2026-12-01T23:59:59Z');
    expect(expiresAt('2026-02-30')).toBeNull();
    expect(validateToken({ description: 'b', expires_at: '2026-11-25' }, now).expires_at).toBeFalsy();
    expect(validateToken({ description: 'b', expires_at: '2026-11-24' }, now).expires_at).toBeTruthy();
    expect(tokenBody({ description: ' b ', expires_at: '2027-01-31' })).toEqual({ description: 'b', expires_at: '2027-01-31T23:59:59Z' });
    expect(tokenBody({ description: 'b', expires_at: '' })).toEqual({ description: 'b' });
  });
});
