// pages/iscsi - the iSCSI targets of a cluster: the table, the gateways' deploy
// status, create and edit (one form, PUT for edit), delete with a confirmation, the
// Deploy… dialog, and a target's detail. The configuration is versioned: a save over
// someone else's change is refused and the form offers to reload.
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { useGet } from '../../api/useGet';
import { apiPath, list, mutate, sentence, type Outcome } from '../../api/client';
import { Confirm, Modal } from '../../components/Dialog';
import { Badge } from '../../components/Health';
import { EditDelete } from '../../components/RowActions';
import { Page } from '../../components/Page';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { DeployDialog, DeployStatus } from '../../components/Deploy';
import { clusterHref, useSession } from '../../lib/session';
import { TargetForm } from './form';
import type { Target } from './types';

export function AuthBadge({ auth }: { auth: Target['auth'] }) {
  if (!auth.user) return <Badge tone="muted">None</Badge>;
  return <Badge tone="ok">{auth.mutual_user ? 'Mutual CHAP' : 'CHAP'}</Badge>;
}

/** What a save answered beyond the target: the check's warnings (a gateway that did not answer). */
export function Warnings({ warnings, onDismiss }: { warnings: string[]; onDismiss: () => void }) {
  if (!warnings.length) return null;
  return (
    <div class="gw-notice warn dismissable" role="status">
      <div>
        <strong>Saved, with warnings:</strong>
        <ul>
          {warnings.map((w) => (
            <li>{sentence(w)}</li>
          ))}
        </ul>
      </div>
      <button type="button" class="icon-btn" aria-label="Dismiss the warnings" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

/** Edit a target: reads it fresh (the version a PUT must name), and again after a conflict. */
function EditTarget({ fsid, iqn, onDone, onClose }: { fsid: string; iqn: string; onDone: (o: Outcome<Target>) => void; onClose: () => void }) {
  const { data: target, error, reload, n: gen } = useGet<Target>(apiPath('clusters', fsid, 'iscsi', 'targets', iqn), { fresh: true });
  return (
    <Modal title={`Edit target ${iqn}`} onClose={onClose} wide>
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !target ? (
        <Loading what="Reading the target" />
      ) : (
        <TargetForm key={`${gen}-${target.version}`} fsid={fsid} item={target} onDone={onDone} onCancel={onClose} onReload={() => reload()} />
      )}
    </Modal>
  );
}

function DeleteTarget({ fsid, target, onClose, onDeleted }: { fsid: string; target: Target; onClose: () => void; onDeleted: () => void }) {
  return (
    <Confirm
      title="Delete iSCSI target"
      name={target.iqn}
      consequence={
        <>
          The target <strong>{target.iqn}</strong> and its {target.portals.length} {target.portals.length === 1 ? 'portal' : 'portals'},{' '}
          {target.disks.length} {target.disks.length === 1 ? 'LUN' : 'LUNs'} and {target.acls.length} {target.acls.length === 1 ? 'ACL' : 'ACLs'} are removed from
          the configuration; its RBD images stay. Initiators lose access once the gateways are deployed again.
        </>
      }
      action="Delete target"
      onConfirm={async () => {
        await mutate({ method: 'DELETE', path: apiPath('clusters', fsid, 'iscsi', 'targets', target.iqn), query: { version: target.version } }, `Delete target ${target.iqn}`);
        onDeleted();
      }}
      onClose={onClose}
    />
  );
}

type Dialog = null | { kind: 'create' } | { kind: 'deploy' } | { kind: 'edit' | 'delete'; target: Target };

export function IscsiTargets() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const s = useSession();
  const [reload, setReload] = useState(0);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const saved = (o: Outcome<Target>) => {
    setDialog(null);
    setWarnings(o.data?.warnings || []);
    setReload((x) => x + 1);
  };
  const columns: Column<Target>[] = [
    { key: 'iqn', label: 'IQN', sort: 'iqn', render: (t) => <a href={clusterHref(fsid, 'iscsi', t.iqn)}>{t.iqn}</a> },
    {
      key: 'portals',
      label: 'Portals',
      render: (t) => (
        <span class="gw-portals">
          {t.portals.map((p) => (
            <span>
              {p.host} <code>{p.ip}</code>
            </span>
          ))}
        </span>
      ),
    },
    { key: 'disks', label: 'Disks', numeric: true, render: (t) => t.disks.length },
    { key: 'auth', label: 'Authentication', render: (t) => <AuthBadge auth={t.auth} /> },
    { key: 'acls', label: 'ACLs', numeric: true, render: (t) => (t.acls.length ? t.acls.length : <span class="muted">any initiator</span>) },
    { key: 'version', label: 'Version', sort: 'version', numeric: true, optional: true, render: (t) => t.version },
  ];
  return (
    <Page
      title="iSCSI targets"
      sub="RBD images served over iSCSI by the gateways. Saved changes take effect when deployed."
      actions={
        s.canMutate && (
          <>
            <button type="button" class="btn" onClick={() => setDialog({ kind: 'deploy' })}>
              Deploy…
            </button>
            <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
              Create target
            </button>
          </>
        )
      }
    >
      <Warnings warnings={warnings} onDismiss={() => setWarnings([])} />
      <DeployStatus fsid={fsid} kind="iscsi" reload={reload} />
      <Table<Target>
        id="iscsi"
        urlState
        columns={columns}
        defaultSort="iqn"
        searchLabel="Search targets by IQN"
        rowKey={(t) => t.iqn}
        reload={reload}
        pollMs={15000}
        load={(q, signal) =>
          list<Target>(apiPath('clusters', fsid, 'iscsi', 'targets'), { ...q }, signal).then((r) => {
            if (!q.search) setTotal(r.total);
            return r;
          })
        }
        empty={s.canMutate ? 'Create a target to export RBD images over iSCSI, then deploy it to the gateways.' : 'An operator can create iSCSI targets.'}
        actions={
          s.canMutate
            ? (t) => (
                <EditDelete onEdit={() => setDialog({ kind: 'edit', target: t })} onDelete={() => setDialog({ kind: 'delete', target: t })} />
              )
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title="Create iSCSI target" onClose={() => setDialog(null)} wide>
          <TargetForm fsid={fsid} onDone={saved} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'edit' && <EditTarget fsid={fsid} iqn={dialog.target.iqn} onDone={saved} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && (
        <DeleteTarget fsid={fsid} target={dialog.target} onClose={() => setDialog(null)} onDeleted={() => setReload((x) => x + 1)} />
      )}
      {dialog?.kind === 'deploy' && (
        <DeployDialog fsid={fsid} kind="iscsi" count={total} onClose={() => setDialog(null)} onStarted={() => setReload((x) => x + 1)} />
      )}
    </Page>
  );
}

