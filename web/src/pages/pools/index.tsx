// pages/pools - the pools of a cluster: the table (server-side paging, sorting,
// search), create and edit forms, delete with the name typed, and a pool's detail.
// A pool being created or deleted shows its task's progress in its row.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { useGet } from '../../api/useGet';
import { apiPath, list, mutate } from '../../api/client';
import { activeFor, taskVerb, useTasks, useTasksMoved } from '../../api/tasks';
import type { Task } from '../../api/types';
import { Confirm, Modal } from '../../components/Dialog';
import { Meter } from '../../components/Health';
import { EditDelete } from '../../components/RowActions';
import { Page } from '../../components/Page';
import { ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Size } from '../../components/Values';
import { clusterHref, useSession } from '../../lib/session';
import { PoolForm } from './form';
import { PoolSnapshots } from './snapshots';
import { RbdSettings } from '../../components/RbdSettings';
import { ruleName, type Pool } from './types';

function TaskState({ task }: { task: Task | undefined }) {
  if (!task) return null;
  return <Meter fraction={task.progress / 100} label={`${taskVerb(task.kind)}… ${task.progress}%`} />;
}

export function Pools() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const s = useSession();
  const { active } = useTasks();
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<null | { kind: 'create' } | { kind: 'edit' | 'delete'; pool: Pool }>(null);
  const working = (p: Pool) => activeFor(active, { fsid, pool: p.name });
  const poolTasks = useTasksMoved(active, 'pool.');

  const columns: Column<Pool>[] = [
    { key: 'name', label: 'Name', sort: 'name', render: (p) => <a href={clusterHref(fsid, 'pools', p.name)}>{p.name}</a> },
    {
      key: 'type',
      label: 'Type',
      sort: 'type',
      render: (p) => (p.type === 'erasure' ? `erasure (${p.erasure_code_profile ?? 'no profile'})` : `replicated ×${p.size}`),
    },
    { key: 'applications', label: 'Applications', render: (p) => p.applications.join(', ') || <span class="muted">none</span> },
    { key: 'pg_num', label: 'PGs', sort: 'pg_num', numeric: true, render: (p) => p.pg_num },
    { key: 'crush_rule', label: 'CRUSH rule', sort: 'crush_rule', optional: true, render: (p) => ruleName(p.crush_rule) },
    { key: 'min_size', label: 'Min size', sort: 'min_size', optional: true, numeric: true, render: (p) => p.min_size },
    { key: 'stored', label: 'Stored', sort: 'stored', numeric: true, render: (p) => <Size bytes={p.stats.stored} /> },
    { key: 'objects', label: 'Objects', sort: 'objects', numeric: true, optional: true, render: (p) => p.stats.objects.toLocaleString('en-US') },
    { key: 'max_avail', label: 'Available', sort: 'max_avail', numeric: true, optional: true, render: (p) => <Size bytes={p.stats.max_avail} /> },
    {
      key: 'usage',
      label: 'Usage',
      sort: 'percent_used',
      render: (p) => {
        const t = working(p);
        return t ? <TaskState task={t} /> : <Meter fraction={p.stats.percent_used / 100} />;
      },
    },
  ];
  return (
    <Page
      title="Pools"
      sub="Where the cluster keeps data: replication or erasure coding, placement groups, quotas and compression."
      actions={
        s.canMutate && (
          <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
            Create pool
          </button>
        )
      }
    >
      <Table<Pool>
        id="pools"
        urlState
        columns={columns}
        defaultSort="name"
        searchLabel="Search pools"
        rowKey={(p) => p.name}
        rowClass={(p) => (working(p) ? 'working' : '')}
        reload={`${reload}|${poolTasks}`}
        pollMs={10000}
        load={(q, signal) => list<Pool>(apiPath('clusters', fsid, 'pools'), { ...q }, signal)}
        empty={s.canMutate ? 'Create a pool to store data in this cluster.' : 'An operator can create pools.'}
        actions={
          s.canMutate
            ? (p) =>
                !working(p) && (
                  <EditDelete onEdit={() => setDialog({ kind: 'edit', pool: p })} onDelete={() => setDialog({ kind: 'delete', pool: p })} />
                )
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title="Create pool" onClose={() => setDialog(null)} wide>
          <PoolForm fsid={fsid} onDone={() => (setDialog(null), setReload((x) => x + 1))} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'edit' && (
        <Modal title={`Edit pool ${dialog.pool.name}`} onClose={() => setDialog(null)} wide>
          <PoolForm fsid={fsid} pool={dialog.pool} onDone={() => (setDialog(null), setReload((x) => x + 1))} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'delete' && <DeletePool fsid={fsid} pool={dialog.pool} onClose={() => setDialog(null)} />}
    </Page>
  );
}

