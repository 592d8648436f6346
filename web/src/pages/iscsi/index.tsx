// pages/iscsi - the iSCSI targets of a cluster: the table, the gateways' deploy
// status, create and edit (one form, PUT for edit), delete with a confirmation, the
// Deploy… dialog (components/ConfigPages.tsx), and a target's detail. The configuration
// is versioned: a save over someone else's change is refused and the form offers to reload.
import { useRoute } from 'preact-iso';
import { ConfigDetail, ConfigList, type ConfigObjects } from '../../components/ConfigPages';
import { Badge } from '../../components/Health';
import { Empty } from '../../components/States';
import type { Column } from '../../components/Table';
import { clusterHref, useSession } from '../../lib/session';
import { TargetForm } from './form';
import type { Target } from './types';

export function AuthBadge({ auth }: { auth: Target['auth'] }) {
  if (!auth.user) return <Badge tone="muted">None</Badge>;
  return <Badge tone="ok">{auth.mutual_user ? 'Mutual CHAP' : 'CHAP'}</Badge>;
}

const TARGETS: ConfigObjects<Target> = {
  kind: 'iscsi',
  items: 'targets',
  plural: 'iSCSI targets',
  singular: 'iSCSI target',
  noun: 'target',
  editTitle: (iqn) => `Edit target ${iqn}`,
  id: (t) => t.iqn,
  Form: TargetForm,
  consequence: (t) => (
    <>
      The target <strong>{t.iqn}</strong> and its {t.portals.length} {t.portals.length === 1 ? 'portal' : 'portals'}, {t.disks.length}{' '}
      {t.disks.length === 1 ? 'LUN' : 'LUNs'} and {t.acls.length} {t.acls.length === 1 ? 'ACL' : 'ACLs'} are removed from the configuration; its RBD images stay.
      Initiators lose access once the gateways are deployed again.
    </>
  ),
  deleteLabel: (t) => `Delete target ${t.iqn}`,
};

export function IscsiTargets() {
  const fsid = useRoute().params.fsid;
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
    <ConfigList
      of={TARGETS}
      fsid={fsid}
      sub="RBD images served over iSCSI by the gateways. Saved changes take effect when deployed."
      columns={columns}
      defaultSort="iqn"
      searchLabel="Search targets by IQN"
      empty="Create a target to export RBD images over iSCSI, then deploy it to the gateways."
      emptyViewer="An operator can create iSCSI targets."
    />
  );
}

export function IscsiTarget() {
  const { fsid, iqn } = useRoute().params;
  const s = useSession();
  return (
    <ConfigDetail of={TARGETS} fsid={fsid} id={iqn}>
      {(t) => (
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
        </>
      )}
    </ConfigDetail>
  );
}
