// pages/logs - the cluster log and the audit channel, newest first, read again every
// 5 s while the page is shown (a live tail); filtered by channel and level, searched by
// text, all in the URL. The monitors keep the newest entries of each channel only
// (mon_log_max_summary), so this is what happened lately, not an archive.
import { useLocation, useRoute } from 'preact-iso';
import { apiPath, list } from '../../api/client';
import type { Schema } from '../../api/openapi';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { Time } from '../../components/Values';

export type LogEntry = Schema<'LogEntry'>;

const LEVELS = ['debug', 'info', 'security', 'warning', 'error'];

function levelTone(l: string): 'err' | 'warn' | 'info' | 'muted' {
  return l === 'error' ? 'err' : l === 'warning' || l === 'security' ? 'warn' : l === 'info' ? 'info' : 'muted';
}

export function Logs() {
  const fsid = useRoute().params.fsid;
  const loc = useLocation();
  const q = loc.query || {};
  const channel = q.channel || 'cluster';
  const level = q.level || 'debug';
  const set = (k: string, v: string, dflt: string) => {
    const u = new URLSearchParams(location.search);
    if (v === dflt) u.delete(k);
    else u.set(k, v);
    u.delete('page');
    const qs = u.toString();
    loc.route(loc.path + (qs ? '?' + qs : ''), true);
  };
  const columns: Column<LogEntry>[] = [
    { key: 'stamp', label: 'When', sort: 'stamp', render: (e) => <Time at={e.stamp} /> },
    { key: 'level', label: 'Level', render: (e) => <Badge tone={levelTone(e.level)}>{e.level}</Badge> },
    { key: 'channel', label: 'Channel', optional: true, render: (e) => e.channel },
    { key: 'daemon', label: 'From', render: (e) => <code>{e.daemon}</code> },
    { key: 'message', label: 'Message', render: (e) => <span class="log-message">{e.message}</span> },
  ];
  return (
    <Page title="Logs" sub="What the cluster reported lately, and every command it was given (the audit channel). Newest first, read again every 5 seconds.">
      <div class="filters" role="group" aria-label="Filters">
        <label class="filter">
          <span class="filter-label">Channel</span>
          <select name="channel" value={channel} onChange={(e) => set('channel', (e.target as HTMLSelectElement).value, 'cluster')}>
            <option value="cluster">Cluster log</option>
            <option value="audit">Audit (commands)</option>
            <option value="all">Both</option>
          </select>
        </label>
        <label class="filter">
          <span class="filter-label">Level</span>
          <select name="level" value={level} onChange={(e) => set('level', (e.target as HTMLSelectElement).value, 'debug')}>
            {LEVELS.map((l) => (
              <option value={l}>{l === 'debug' ? 'everything' : `${l} and above`}</option>
            ))}
          </select>
        </label>
      </div>
      <Table<LogEntry>
        id="logs"
        urlState
        columns={columns}
        defaultSort="-stamp"
        pageSize={50}
        pollMs={5000}
        searchLabel="Search messages and daemons"
        rowKey={(e) => `${e.channel}-${e.seq}`}
        reload={`${channel}:${level}`}
        load={(query, signal) => list<LogEntry>(apiPath('clusters', fsid, 'logs'), { ...query, channel, level: level === 'debug' ? undefined : level }, signal)}
        emptyTitle="Nothing logged"
        empty="The monitors keep the newest entries of each channel only (mon_log_max_summary): nothing at this level lately."
      />
    </Page>
  );
}
