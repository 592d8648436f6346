import { describe, expect, it } from 'vitest';
import { auditQuery, millis, nextDay, readAuditFilters, statusProblem, statusTone } from './filters';

describe('audit filters', () => {
  it('reads the URL, dropping what is not a filter value', () => {
    expect(readAuditFilters({ user: 'bob', method: 'patch', status: '403', since: '2026-11-01', until: 'yesterday' })).toEqual({
      user: 'bob', method: 'PATCH', status: '403', since: '2026-11-01', until: '',
    });
    expect(readAuditFilters({ method: 'GET' }).method).toBe('');
  });
  it('asks the API for whole days and only a real status', () => {
    const f = readAuditFilters({ since: '2026-11-01', until: '2026-11-30', status: '40' });
    expect(auditQuery(f, '/api/users')).toEqual({
      user: undefined, method: undefined, status: undefined, path: '/api/users',
      since: '2026-11-01T00:00:00Z', until: '2026-12-01T00:00:00Z',
    });
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(statusProblem('40')).toBeTruthy();
    expect(statusProblem('700')).toBeTruthy();
    expect(statusProblem('409')).toBe('');
  });
});

describe('audit values', () => {
  it('colours statuses by class', () => {
    expect(statusTone(201)).toBe('ok');
    expect(statusTone(302)).toBe('info');
    expect(statusTone(409)).toBe('warn');
    expect(statusTone(503)).toBe('err');
    expect(statusTone(null)).toBe('muted');
  });
  it('says durations', () => {
    expect(millis(0.76)).toBe('0.8 ms');
    expect(millis(22.7)).toBe('23 ms');
    expect(millis(1530)).toBe('1.5 s');
    expect(millis(null)).toBe('—');
  });
});
