// components/DeployStatus.tsx - the gateways' deploy status panel of the iSCSI targets
// or NFS exports (GET .../status): per gateway the outcome of its newest deploy and what
// its daemon then reported serving (what failed to load, in the daemon's words), the
// ones never deployed to, a missing configuration pool; it follows running deploys.
// A gateway Salt knows (its role) that the status does not name is shown as the server
// shows one the configuration names but never got a deploy: not_deployed.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, get, sentence } from '../api/client';
import { useTasks } from '../api/tasks';
import type { Schema } from '../api/openapi';
import type { DeployState } from '../api/types';
import { KINDS, useGateways, type GatewayKind } from './Deploy';
import { Badge } from './Health';
import { ErrorBox, Loading } from './States';
import { Time } from './Values';

type StatusDoc = Schema<'IscsiDeployStatus'> | Schema<'NfsDeployStatus'>;

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
    case 'not_deployed':
      return ['muted', 'Never deployed'];
    default:
      return ['muted', 'Unknown'];
  }
}

/** What a gateway's daemon reported serving: the count, and each item it refused. */
function Served({ s, kind }: { s: DeployState['served']; kind: GatewayKind }) {
  if (!s) return <span class="muted">—</span>;
  const n = s.loaded.length;
  const what = kind === 'iscsi' ? (n === 1 ? 'target' : 'targets') : n === 1 ? 'export' : 'exports';
  return (
    <>
      <span data-loaded={n} title={s.loaded.join(', ')}>
        {n} {what}
      </span>
      {s.failed.map((f) => (
        <div class="field-error" data-failed={f.name}>
          <code>{f.name}</code> not served: {sentence(f.message)}
        </div>
      ))}
    </>
  );
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
  const rows: DeployState[] = !doc ? [] : 'gateways' in doc ? [...doc.gateways] : [...doc.hosts];
  for (const g of gateways || [])
    if (!rows.some((r) => r.id === g.id))
      rows.push({ id: g.id, state: 'not_deployed', config_version: null, in_sync: false, task_id: null, at: null, message: null, served: null, in_config: false });
  rows.sort((a, b) => a.id.localeCompare(b.id));
  const deploying = rows.some((r) => r.state === 'deploying');
  useEffect(() => {
    const t = setTimeout(() => document.visibilityState === 'visible' && setTick((x) => x + 1), deploying ? 2000 : 30000);
    return () => clearTimeout(t);
  }, [doc, deploying]);
  const bad = rows.filter((r) => ['failed', 'no_answer'].includes(r.state)).length;
  const stale = rows.filter((r) => r.state === 'deployed' && !r.in_sync).length;
  const refused = rows.filter((r) => r.served?.failed.length).length;
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
                : refused
                  ? `${refused} of ${rows.length} ${rows.length === 1 ? k.noun : k.nouns} refused part of the configuration: see Serving.`
                  : stale
                    ? `${stale} of ${rows.length} run an older configuration: deploy to bring them up to date.`
                    : deploying
                      ? 'A deploy is running.'
                      : ''}
          </span>
        )}
      </div>
      {doc?.pool_exists === false && (
        <p class="muted" data-pool-missing>
          Nothing is stored yet: the first save makes the pool <code>{doc.pool}</code> that holds this configuration.
        </p>
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
              <th>Serving</th>
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
                    {r.state === 'not_deployed' || r.config_version === null
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
                  <td data-served>
                    <Served s={r.served} kind={kind} />
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
