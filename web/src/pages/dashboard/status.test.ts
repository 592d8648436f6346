import { describe, expect, it } from 'vitest';
import { pgTone, severityTone, sortChecks, taskTitle, worst } from './status';
import type { HealthCheck } from './types';

const check = (name: string, severity: HealthCheck['severity'], muted = false): HealthCheck => ({ name, severity, summary: '', count: 1, muted, detail: [] });

describe('dashboard status words', () => {
  it('names severities', () => {
    expect(severityTone('HEALTH_ERR')).toEqual(['err', 'Error']);
    expect(severityTone('HEALTH_WARN')).toEqual(['warn', 'Warning']);
    expect(severityTone('HEALTH_WHATEVER')[1]).toBe('whatever');
  });
  it('lists errors first and muted checks last', () => {
    const s = sortChecks([check('B', 'HEALTH_WARN'), check('Z', 'HEALTH_ERR', true), check('A', 'HEALTH_WARN'), check('C', 'HEALTH_ERR')]);
    expect(s.map((c) => c.name)).toEqual(['C', 'A', 'B', 'Z']);
  });
  it('colours PG states', () => {
    expect(pgTone('active+clean')).toBe('ok');
    expect(pgTone('active+clean+scrubbing+deep')).toBe('ok');
    expect(pgTone('active+undersized+degraded')).toBe('warn');
    expect(pgTone('active+recovering')).toBe('warn');
    expect(pgTone('peering')).toBe('err');
    expect(pgTone('down')).toBe('err');
    expect(pgTone('active+clean+inconsistent')).toBe('err');
    expect(pgTone('stale+active+clean')).toBe('err');
    expect(worst(['ok', 'warn'])).toBe('warn');
    expect(worst(['ok', 'err', 'warn'])).toBe('err');
    expect(worst([])).toBe('ok');
  });
  it('titles tasks', () => {
    expect(taskTitle('pool.delete')).toBe('Delete pool');
    expect(taskTitle('rbd.snap_rollback')).toBe('Roll back image');
    expect(taskTitle('nfs.export_deploy')).toBe('Export deploy nfs');
    expect(taskTitle('job')).toBe('Job');
  });
});
