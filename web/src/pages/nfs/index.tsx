// pages/nfs - the NFS-Ganesha exports of a cluster: the table, the Ganesha hosts'
// deploy status, create and edit (one form, PUT for edit), delete with a
// confirmation, the Deploy… dialog (components/ConfigPages.tsx), and an export's detail.
import { useRoute } from 'preact-iso';
import { ConfigDetail, ConfigList, type ConfigObjects } from '../../components/ConfigPages';
import { Empty } from '../../components/States';
import type { Column } from '../../components/Table';
import { clusterHref } from '../../lib/session';
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

const EXPORTS: ConfigObjects<Export> = {
  kind: 'nfs',
  items: 'exports',
  plural: 'NFS exports',
  singular: 'NFS export',
  noun: 'export',
  editTitle: (id) => `Edit NFS export ${id}`,
  id: (e) => String(e.id),
  Form: ExportForm,
  consequence: (e) => (
    <>
      NFS export <strong>{e.id}</strong>
      {e.pseudo ? (
        <>
          {' '}
          at <code>{e.pseudo}</code>
        </>
      ) : null}{' '}
      is removed from the configuration; the data in {e.fsal.name === 'RGW' ? 'the bucket' : 'CephFS'} stays. Clients lose the export once the Ganesha hosts reload it
      (deploy).
    </>
  ),
  deleteLabel: (e) => `Delete NFS ${title(e)}`,
};

export function NfsExports() {
  const fsid = useRoute().params.fsid;
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
    <ConfigList
      of={EXPORTS}
      fsid={fsid}
      sub="CephFS directories and buckets served over NFS by NFS-Ganesha. Saved changes take effect when deployed."
      columns={columns}
      defaultSort="id"
      searchLabel="Search exports"
      empty="Create an export to share a CephFS directory or a bucket over NFS, then deploy it."
      emptyViewer="An operator can create NFS exports."
    />
  );
}

export function NfsExport() {
  const { fsid, id } = useRoute().params;
  return (
    <ConfigDetail of={EXPORTS} fsid={fsid} id={id}>
      {(e) => (
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
        </>
      )}
    </ConfigDetail>
  );
}
