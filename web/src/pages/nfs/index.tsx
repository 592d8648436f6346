// pages/nfs - the NFS-Ganesha exports of a cluster: the table, the Ganesha hosts'
// deploy status, create and edit (one form, PUT for edit), delete with a
// confirmation, the Deploy… dialog, and an export's detail.
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { useGet } from '../../api/useGet';
import { apiPath, list, mutate, type Outcome } from '../../api/client';
import { Confirm, Modal } from '../../components/Dialog';
import { EditDelete } from '../../components/RowActions';
import { Page } from '../../components/Page';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { DeployDialog, DeployStatus } from '../../components/Deploy';
import { clusterHref, useSession } from '../../lib/session';
import { ExportForm } from './form';
import type { Export } from './types';

/** "CephFS /volumes/a" or "RGW bucket b". */
export function Storage({ e }: { e: Export }) {
  return e.fsal.name === 'RGW' ? (
    <span>
      <span class="gw-tag">RGW</span> bucket <code>{e.path}</code>
    </span>
  ) : (
    <span>
      <span class="gw-tag">CEPH</span> <code>{e.path}</code>
    </span>
  );
}

const protocols = (e: Export) => (e.protocols.length ? e.protocols.map((p) => `NFSv${p}`).join(', ') : 'NFSv4');
const title = (e: { id: number; pseudo: string | null }) => `export ${e.id}${e.pseudo ? ` (${e.pseudo})` : ''}`;

function EditExport({ fsid, id, onDone, onClose }: { fsid: string; id: number; onDone: (o: Outcome<Export>) => void; onClose: () => void }) {
  const { data: exp, error, reload, n: gen } = useGet<Export>(apiPath('clusters', fsid, 'nfs', 'exports', id), { fresh: true });
  return (
    <Modal title={`Edit NFS export ${id}`} onClose={onClose} wide>
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !exp ? (
        <Loading what="Reading the export" />
      ) : (
        <ExportForm key={`${gen}-${exp.version}`} fsid={fsid} item={exp} onDone={onDone} onCancel={onClose} onReload={() => reload()} />
      )}
    </Modal>
  );
}

function DeleteExport({ fsid, exp, onClose, onDeleted }: { fsid: string; exp: Export; onClose: () => void; onDeleted: () => void }) {
  return (
    <Confirm
      title="Delete NFS export"
      name={String(exp.id)}
      consequence={
        <>
          NFS export <strong>{exp.id}</strong>
          {exp.pseudo ? (
            <>
              {' '}
              at <code>{exp.pseudo}</code>
            </>
          ) : null}{' '}
          is removed from the configuration; the data in {exp.fsal.name === 'RGW' ? 'the bucket' : 'CephFS'} stays. Clients lose the export once the Ganesha hosts
          reload it (deploy).
        </>
      }
      action="Delete export"
      onConfirm={async () => {
        await mutate({ method: 'DELETE', path: apiPath('clusters', fsid, 'nfs', 'exports', exp.id), query: { version: exp.version } }, `Delete NFS ${title(exp)}`);
        onDeleted();
      }}
      onClose={onClose}
    />
  );
}

type Dialog = null | { kind: 'create' } | { kind: 'deploy' } | { kind: 'edit' | 'delete'; exp: Export };

export function NfsExports() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const s = useSession();
  const [reload, setReload] = useState(0);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog>(null);
  const saved = () => {
    setDialog(null);
    setReload((x) => x + 1);
  };
  const columns: Column<Export>[] = [
    { key: 'id', label: 'ID', sort: 'id', numeric: true, render: (e) => <a href={clusterHref(fsid, 'nfs', e.id)}>{e.id}</a> },
    { key: 'pseudo', label: 'Pseudo path', sort: 'pseudo', render: (e) => (e.pseudo ? <code>{e.pseudo}</code> : <span class="muted">none (NFSv3 only)</span>) },
    { key: 'path', label: 'Storage', sort: 'path', render: (e) => <Storage e={e} /> },
    { key: 'access_type', label: 'Access', render: (e) => e.access_type || 'RW' },
    { key: 'squash', label: 'Squash', render: (e) => e.squash || <span class="muted">default</span> },
    { key: 'protocols', label: 'Protocols', render: protocols },
    { key: 'transports', label: 'Transports', optional: true, render: (e) => e.transports.join(', ') || 'TCP' },
    { key: 'clients', label: 'Client blocks', numeric: true, render: (e) => (e.clients.length ? e.clients.length : <span class="muted">none</span>) },
    { key: 'host', label: 'Served by', sort: 'host', render: (e) => e.host || <span class="muted">every host</span> },
  ];
  return (
    <Page
      title="NFS exports"
      sub="CephFS directories and buckets served over NFS by NFS-Ganesha. Saved changes take effect when deployed."
      actions={
        s.canMutate && (
          <>
            <button type="button" class="btn" onClick={() => setDialog({ kind: 'deploy' })}>
              Deploy…
            </button>
            <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
              Create export
            </button>
          </>
        )
      }
    >
      <DeployStatus fsid={fsid} kind="nfs" reload={reload} />
      <Table<Export>
        id="nfs"
        urlState
        columns={columns}
        defaultSort="id"
        searchLabel="Search exports"
        rowKey={(e) => String(e.id)}
        reload={reload}
        pollMs={15000}
        load={(q, signal) =>
          list<Export>(apiPath('clusters', fsid, 'nfs', 'exports'), { ...q }, signal).then((r) => {
            if (!q.search) setTotal(r.total);
            return r;
          })
        }
        empty={s.canMutate ? 'Create an export to share a CephFS directory or a bucket over NFS, then deploy it.' : 'An operator can create NFS exports.'}
        actions={
          s.canMutate
            ? (e) => (
                <EditDelete onEdit={() => setDialog({ kind: 'edit', exp: e })} onDelete={() => setDialog({ kind: 'delete', exp: e })} />
              )
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title="Create NFS export" onClose={() => setDialog(null)} wide>
          <ExportForm fsid={fsid} onDone={saved} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'edit' && <EditExport fsid={fsid} id={dialog.exp.id} onDone={saved} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteExport fsid={fsid} exp={dialog.exp} onClose={() => setDialog(null)} onDeleted={() => setReload((x) => x + 1)} />}
      {dialog?.kind === 'deploy' && <DeployDialog fsid={fsid} kind="nfs" count={total} onClose={() => setDialog(null)} onStarted={() => setReload((x) => x + 1)} />}
    </Page>
  );
}