export function IscsiTarget() {
  const { params } = useRoute();
  const { fsid, iqn } = params;
  const s = useSession();
  const loc = useLocation();
  const { data: target, error, reload, n } = useGet<Target>(apiPath('clusters', fsid, 'iscsi', 'targets', iqn));
  const [dialog, setDialog] = useState<null | 'edit' | 'delete' | 'deploy'>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const t = target;
  return (
    <Page
      title={`iSCSI target ${iqn}`}
      sub={<a href={clusterHref(fsid, 'iscsi')}>All iSCSI targets</a>}
      actions={
        s.canMutate &&
        t && (
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
      <Warnings warnings={warnings} onDismiss={() => setWarnings([])} />
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !t ? (
        <Loading />
      ) : (
        <>
          <div class="gw-grid">
            <section class="card">
              <h2>Target</h2>
              <dl class="props">
                <dt>IQN</dt>
                <dd>
                  <code>{t.iqn}</code>
                </dd>
                <dt>Configuration version</dt>
                <dd>{t.version}</dd>
                <dt>Authentication</dt>
                <dd>
                  <AuthBadge auth={t.auth} />
                </dd>
                {t.auth.user && (
                  <>
                    <dt>CHAP user</dt>
                    <dd>
                      <code>{t.auth.user}</code> — password {t.auth.password_set ? 'set' : <strong>not set</strong>}
                    </dd>
                  </>
                )}
                {t.auth.mutual_user && (
                  <>
                    <dt>Mutual CHAP user</dt>
                    <dd>
                      <code>{t.auth.mutual_user}</code> — password {t.auth.mutual_password_set ? 'set' : <strong>not set</strong>}
                    </dd>
                  </>
                )}
              </dl>
            </section>
            <section class="card">
              <h2>Portals</h2>
              <ul class="gw-list">
                {t.portals.map((p) => (
                  <li>
                    <a href={`/nodes/${encodeURIComponent(p.host)}`}>{p.host}</a> <code>{p.ip}</code>:3260
                  </li>
                ))}
              </ul>
              <h2>Initiator ACLs</h2>
              {t.acls.length ? (
                <ul class="gw-list">
                  {t.acls.map((a) => (
                    <li>
                      <code>{a.initiator}</code> — {a.luns.length ? `LUN ${a.luns.join(', ')}` : 'no LUNs'}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">None: any initiator {t.auth.user ? 'with the CHAP credentials ' : ''}may log in.</p>
              )}
            </section>
          </div>
          <section class="card gw-section">
            <h2>Disks</h2>
            {t.disks.length ? (
              <table class="table">
                <thead>
                  <tr>
                    <th class="num">LUN</th>
                    <th>Pool</th>
                    <th>Image</th>
                  </tr>
                </thead>
                <tbody>
                  {[...t.disks]
                    .sort((a, b) => a.lun - b.lun)
                    .map((d) => (
                      <tr>
                        <td class="num">{d.lun}</td>
                        <td>
                          <a href={clusterHref(fsid, 'pools', d.pool)}>{d.pool}</a>
                        </td>
                        <td>
                          <a href={clusterHref(fsid, 'images', d.pool, d.image)}>{d.image}</a>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            ) : (
              <Empty title="No disks">{s.canMutate ? 'Edit the target to add RBD images as LUNs.' : 'The target exports no LUNs.'}</Empty>
            )}
          </section>
          <DeployStatus fsid={fsid} kind="iscsi" reload={n} />
        </>
      )}
      {dialog === 'edit' && t && (
        <EditTarget
          fsid={fsid}
          iqn={t.iqn}
          onDone={(o) => (setDialog(null), setWarnings(o.data?.warnings || []), reload())}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'delete' && t && (
        <DeleteTarget fsid={fsid} target={t} onClose={() => setDialog(null)} onDeleted={() => loc.route(clusterHref(fsid, 'iscsi'))} />
      )}
      {dialog === 'deploy' && <DeployDialog fsid={fsid} kind="iscsi" onClose={() => setDialog(null)} onStarted={() => reload()} />}
    </Page>
  );
}
