// components/Deploy.tsx - applying the stored configuration on the gateways, for the
// iSCSI targets (role iscsi, POST .../iscsi/deploy {gateways?}) and the NFS exports
// (role ganesha, POST .../nfs/deploy {hosts?}): the Deploy dialog (every gateway or
// some, a Salt job task followed by a toast) and the status panel (per gateway the
// outcome of its newest deploy, GET .../status), which follows running deploys.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, get, list, sentence, type Call } from '../api/client';
import { useTasks } from '../api/tasks';
import type { DeployState, Node, Task } from '../api/types';
import { withRole } from '../lib/nodes';
import { clusterHref } from '../lib/session';
import { Modal } from './Dialog';
import { FieldShell, FormView, NumberField, useForm, type Errors } from './Form';
import { Badge } from './Health';
import { ErrorBox, Loading } from './States';
import { Time } from './Values';

export type GatewayKind = 'iscsi' | 'nfs';

const KINDS = {
  iscsi: { role: 'iscsi', key: 'gateways', noun: 'gateway', nouns: 'gateways', what: 'iSCSI targets', sls: 'openattic.iscsi', title: 'iSCSI gateways' },
  nfs: { role: 'ganesha', key: 'hosts', noun: 'host', nouns: 'hosts', what: 'NFS exports', sls: 'openattic.ganesha', title: 'NFS-Ganesha hosts' },
} as const;

/** The accepted minions with the kind's role (null while loading). */
function useGateways(kind: GatewayKind): { gateways: Node[] | null; error: unknown } {
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

export function deployBody(kind: GatewayKind, v: DeployValues): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  if (v.scope === 'some') b[KINDS[kind].key] = v.chosen;
  const t = parseInt(v.timeout_s, 10);
  if (v.timeout_s.trim() && t !== 120) b.timeout_s = t;
  return b;
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

interface StatusDoc {
  config_version: number;
  /** the pool that holds the configuration, and whether it exists (absent: Ceph did not say) */
  pool?: string;
  pool_exists?: boolean;
  gateways?: DeployState[];
  hosts?: DeployState[];
}

/** State word and tone of one gateway's newest deploy. */
export function deployWord(s: DeployState): ['ok' | 'warn' | 'err' | 'info' | 'muted', string] {
  switch (s.state) {
    case 'deploying':
      return ['info', 'Deploying'];
    case 'deployed':
      return s.in_sync ? ['ok', 'Deployed'] : ['warn', 'Out of date'];
    case 'failed':
      return ['err', 'Failed'];
    case 'no_answer':
      return ['err', 'No answer'];
    case 'never':
    case 'not_deployed':
      return ['muted', 'Never deployed'];
    default:
      return ['muted', 'Unknown'];
  }
}

/** The status panel: per gateway the newest deploy, with the gateways never deployed to. */
export function DeployStatus({ fsid, kind, reload }: { fsid: string; kind: GatewayKind; reload?: unknown }) {
  const k = KINDS[kind];
  const { active } = useTasks();
  const { gateways } = useGateways(kind);
  const [doc, setDoc] = useState<StatusDoc | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const jobs = active.filter((t) => t.kind === 'salt.job').length;
  useEffect(() => {
    let live = true;
    get<StatusDoc>(apiPath('clusters', fsid, kind, 'status'))
      .then((d) => live && (setDoc(d), setError(null)))
      .catch((e) => live && setError(e));
    return () => void (live = false);
  }, [fsid, kind, reload, tick, jobs]);
  const rows: DeployState[] = [...((kind === 'iscsi' ? doc?.gateways : doc?.hosts) || [])];
  for (const g of gateways || [])
    if (!rows.some((r) => r.id === g.id)) rows.push({ id: g.id, state: 'never', config_version: 0, in_sync: false, task_id: 0, at: null, message: null });
  rows.sort((a, b) => a.id.localeCompare(b.id));
  const deploying = rows.some((r) => r.state === 'deploying');
  useEffect(() => {
    const t = setTimeout(() => document.visibilityState === 'visible' && setTick((x) => x + 1), deploying ? 2000 : 30000);
    return () => clearTimeout(t);
  }, [doc, deploying]);
  const bad = rows.filter((r) => ['failed', 'no_answer'].includes(r.state)).length;
  const stale = rows.filter((r) => r.state === 'deployed' && !r.in_sync).length;
  return (
    <section class="card gw-status" aria-labelledby={`gw-status-${kind}`} data-status={kind}>
      <div class="gw-status-head">
        <h2 id={`gw-status-${kind}`}>{k.title}</h2>
        {doc && (
          <span class="muted">
            {kind === 'iscsi' ? `Configuration version ${doc.config_version}. ` : ''}
            {rows.length === 0
              ? ''
              : bad
                ? `${bad} of ${rows.length} ${rows.length === 1 ? k.noun : k.nouns} failed their last deploy.`
                : stale
                  ? `${stale} of ${rows.length} run an older configuration: deploy to bring them up to date.`
                  : deploying
                    ? 'A deploy is running.'
                    : ''}
          </span>
        )}
      </div>
      {doc?.pool_exists === false && (
        <div class="form-error" role="alert" data-pool-missing>
          The pool <code>{doc.pool}</code> that holds this configuration does not exist, so nothing can be saved.{' '}
          <a href={clusterHref(fsid, 'pools')}>Create it</a> (application rbd) first.
        </div>
      )}
      {error !== null && !doc ? (
        <ErrorBox error={error} retry={() => setTick((x) => x + 1)} />
      ) : !doc || (!gateways && rows.length === 0) ? (
        <Loading what={`Loading the ${k.nouns}`} />
      ) : rows.length === 0 ? (
        <p class="muted">No {k.noun} is known and none was deployed to: give a node the role {k.role} in Salt.</p>
      ) : (
        <table class="table gw-status-table">
          <thead>
            <tr>
              <th>{k.noun[0].toUpperCase() + k.noun.slice(1)}</th>
              <th>State</th>
              <th>Configuration</th>
              <th>Last deploy</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const [tone, word] = deployWord(r);
              return (
                <tr data-gateway={r.id}>
                  <td>
                    <a href={`/nodes/${encodeURIComponent(r.id)}`}>{r.id}</a>
                  </td>
                  <td>
                    <Badge tone={tone}>{word}</Badge>
                  </td>
                  <td>
                    {r.state === 'never'
                      ? '—'
                      : r.in_sync
                        ? 'current'
                        : kind === 'iscsi'
                          ? `version ${r.config_version} (current: ${doc.config_version})`
                          : r.state === 'deploying'
                            ? 'being applied'
                            : 'not the current exports'}
                  </td>
                  <td>
                    {r.task_id ? (
                      <>
                        <Time at={r.at} /> · <a href={`/tasks?task=${r.task_id}`}>task #{r.task_id}</a>
                      </>
                    ) : (
                      <span class="muted">never</span>
                    )}
                  </td>
                  <td class="gw-status-msg">{r.message ? sentence(r.message) : <span class="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
