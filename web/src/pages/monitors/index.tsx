// pages/monitors - the monitors of a cluster (GET /api/clusters/{fsid}/monitors):
// name, rank, address, whether each is in the quorum and which one leads. Paged,
// sorted and searched by the server; refreshed every 10 s.
import { useRoute } from 'preact-iso';
import { apiPath, list } from '../../api/client';
import type { Schema } from '../../api/openapi';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { clusterHref } from '../../lib/session';

export type Monitor = Schema<'Monitor'>;

export function Monitors() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const columns: Column<Monitor>[] = [
    { key: 'name', label: 'Name', sort: 'name', render: (m) => <strong>{m.name}</strong> },
    { key: 'rank', label: 'Rank', sort: 'rank', numeric: true, render: (m) => m.rank },
    { key: 'addr', label: 'Address', sort: 'addr', render: (m) => (m.addr ? <code>{m.addr}</code> : <span class="muted">unknown</span>) },
    {
      key: 'in_quorum',
      label: 'Quorum',
      sort: 'in_quorum',
      render: (m) => (m.in_quorum ? <Badge tone="ok">in quorum</Badge> : <Badge tone="err">out of quorum</Badge>),
    },
    { key: 'leader', label: 'Leader', sort: 'leader', render: (m) => (m.leader ? <Badge tone="info">leader</Badge> : <span class="muted">no</span>) },
  ];
  return (
    <Page
      title="Monitors"
      sub={
        <>
          The monitors keep the cluster maps; a majority of them must be in the quorum for the cluster to work. Health at a glance on the{' '}
          <a href={clusterHref(fsid, 'dashboard')}>dashboard</a>.
        </>
      }
    >
      <Table<Monitor>
        id="monitors"
        urlState
        columns={columns}
        defaultSort="rank"
        searchLabel="Search by name or address"
        rowKey={(m) => m.name}
        rowClass={(m) => (m.in_quorum ? '' : 'mon-out')}
        pollMs={10000}
        load={(q, signal) => list<Monitor>(apiPath('clusters', fsid, 'monitors'), { ...q }, signal)}
        empty="This cluster reports no monitors; check the cluster's configuration."
      />
    </Page>
  );
}
