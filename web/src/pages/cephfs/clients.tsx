// pages/cephfs/clients.tsx - the clients of a file system (rank 0's sessions: host,
// cephx entity, what they mount, version, caps held), and evicting one after a warning
// that it loses its mount. openATTIC's own session and the managers' are marked and
// not offered for eviction.
import { useState } from 'preact/hooks';
import { mutate } from '../../api/client';
import { Confirm } from '../../components/Dialog';
import { Badge } from '../../components/Health';
import { Table, type Column } from '../../components/Table';
import { count } from '../../lib/format';
import { useSession } from '../../lib/session';
import { MdsProblem, fsPath, liftDown, listOf } from './common';
import type { Client } from './types';

const who = (c: Client) => c.host || c.address || `client ${c.id}`;

function EvictDialog({ fsid, fs, c, onClose, onDone }: { fsid: string; fs: string; c: Client; onClose: () => void; onDone: () => void }) {
  return (
    <Confirm
      title={`Evict client ${c.id}`}
      name={String(c.id)}
      action="Evict client"
      consequence={
        <>
          <strong>
            {c.entity || 'The client'} on {who(c)}
          </strong>{' '}
          loses its mount of {fs}
          {c.mount_root && c.mount_root !== '/' ? ` (${c.mount_root})` : ''} at once: every open file fails, writes it has not flushed yet are lost, and
          it is blocklisted, so it cannot reconnect until it is mounted again (a kernel client may need a reboot). Use it for a client that hangs or must go;
          a healthy client should be unmounted on its host instead.
        </>
      }
      onConfirm={async () => {
        await mutate({ method: 'DELETE', path: fsPath(fsid, fs, 'clients', String(c.id)) }, `Evict client ${c.id} of ${fs}`);
        onDone();
      }}
      onClose={onClose}
    />
  );
}

export function Clients({ fsid, fs }: { fsid: string; fs: string }) {
  const s = useSession();
  const [down, setDown] = useState<unknown>(null);
  const [evict, setEvict] = useState<Client | null>(null);
  const [reload, setReload] = useState(0);
  const columns: Column<Client>[] = [
    { key: 'id', label: 'ID', sort: 'id', numeric: true, render: (c) => c.id },
    {
      key: 'host',
      label: 'Host',
      sort: 'host',
      render: (c) => (
        <>
          {c.host || <span class="muted">unknown</span>}
          {c.internal && (
            <>
              {' '}
              <span title="openATTIC's own session or a manager's (its volumes module): not a user of the file system">
                <Badge tone="muted">internal</Badge>
              </span>
            </>
          )}
        </>
      ),
    },
    { key: 'entity', label: 'Entity', sort: 'entity', render: (c) => (c.entity ? <code>{c.entity}</code> : <span class="muted">—</span>) },
    { key: 'mount_root', label: 'Mounts', sort: 'mount_root', render: (c) => (c.mount_root ? <code>{c.mount_root}</code> : <span class="muted">—</span>) },
    { key: 'version', label: 'Version', render: (c) => c.version || <span class="muted">—</span> },
    { key: 'caps', label: 'Caps', sort: 'caps', numeric: true, render: (c) => <span title="Capabilities (files it holds)">{count(c.caps)}</span> },
    { key: 'state', label: 'State', sort: 'state', render: (c) => <Badge tone={c.state === 'open' ? 'ok' : c.state === 'stale' ? 'warn' : 'muted'}>{c.state || 'unknown'}</Badge> },
    { key: 'address', label: 'Address', optional: true, render: (c) => <span class="muted">{c.address || '—'}</span> },
  ];
  if (down) return <MdsProblem error={down} fs={fs} fsid={fsid} retry={() => setDown(null)} />;
  return (
    <>
      <Table<Client>
        id="cephfs-clients"
        urlState
        columns={columns}
        defaultSort="id"
        searchLabel="Search clients"
        rowKey={(c) => String(c.id)}
        rowClass={(c) => (c.internal ? 'row-disabled' : '')}
        reload={reload}
        pollMs={15000}
        load={(q, signal) => listOf<Client>(fsPath(fsid, fs, 'clients'), { ...q }, signal).catch(liftDown(setDown))}
        emptyTitle="No client mounts it"
        empty="Clients appear here while they mount the file system (ceph-fuse, the kernel client, an NFS gateway)."
        actions={
          s.canMutate
            ? (c) =>
                !c.internal && (
                  <button type="button" class="btn small danger" onClick={() => setEvict(c)}>
                    Evict
                  </button>
                )
            : undefined
        }
      />
      {evict && <EvictDialog fsid={fsid} fs={fs} c={evict} onClose={() => setEvict(null)} onDone={() => setReload((x) => x + 1)} />}
    </>
  );
}
