// pages/osds/columns.tsx - how an OSD reads in the table and the detail: up/down and
// in/out as words, usage as a meter with the sizes, and the table's columns.
import type { Column } from '../../components/Table';
import { Badge, Meter } from '../../components/Health';
import { Size } from '../../components/Values';
import { clusterHref } from '../../lib/session';
import type { Osd } from './types';
import { reweightText, usedFraction, weight } from './util';

export function UpBadge({ osd }: { osd: Osd }) {
  return osd.up ? <Badge tone="ok">up</Badge> : <Badge tone="err">down</Badge>;
}
export function InBadge({ osd }: { osd: Osd }) {
  return osd.in ? <Badge tone="ok">in</Badge> : <Badge tone="warn">out</Badge>;
}

export function Usage({ osd }: { osd: Osd }) {
  const f = usedFraction(osd.stats);
  if (f === null || !osd.stats) return <span class="muted" title="The manager did not answer: no usage numbers">no data</span>;
  return (
    <span class="osd-usage">
      <Meter fraction={f} />
      <span class="muted">
        <Size bytes={osd.stats.used} /> of <Size bytes={osd.stats.total} />
      </span>
    </span>
  );
}

/** The OSD table's columns; the name opens the detail (open(id)), keeping the link for a new tab. */
export function osdColumns(fsid: string, open: (id: number) => void): Column<Osd>[] {
  return [
    {
      key: 'name',
      label: 'OSD',
      sort: 'id',
      render: (o) => (
        <a
          href={`${clusterHref(fsid, 'osds')}?osd=${o.id}`}
          onClick={(e) => {
            e.preventDefault();
            open(o.id);
          }}
        >
          {o.name}
        </a>
      ),
    },
    { key: 'host', label: 'Host', sort: 'host', render: (o) => o.host || <span class="muted">unknown</span> },
    { key: 'up', label: 'Status', sort: 'up', render: (o) => <UpBadge osd={o} /> },
    { key: 'in', label: 'In/out', sort: 'in', render: (o) => <InBadge osd={o} /> },
    { key: 'device_class', label: 'Class', sort: 'device_class', render: (o) => o.device_class || <span class="muted">none</span> },
    {
      key: 'weight',
      label: 'Weight',
      sort: 'weight',
      numeric: true,
      render: (o) => <span title={`CRUSH weight ${o.weight}`}>{weight(o.weight)}</span>,
    },
    { key: 'reweight', label: 'Reweight', sort: 'reweight', numeric: true, render: (o) => <span title={String(o.reweight)}>{reweightText(o.reweight)}</span> },
    { key: 'pgs', label: 'PGs', sort: 'pgs', numeric: true, render: (o) => (o.pgs === null ? <span class="muted">—</span> : o.pgs.toLocaleString('en-US')) },
    { key: 'usage', label: 'Usage', sort: 'percent_used', render: (o) => <Usage osd={o} /> },
    { key: 'total', label: 'Size', sort: 'total', numeric: true, optional: true, render: (o) => <Size bytes={o.stats?.total} /> },
    { key: 'avail', label: 'Available', sort: 'avail', numeric: true, optional: true, render: (o) => <Size bytes={o.stats?.avail} /> },
    { key: 'objectstore', label: 'Object store', sort: 'objectstore', optional: true, render: (o) => o.objectstore || <span class="muted">unknown</span> },
  ];
}