function DeletePool({ fsid, pool, onClose }: { fsid: string; pool: Pool; onClose: () => void }) {
  return (
    <Confirm
      title={`Delete pool ${pool.name}`}
      name={pool.name}
      typeName
      consequence={
        <>
          Every object in <strong>{pool.name}</strong> — {pool.stats.objects.toLocaleString('en-US')} objects, <Size bytes={pool.stats.stored} /> — and every
          RBD image in it will be destroyed. This cannot be undone.
        </>
      }
      action="Delete pool"
      onConfirm={() =>
        mutate({ method: 'DELETE', path: apiPath('clusters', fsid, 'pools', pool.name), query: { confirm: pool.name } }, `Delete pool ${pool.name}`)
      }
      onClose={onClose}
    />
  );
}

export function PoolDetail() {
  const { params } = useRoute();
  const { fsid, name } = params;
  const s = useSession();
  const { data: pool, error, reload } = useGet<Pool>(apiPath('clusters', fsid, 'pools', name));
  const [editing, setEditing] = useState(false);
  return (
    <Page
      title={`Pool ${name}`}
      sub={<a href={clusterHref(fsid, 'pools')}>All pools</a>}
      actions={
        s.canMutate &&
        pool && (
          <>
            <a class="btn" href={`${clusterHref(fsid, 'images')}?pool=${encodeURIComponent(name)}`}>
              Images
            </a>
            <button type="button" class="btn" onClick={() => setEditing(true)}>
              Edit
            </button>
          </>
        )
      }
    >
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !pool ? (
        <Loading />
      ) : (
        <div class="grid">
          <section class="card">
            <h2>Settings</h2>
            <dl class="props">
              <dt>Type</dt>
              <dd>{pool.type}</dd>
              {pool.type === 'replicated' ? (
                <>
                  <dt>Replicas</dt>
                  <dd>
                    {pool.size} (I/O needs {pool.min_size})
                  </dd>
                </>
              ) : (
                <>
                  <dt>Erasure-code profile</dt>
                  <dd>{pool.erasure_code_profile ?? 'none'}</dd>
                </>
              )}
              <dt>Placement groups</dt>
              <dd>
                {pool.pg_num} (autoscale {pool.pg_autoscale_mode})
              </dd>
              <dt>CRUSH rule</dt>
              <dd>{ruleName(pool.crush_rule)}</dd>
              <dt>Applications</dt>
              <dd>{pool.applications.join(', ') || 'none'}</dd>
              <dt>Compression</dt>
              <dd>{pool.compression.mode === 'none' ? 'off' : `${pool.compression.mode} (${pool.compression.algorithm || 'default'})`}</dd>
              <dt>Autoscaler hints</dt>
              <dd data-autoscale>
                {[
                  pool.autoscale.target_size_ratio ? `share ${pool.autoscale.target_size_ratio}` : '',
                  pool.autoscale.target_size_bytes ? `size ${pool.autoscale.target_size_bytes.toLocaleString('en-US')} bytes` : '',
                  pool.autoscale.pg_num_min ? `at least ${pool.autoscale.pg_num_min} PGs` : '',
                  pool.autoscale.bulk ? 'bulk' : '',
                ]
                  .filter(Boolean)
                  .join(', ') || 'none'}
              </dd>
              {pool.type === 'erasure' && (
                <>
                  <dt>Overwrites</dt>
                  <dd>{pool.allow_ec_overwrites ? 'allowed (RBD, CephFS)' : 'not allowed'}</dd>
                </>
              )}
              <dt>Quota</dt>
              <dd>
                {pool.quota.max_bytes ? <Size bytes={pool.quota.max_bytes} /> : 'no byte limit'},{' '}
                {pool.quota.max_objects ? `${pool.quota.max_objects.toLocaleString('en-US')} objects` : 'no object limit'}
              </dd>
            </dl>
          </section>
          <section class="card">
            <h2>Usage</h2>
            <Meter fraction={pool.stats.percent_used / 100} />
            <dl class="props">
              <dt>Stored</dt>
              <dd>
                <Size bytes={pool.stats.stored} />
              </dd>
              <dt>Raw used</dt>
              <dd>
                <Size bytes={pool.stats.used} />
              </dd>
              <dt>Available</dt>
              <dd>
                <Size bytes={pool.stats.max_avail} />
              </dd>
              <dt>Objects</dt>
              <dd>{pool.stats.objects.toLocaleString('en-US')}</dd>
              <dt>Reads</dt>
              <dd>
                {pool.stats.rd_ops.toLocaleString('en-US')} ops, <Size bytes={pool.stats.rd_bytes} />
              </dd>
              <dt>Writes</dt>
              <dd>
                {pool.stats.wr_ops.toLocaleString('en-US')} ops, <Size bytes={pool.stats.wr_bytes} />
              </dd>
            </dl>
          </section>
          <PoolSnapshots fsid={fsid} pool={pool.name} canMutate={s.canMutate} />
          {pool.applications.includes('rbd') && <RbdSettings path={apiPath('clusters', fsid, 'pools', pool.name, 'rbd-config')} scope="pool" canMutate={s.canMutate} />}
        </div>
      )}
      {editing && pool && (
        <Modal title={`Edit pool ${pool.name}`} onClose={() => setEditing(false)} wide>
          <PoolForm fsid={fsid} pool={pool} onDone={() => (setEditing(false), reload())} onCancel={() => setEditing(false)} />
        </Modal>
      )}
    </Page>
  );
}
