// pages/nodes - the Salt minions openATTIC manages (storage and gateway nodes): the
// table with key state and reachability, a ping (a Salt job task) for operators whose
// answers are shown per node, and a node's detail: grains, disks, addresses and the
// Ceph daemons it runs.
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { useGet } from '../../api/useGet';
import { apiPath, list, messageOf, mutate } from '../../api/client';
import { finished, useTasks } from '../../api/tasks';
import type { Node, Task } from '../../api/types';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Size, Time } from '../../components/Values';
import { clusterHref, useCluster, useSession } from '../../lib/session';
import { diskOf, keyTone, type Disk, type NodeDetail as Detail } from './types';

export function KeyBadge({ state }: { state: string }) {
  const [tone, word] = keyTone(state);
  return <Badge tone={tone}>{word}</Badge>;
}

export function ReachBadge({ reachable }: { reachable: boolean }) {
  return reachable ? <Badge tone="ok">Reachable</Badge> : <Badge tone="err">Not answering</Badge>;
}

function Roles({ roles }: { roles: string[] }) {
  if (!roles.length) return <span class="muted">none</span>;
  return (
    <span class="gw-tags">
      {roles.map((r) => (
        <span class="gw-tag">{r}</span>
      ))}
    </span>
  );
}

/** What one ping task found: per minion, whether it answered. */
interface PingResult {
  task: Task;
  answered: Record<string, boolean>;
}

function pingResult(task: Task): PingResult {
  const answered: Record<string, boolean> = {};
  const minions = (task.result?.minions || {}) as Record<string, { returned?: boolean; success?: boolean }>;
  for (const id of (task.target?.minions as string[] | undefined) || Object.keys(minions)) answered[id] = Boolean(minions[id]?.returned && minions[id]?.success);
  return { task, answered };
}

export function Nodes() {
  const s = useSession();
  const { toasts } = useTasks();
  const [reload, setReload] = useState(0);
  const [pingId, setPingId] = useState<number | null>(null);
  const [pingTarget, setPingTarget] = useState<string | undefined>(undefined);
  const [ping, setPing] = useState<PingResult | null>(null);
  const [pingError, setPingError] = useState<unknown>(null);

  // The ping this page started: its answers once the task ends.
  const tracked = toasts.find((t) => t.task.id === pingId)?.task;
  useEffect(() => {
    if (tracked && finished(tracked)) {
      const r = pingResult(tracked);
      // A ping of one node keeps what the last ping of the others found.
      setPing((old) => (pingTarget && old ? { task: r.task, answered: { ...old.answered, ...r.answered } } : r));
      setPingId(null);
      setReload((x) => x + 1);
    }
  }, [tracked?.state]);

  const startPing = async (target?: string) => {
    setPingError(null);
    try {
      const o = await mutate({ method: 'POST', path: apiPath('nodes', 'ping'), body: target ? { target } : {} }, target ? `Ping ${target}` : 'Ping all nodes');
      if (o.task) (setPingTarget(target), setPingId(o.task.id));
    } catch (e) {
      setPingError(e);
    }
  };

  const columns: Column<Node>[] = [
    { key: 'id', label: 'Minion ID', sort: 'id', render: (n) => <a href={`/nodes/${encodeURIComponent(n.id)}`}>{n.id}</a> },
    { key: 'hostname', label: 'Host name', sort: 'hostname', render: (n) => <span title={n.fqdn || undefined}>{n.hostname}</span> },
    { key: 'key_state', label: 'Salt key', sort: 'key_state', render: (n) => <KeyBadge state={n.key_state} /> },
    { key: 'reachable', label: 'Reachable', sort: 'reachable', render: (n) => <ReachBadge reachable={n.reachable} /> },
    {
      key: 'ping',
      label: 'Last ping',
      render: (n) =>
        pingId !== null && n.key_state === 'accepted' && (!pingTarget || pingTarget === n.id) ? (
          <span class="muted">pinging…</span>
        ) : ping && n.id in ping.answered ? (
          ping.answered[n.id] ? <Badge tone="ok">Answered</Badge> : <Badge tone="err">No answer</Badge>
        ) : (
          <span class="muted">—</span>
        ),
    },
    { key: 'os', label: 'OS', sort: 'os', render: (n) => n.os || <span class="muted">unknown</span> },
    { key: 'roles', label: 'Roles', render: (n) => <Roles roles={n.roles} /> },
    { key: 'addresses', label: 'Addresses', render: (n) => (n.addresses.length ? n.addresses.join(', ') : <span class="muted">unknown</span>) },
    { key: 'fqdn', label: 'FQDN', optional: true, render: (n) => n.fqdn || <span class="muted">unknown</span> },
  ];
  const last = ping ? pingResult(ping.task).answered : {};
  const answered = Object.values(last).filter(Boolean).length;
  return (
    <Page
      title="Nodes"
      sub="The Salt minions openATTIC manages: storage nodes and the iSCSI and NFS gateways."
      actions={
        s.canMutate && (
          <button type="button" class="btn" disabled={pingId !== null} onClick={() => startPing()}>
            {pingId !== null ? 'Pinging…' : 'Ping all nodes'}
          </button>
        )
      }
    >
      {pingError !== null && (
        <div class="form-error" role="alert">
          {messageOf(pingError)}
        </div>
      )}
      {ping && (
        <p class={ping.task.state === 'succeeded' ? 'gw-notice ok' : 'gw-notice warn'} role="status">
          Ping <Time at={ping.task.finished_at} />: {answered} of {Object.keys(last).length} {Object.keys(last).length === 1 ? 'node' : 'nodes'} answered
          {ping.task.state !== 'succeeded' && ping.task.error ? ` — ${ping.task.error.message}` : ''}.{' '}
          <a href={`/tasks?task=${ping.task.id}`}>Task #{ping.task.id}</a>
        </p>
      )}
      <Table<Node>
        id="nodes"
        urlState
        columns={columns}
        defaultSort="id"
        searchLabel="Search nodes"
        rowKey={(n) => n.id}
        reload={reload}
        pollMs={15000}
        load={(q, signal) => list<Node>(apiPath('nodes'), { ...q }, signal)}
        empty="No Salt minion has a key on the master. Install salt-minion on a node and accept its key (salt-key -a ID)."
        actions={
          s.canMutate
            ? (n) =>
                n.key_state === 'accepted' && (
                  <button type="button" class="btn small" disabled={pingId !== null} onClick={() => startPing(n.id)} aria-label={`Ping ${n.id}`}>
                    Ping
                  </button>
                )
            : undefined
        }
      />
    </Page>
  );
}