export function NfsExport() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const id = params.id;
  const s = useSession();
  const loc = useLocation();
  const { data: exp, error, reload, n } = useGet<Export>(apiPath('clusters', fsid, 'nfs', 'exports', id));
  const [dialog, setDialog] = useState<null | 'edit' | 'delete' | 'deploy'>(null);
  const e = exp;
  return (
    <Page
      title={`NFS export ${id}`}
      sub={<a href={clusterHref(fsid, 'nfs')}>All NFS exports</a>}
      actions={
        s.canMutate &&
        e && (
          <>
            <button type="button" class="btn" onClick={() => setDialog('deploy')}>
              Deploy…
            </button>
            <button type="button" class="btn" onClick={() => setDialog('edit')}>
              Edit
            </button>
            <button type="button" class="btn danger" onClick={() => setDialog('delete')}>
              Delete
            </button>
          </>
        )
      }
    >
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !e ? (
        <Loading />
      ) : (
        <>
          <div class="gw-grid">
            <section class="card">
              <h2>Export</h2>
              <dl class="props">
                <dt>Pseudo path</dt>
                <dd>{e.pseudo ? <code>{e.pseudo}</code> : <span class="muted">none (NFSv3 only)</span>}</dd>
                <dt>Storage</dt>
                <dd>
                  <Storage e={e} />
                </dd>
                {e.fsal.name === 'CEPH' ? (
                  <>
                    <dt>Ceph user</dt>
                    <dd>{e.fsal.user_id || <span class="muted">none</span>}</dd>
                    <dt>File system</dt>
                    <dd>{e.fsal.fs_name || <span class="muted">the default one</span>}</dd>
                  </>
                ) : (
                  <>
                    <dt>RGW user</dt>
                    <dd>{e.fsal.user_id || <span class="muted">none</span>}</dd>
                    <dt>Access key</dt>
                    <dd>{e.fsal.access_key_id ? <code>{e.fsal.access_key_id}</code> : <span class="muted">none</span>}</dd>
                    <dt>Secret key</dt>
                    <dd>{e.fsal.secret_access_key_set ? 'set (never shown)' : <strong>not set</strong>}</dd>
                  </>
                )}
                <dt>Served by</dt>
                <dd>{e.host ? <a href={`/nodes/${encodeURIComponent(e.host)}`}>{e.host}</a> : 'every Ganesha host'}</dd>
                <dt>Version</dt>
                <dd>{e.version}</dd>
              </dl>
            </section>
            <section class="card">
              <h2>Access</h2>
              <dl class="props">
                <dt>Access type</dt>
                <dd>{e.access_type || 'RW'}</dd>
                <dt>Squash</dt>
                <dd>{e.squash || <span class="muted">Ganesha's default</span>}</dd>
                <dt>Protocols</dt>
                <dd>{protocols(e)}</dd>
                <dt>Transports</dt>
                <dd>{e.transports.join(', ') || 'TCP'}</dd>
              </dl>
            </section>
          </div>
          <section class="card gw-section">
            <h2>Client blocks</h2>
            {e.clients.length ? (
              <table class="table">
                <thead>
                  <tr>
                    <th>Clients</th>
                    <th>Access type</th>
                    <th>Squash</th>
                  </tr>
                </thead>
                <tbody>
                  {e.clients.map((c) => (
                    <tr>
                      <td>{c.addresses.join(', ')}</td>
                      <td>{c.access_type || <span class="muted">as the export</span>}</td>
                      <td>{c.squash || <span class="muted">as the export</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty title="No client blocks">The export's access type and squash apply to every client.</Empty>
            )}
          </section>
          <DeployStatus fsid={fsid} kind="nfs" reload={n} />
        </>
      )}
      {dialog === 'edit' && e && (
        <EditExport fsid={fsid} id={e.id} onDone={() => (setDialog(null), reload())} onClose={() => setDialog(null)} />
      )}
      {dialog === 'delete' && e && <DeleteExport fsid={fsid} exp={e} onClose={() => setDialog(null)} onDeleted={() => loc.route(clusterHref(fsid, 'nfs'))} />}
      {dialog === 'deploy' && <DeployDialog fsid={fsid} kind="nfs" onClose={() => setDialog(null)} onStarted={() => reload()} />}
    </Page>
  );
}
