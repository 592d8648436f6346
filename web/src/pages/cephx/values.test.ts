import { describe, expect, it } from 'vitest';
import { capProblem, entityProblem } from './values';

describe('cephx values', () => {
  it('checks client names', () => {
    expect(entityProblem('client.backup-1')).toBe('');
    expect(entityProblem('osd.3')).not.toBe('');
    expect(entityProblem('client.a b')).not.toBe('');
    expect(entityProblem('')).toBe('Required.');
  });
  it('checks the shape of caps', () => {
    expect(capProblem('allow r')).toBe('');
    expect(capProblem('profile rbd pool=a, allow r pool=b')).toBe('');
    expect(capProblem('rwx')).not.toBe('');
    expect(capProblem('')).toBe('');
  });
});
