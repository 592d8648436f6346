// pages/rgw/daemons.tsx - the radosgw daemons Ceph knows of (its service map): where
// each answers S3 and Swift, its version and zone. Read-only.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { list } from '../../api/client';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { RgwProblem, liftDown, rgwPath } from './common';
import type { RgwDaemon } from './types';

export function RgwDaemons() {
  const fsid = useRoute().params.fsid;
  const [down, setDown] = useState<unknown>(null);
  const columns: Column<RgwDaemon>[] = [
    { key: 'id', sort: 'id', label: 'ID', render: (d) => <strong>{d.id}</strong> },
    { key: 'hostname', sort: 'hostname', label: 'Host', render: (d) => d.hostname || <span class="muted">—</span> },
    { key: 'endpoint', sort: 'endpoint', label: 'Endpoint', render: (d) => (d.endpoint ? <code>{d.endpoint}</code> : <span class="muted">unknown</span>) },
    { key: 'version', sort: 'version', label: 'Version', render: (d) => d.version || <span class="muted">—</span> },
    { key: 'zone', sort: 'zone', label: 'Zone', render: (d) => d.zone || <span class="muted">—</span> },
    { key: 'zonegroup', sort: 'zonegroup', label: 'Zone group', render: (d) => d.zonegroup || <span class="muted">—</span> },
    { key: 'realm', label: 'Realm', optional: true, render: (d) => d.realm || <span class="muted">none</span> },
    { key: 'frontend', label: 'Frontend', optional: true, render: (d) => (d.frontend ? <code>{d.frontend}</code> : <span class="muted">—</span>) },
    { key: 'gid', label: 'GID', optional: true, numeric: true, render: (d) => d.gid },
  ];
  return (
    <Page title="Object Gateway daemons" sub="The radosgw daemons Ceph knows of: where each serves S3 and Swift, its version and zone.">
      {down ? (
        <RgwProblem error={down} fsid={fsid} retry={() => setDown(null)} />
      ) : (
        <Table<RgwDaemon>
          id="rgw-daemons"
          urlState
          columns={columns}
          defaultSort="id"
          searchLabel="Search daemons"
          emptyTitle="No radosgw daemon runs"
          rowKey={(d) => d.id}
          pollMs={30000}
          load={(q, signal) =>
            list<RgwDaemon>(rgwPath(fsid, 'daemons'), { ...q }, signal).catch(liftDown(setDown))
          }
          empty="Ceph's service map lists no radosgw daemon for this cluster. Deploy one (ceph orch apply rgw, or your deployment tool) to serve S3 and Swift."
        />
      )}
    </Page>
  );
}
