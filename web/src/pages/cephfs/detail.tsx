// pages/cephfs/detail.tsx - one file system, a tab per URL: Overview (its state, the
// MDS ranks and standbys, its pools with their usage), Clients (clients.tsx),
// Directories (dirs.tsx: ?path= names the directory) and Subvolumes (subvolumes.tsx:
// ?group= and ?subvolume=). The file system is read again every 10 s; delete from the
// page head, its task's progress shown while it runs.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { ApiError, get } from '../../api/client';
import { useTasks } from '../../api/tasks';
import { usePoll } from '../../api/usePoll';
import { Meter } from '../../components/Health';
import { Page, Tabs } from '../../components/Page';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { Size } from '../../components/Values';
import { clusterHref, useSession } from '../../lib/session';
import { Clients } from './clients';
import { FsStateBadge, MdsBadge, fsHref, fsPath } from './common';
import { Directories } from './dirs';
import { DeleteFs, TaskMeter, fsTasks, taskFs } from './filesystems';
import { Subvolumes } from './subvolumes';
import type { FileSystem } from './types';
import { fsStateHelp, poolFraction } from './values';

const TABS = ['', 'clients', 'directories', 'subvolumes'];

function Overview({ fsid, f }: { fsid: string; f: FileSystem }) {
  const ranks = [...f.mds.active].sort((a, b) => a.rank - b.rank);
  return (
    <>
      <div class="gw-grid">
        <section class="card" data-card="state">
          <h2>State</h2>
          <dl class="props">
            <dt>State</dt>
            <dd>
              <FsStateBadge state={f.state} /> <span class="help">{fsStateHelp(f.state)}</span>
            </dd>
            <dt>Ranks</dt>
            <dd>
              {f.max_mds} {f.max_mds === 1 ? '(one active MDS)' : '(active MDS daemons sharing the metadata)'}
            </dd>
            <dt>Clients</dt>
            <dd>
              {f.clients === null ? (
              <span class="muted">unknown now</span>
            ) : (
              <>
                <a href={fsHref(fsid, f.name, 'clients')}>{f.clients}</a> <span class="help">(sessions, openATTIC's own and the managers' included)</span>
              </>
            )}
            </dd>
            <dt>Directories</dt>
            <dd>
              <a href={fsHref(fsid, f.name, 'directories')}>Browse from /</a>
            </dd>
            <dt>ID</dt>
            <dd>{f.id}</dd>
          </dl>
        </section>
        <section class="card" data-card="mds">
          <h2>MDS daemons</h2>
          {ranks.length ? (
            <table class="table">
              <thead>
                <tr>
                  <th class="num">Rank</th>
                  <th>Daemon</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {ranks.map((d) => (
                  <tr data-rank={d.rank}>
                    <td class="num">{d.rank}</td>
                    <td title={d.addr || undefined}>mds.{d.name}</td>
                    <td>
                      <MdsBadge state={d.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div class="img-note" role="note">
              No MDS holds a rank of {f.name}: clients cannot use it until an MDS daemon takes over. Start an MDS daemon.
            </div>
          )}
          <h3>Standby</h3>
          {f.mds.standby.length ? (
            <table class="table" data-standby>
              <thead>
                <tr>
                  <th>Daemon</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {f.mds.standby.map((d) => (
                  <tr data-standby={d.name}>
                    <td title={d.addr || undefined}>mds.{d.name}</td>
                    <td>
                      <MdsBadge state={d.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="help">No standby MDS: if the active one fails, the file system stops until an MDS daemon is started.</p>
          )}
          <p class="help">Standbys are shared by the cluster's file systems; a standby-replay daemon follows this one's journal to take over faster.</p>
        </section>
      </div>
      <section class="card gw-section" data-card="pools">
        <h2>Pools</h2>
        <table class="table">
          <thead>
            <tr>
              <th>Pool</th>
              <th>Type</th>
              <th class="num">Used</th>
              <th class="num">Available</th>
              <th>Usage</th>
            </tr>
          </thead>
          <tbody>
            {f.pools.map((p) => (
              <tr data-pool={p.name || ''}>
                <td>{p.name ? <a href={clusterHref(fsid, 'pools', p.name)}>{p.name}</a> : <span class="muted">unknown</span>}</td>
                <td>{p.type}</td>
                <td class="num">
                  <Size bytes={p.used} />
                </td>
                <td class="num">
                  <Size bytes={p.avail} />
                </td>
                <td>
                  <Meter fraction={poolFraction(p)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

const gone = (e: unknown) => e instanceof ApiError && e.status === 404;

export function FileSystemDetail() {
  const { params } = useRoute();
  const { fsid, fs } = params;
  const tab = TABS.includes(params.tab || '') ? params.tab || '' : '';
  const loc = useLocation();
  const s = useSession();
  const { active } = useTasks();
  const polled = usePoll((signal) => get<FileSystem>(fsPath(fsid, fs), undefined, signal), 10000, [fsid, fs]);
  const f = polled.data;
  const [deleting, setDeleting] = useState(false);
  const task = fsTasks(active, fsid).find((t) => taskFs(t) === fs);
  // A task on it ended: read it again (gone after a delete, active after a create).
  const busy = useRef(false);
  useEffect(() => {
    if (busy.current && !task) polled.retry();
    busy.current = Boolean(task);
  }, [Boolean(task)]);
  const href = (t: string) => fsHref(fsid, fs, t);
  const tabs = [
    { href: href(''), label: 'Overview' },
    { href: href('clients'), label: 'Clients' },
    { href: href('directories'), label: 'Directories' },
    { href: href('subvolumes'), label: 'Subvolumes' },
  ];
  const all = clusterHref(fsid, 'cephfs');
  const error = polled.error;
  return (
    <Page
      title={`File system ${fs}`}
      sub={
        <>
          <a href={all}>All file systems</a>
          {f && (
            <>
              {' · '}
              <FsStateBadge state={f.state} />
            </>
          )}
        </>
      }
      actions={
        s.canMutate &&
        f &&
        !task &&
        !gone(error) && (
          <button type="button" class="btn danger" onClick={() => setDeleting(true)}>
            Delete
          </button>
        )
      }
    >
      {task && (
        <div class="img-busy" role="status">
          <TaskMeter task={task} />
          {task.message && <div class="help">{task.message}</div>}
        </div>
      )}
      <Tabs tabs={tabs} current={href(tab)} />
      {gone(error) ? (
        <Empty title={`There is no file system ${fs}`}>
          It may have been deleted. <a href={all}>All file systems</a>
        </Empty>
      ) : error !== null && !f ? (
        <ErrorBox error={error} retry={polled.retry} />
      ) : !f ? (
        <Loading what="Reading the file system" />
      ) : tab === 'clients' ? (
        <Clients fsid={fsid} fs={fs} />
      ) : tab === 'directories' ? (
        <Directories fsid={fsid} fs={fs} />
      ) : tab === 'subvolumes' ? (
        <Subvolumes fsid={fsid} f={f} />
      ) : (
        <Overview fsid={fsid} f={f} />
      )}
      {deleting && f && <DeleteFs fsid={fsid} f={f} onClose={() => setDeleting(false)} onDeleted={() => loc.route(all)} />}
    </Page>
  );
}
