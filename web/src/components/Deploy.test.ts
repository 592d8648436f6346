import { describe, expect, it } from 'vitest';
import { checkDeploy, deployBody } from './Deploy';
import { deployWord } from './DeployStatus';

describe('deploy', () => {
  it('sends the chosen gateways or none for all', () => {
    expect(deployBody('iscsi', { scope: 'all', chosen: ['igw1'], timeout_s: '120' })).toEqual({});
    expect(deployBody('iscsi', { scope: 'some', chosen: ['igw1'], timeout_s: '60' })).toEqual({ gateways: ['igw1'], timeout_s: 60 });
    expect(deployBody('nfs', { scope: 'some', chosen: ['nfs1'], timeout_s: '120' })).toEqual({ hosts: ['nfs1'] });
    expect(checkDeploy({ scope: 'some', chosen: [], timeout_s: '120' }).chosen).toBeTruthy();
    expect(checkDeploy({ scope: 'all', chosen: [], timeout_s: '0' }).timeout_s).toBeTruthy();
  });
  it('says each state in words', () => {
    const s = { id: 'igw1', config_version: 1, task_id: 1, at: null, message: null, served: null, in_config: true };
    expect(deployWord({ ...s, state: 'deployed', in_sync: true })).toEqual(['ok', 'Deployed']);
    expect(deployWord({ ...s, state: 'deployed', in_sync: false })).toEqual(['warn', 'Out of date']);
    expect(deployWord({ ...s, state: 'no_answer', in_sync: false })[0]).toBe('err');
    expect(deployWord({ ...s, state: 'not_deployed', in_sync: false, config_version: null, task_id: null })).toEqual(['muted', 'Never deployed']);
  });
});
