// components/Deploy.tsx - applying the stored configuration on the gateways, for the
// iSCSI targets (role iscsi, POST .../iscsi/deploy {gateways?}) and the NFS exports
// (role ganesha, POST .../nfs/deploy {hosts?}): the Deploy dialog (every gateway or
// some, a Salt job task followed by a toast). The status panel is DeployStatus.tsx.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, list, sentence, type Call } from '../api/client';
import type { Body } from '../api/openapi';
import type { Node, Task } from '../api/types';
import { withRole } from '../lib/nodes';
import { Modal } from './Dialog';
import { FieldShell, FormView, NumberField, useForm, type Errors } from './Form';
import { Loading } from './States';

export type GatewayKind = 'iscsi' | 'nfs';

export const KINDS = {
  iscsi: { role: 'iscsi', key: 'gateways', noun: 'gateway', nouns: 'gateways', what: 'iSCSI targets', sls: 'openattic.iscsi', title: 'iSCSI gateways' },
  nfs: { role: 'ganesha', key: 'hosts', noun: 'host', nouns: 'hosts', what: 'NFS exports', sls: 'openattic.ganesha', title: 'NFS-Ganesha hosts' },
} as const;

/** The accepted minions with the kind's role (null while loading). */
export function useGateways(kind: GatewayKind): { gateways: Node[] | null; error: unknown } {
  const [gateways, setGateways] = useState<Node[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    list<Node>(apiPath('nodes'), { limit: 1000 })
      .then((r) => setGateways(withRole(r.items, KINDS[kind].role)))
      .catch((e) => (setGateways([]), setError(e)));
  }, [kind]);
  return { gateways, error };
}

interface DeployValues extends Record<string, unknown> {
  scope: string;
  chosen: string[];
  timeout_s: string;
}

type DeployBody = Body<'/api/clusters/{fsid}/iscsi/deploy', 'POST'> | Body<'/api/clusters/{fsid}/nfs/deploy', 'POST'>;

export function deployBody(kind: GatewayKind, v: DeployValues): DeployBody {
  const t = parseInt(v.timeout_s, 10);
  const b = v.timeout_s.trim() && t !== 120 ? { timeout_s: t } : {};
  if (v.scope !== 'some') return b;
  return kind === 'iscsi' ? { ...b, gateways: v.chosen } : { ...b, hosts: v.chosen };
}

export function checkDeploy(v: DeployValues): Errors<DeployValues> {
  const t = v.timeout_s.trim();
  return {
    chosen: v.scope === 'some' && v.chosen.length === 0 ? 'Choose at least one.' : '',
    timeout_s: t && !(/^\d+$/.test(t) && +t >= 1 && +t <= 3600) ? 'From 1 to 3600 seconds.' : '',
  };
}

/** The Deploy… dialog: every gateway of the role, or the ones chosen. */
export function DeployDialog({ fsid, kind, count, onClose, onStarted }: { fsid: string; kind: GatewayKind; count?: number; onClose: () => void; onStarted: (t: Task | null) => void }) {
  const k = KINDS[kind];
  const { gateways, error } = useGateways(kind);
  const form = useForm<DeployValues>({ scope: 'all', chosen: [], timeout_s: '120' }, checkDeploy);
  const v = form.values;
  const call = (x: DeployValues): Call => ({ method: 'POST', path: apiPath('clusters', fsid, kind, 'deploy'), body: deployBody(kind, x) });
  const se = form.serverError;
  const listErr = se?.field?.startsWith(k.key) ? sentence(se.message) : form.errorOf('chosen');
  const names = gateways?.map((g) => g.id).join(', ');
  return (
    <Modal title={`Deploy ${k.what}`} onClose={onClose}>
      <FormView
        form={form}
        call={call}
        label={`Deploy ${k.what}`}
        onDone={(o) => (onClose(), onStarted(o.task))}
        onCancel={onClose}
        claims={(f) => f.startsWith(k.key)}
      >
        <p class="gw-intro">
          Applies the stored configuration{count !== undefined ? ` (${count} ${count === 1 ? k.what.replace(/s$/, '') : k.what})` : ''} on the {k.nouns} with Salt (state{' '}
          <code>{k.sls}</code>). A task follows the job; the status panel shows each {k.noun}'s outcome.
        </p>
        <FieldShell name="chosen" class="field multi" error={listErr} group>
          <legend class="label">Where</legend>
          <label class="inline gw-block">
            <input type="radio" name="scope" value="all" checked={v.scope === 'all'} onChange={() => form.set('scope', 'all')} /> Every {k.noun} with the role{' '}
            <code>{k.role}</code>
            {gateways ? (gateways.length ? ` (${names})` : ' (none is known now)') : ''}
          </label>
          <label class="inline gw-block">
            <input type="radio" name="scope" value="some" checked={v.scope === 'some'} onChange={() => form.set('scope', 'some')} /> Only these {k.nouns}:
          </label>
          {v.scope === 'some' && (
            <div class="gw-choices">
              {!gateways ? (
                <Loading what={`Loading the ${k.nouns}`} />
              ) : gateways.length === 0 ? (
                <span class="muted">No accepted node has the role {k.role}{error ? ` (${sentence((error as Error).message)})` : ''}.</span>
              ) : (
                gateways.map((g) => (
                  <label class="inline">
                    <input
                      type="checkbox"
                      name="chosen"
                      value={g.id}
                      checked={v.chosen.includes(g.id)}
                      onChange={(e) =>
                        form.set('chosen', (e.target as HTMLInputElement).checked ? [...v.chosen, g.id] : v.chosen.filter((x) => x !== g.id))
                      }
                    />{' '}
                    {g.id}
                    {g.reachable ? '' : ' (not answering)'}
                  </label>
                ))
              )}
            </div>
          )}
        </FieldShell>
        <NumberField form={form} name="timeout_s" label="Give up after (seconds)" min={1} max={3600} help={`A ${k.noun} that has not answered by then fails the task.`} />
      </FormView>
    </Modal>
  );
}