function mem(mib: number | null) {
  return mib === null ? <span class="muted">unknown</span> : <Size bytes={mib * 1024 * 1024} />;
}
export function NodeDetail() {
  const { params } = useRoute();
  const id = params.id;
  const { clusters } = useCluster();
  const { data: node, error, reload } = useGet<Detail>(apiPath('nodes', id));
  const clusterName = (fsid: string) => clusters.find((c) => c.fsid === fsid)?.name || fsid;
  const n = node;
  const disks = (n?.disks ?? []).map(diskOf).filter((d): d is Disk => d !== null);
  return (
    <Page
      title={`Node ${id}`}
      sub={<a href="/nodes">All nodes</a>}
      actions={
        <button type="button" class="btn" onClick={() => reload()}>
          Refresh
        </button>
      }
    >
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !n ? (
        <Loading />
      ) : (
        <>
          {!n.reachable && (
            <p class="gw-notice warn" role="status">
              {n.key_state === 'pending' ? (
                <>
                  Its Salt key is waiting to be accepted (<code>salt-key -a {n.id}</code> on the master); until then Salt cannot reach it and its details are
                  unknown.
                </>
              ) : n.key_state === 'rejected' || n.key_state === 'denied' ? (
                <>Its Salt key was {n.key_state}: the master does not talk to it, so its details are unknown.</>
              ) : (
                <>This node did not answer Salt: its details are unknown until it does.</>
              )}
            </p>
          )}
          <div class="gw-grid">
            <section class="card">
              <h2>Summary</h2>
              <dl class="props">
                <dt>Salt key</dt>
                <dd>
                  <KeyBadge state={n.key_state} />
                </dd>
                <dt>Reachable</dt>
                <dd>
                  <ReachBadge reachable={n.reachable} />
                </dd>
                <dt>Host name</dt>
                <dd>{n.hostname}</dd>
                <dt>FQDN</dt>
                <dd>{n.fqdn || <span class="muted">unknown</span>}</dd>
                <dt>Roles</dt>
                <dd>
                  <Roles roles={n.roles} />
                </dd>
                <dt>Operating system</dt>
                <dd>{n.os ? `${n.os}${n.osrelease ? ' ' + n.osrelease : ''}` : <span class="muted">unknown</span>}</dd>
                <dt>Kernel</dt>
                <dd>{n.kernelrelease || <span class="muted">unknown</span>}</dd>
                <dt>CPU</dt>
                <dd>
                  {n.cpu_model ? `${n.num_cpus ? n.num_cpus + ' × ' : ''}${n.cpu_model}` : n.num_cpus ? `${n.num_cpus} CPUs` : <span class="muted">unknown</span>}
                </dd>
                <dt>Memory</dt>
                <dd>{mem(n.mem_total)}</dd>
              </dl>
            </section>
            <section class="card" aria-labelledby="node-addr">
              <h2 id="node-addr">Network addresses</h2>
              {n.addresses.length ? (
                <ul class="gw-list">
                  {n.addresses.map((a) => (
                    <li>
                      <code>{a}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">None known (loopback addresses are left out).</p>
              )}
              <h2>Ceph daemons</h2>
              {n.ceph_daemons.length ? (
                <ul class="gw-list">
                  {n.ceph_daemons.map((d) => (
                    <li>
                      <code>{d.daemon}</code> in{' '}
                      <a href={clusterHref(d.fsid, d.daemon.startsWith('osd.') ? 'osds' : 'monitors')}>{clusterName(d.fsid)}</a>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">No OSD or monitor of a configured cluster runs on this host.</p>
              )}
            </section>
          </div>
          <section class="card gw-section">
            <h2>Disks</h2>
            {disks.length ? (
              <table class="table">
                <thead>
                  <tr>
                    <th>Device</th>
                    <th class="num">Size</th>
                    <th>Type</th>
                  </tr>
                </thead>
                <tbody>
                  {disks.map((d) => (
                    <tr>
                      <td>
                        <code>/dev/{d.name}</code>
                      </td>
                      <td class="num">{d.size === undefined ? <span class="muted">unknown</span> : <Size bytes={d.size} />}</td>
                      <td>{d.rotational === undefined ? <span class="muted">unknown</span> : d.rotational ? 'Rotational (HDD)' : 'Solid state (SSD)'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty title="No disks known">The node's grains list no disks{n.reachable ? '' : ' (it does not answer)'}.</Empty>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
