// pages/dashboard - the page an on-call engineer opens at 3 a.m.: the cluster's
// health with every check (expandable to its detail), capacity, placement groups,
// OSDs, monitors and pools at a glance, live charts of client I/O and recovery
// (the last 10 minutes, kept in memory), and the latest tasks. The status is
// polled every 5 s while the tab is visible; a failed poll keeps the last picture
// and says how old it is.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { apiPath, get, list, messageOf, sentence } from '../../api/client';
import type { ListPage, Task } from '../../api/types';
import { usePoll } from '../../api/usePoll';
import { Badge, HealthBadge, Meter } from '../../components/Health';
import { Page } from '../../components/Page';
import { ErrorBox, Loading } from '../../components/States';
import { Size, Time } from '../../components/Values';
import { count, percent } from '../../lib/format';
import { clusterHref, useSession } from '../../lib/session';
import { Chart, formatValue, hms, type Line } from './chart';
import { Ring, columns, type Sample } from './ring';
import { pgTone, severityTone, sortChecks, taskTitle, taskTone, worst } from './status';
import { MuteDialog, MutedList, Unmute } from './mutes';
import type { ClusterStatus, HealthCheck, HealthMute } from './types';

const POLL_MS = 5000;
const WINDOW_MS = 10 * 60 * 1000;
/** Two missed polls and more: the line breaks. */
const GAP_MS = 2.5 * POLL_MS;

/** The last 10 minutes of each cluster, kept across visits to the page. */
const history = new Map<string, Ring<Sample>>();
function ringOf(fsid: string): Ring<Sample> {
  let r = history.get(fsid);
  if (!r) history.set(fsid, (r = new Ring<Sample>(WINDOW_MS / POLL_MS + 10)));
  return r;
}

const READ = '#0b5cad';
const WRITE = '#b4460a';
const THROUGHPUT: Line[] = [
  { label: 'Read', swatch: 'chart-read', color: READ },
  { label: 'Write', swatch: 'chart-write', color: WRITE, dash: [6, 3] },
];
const RECOVERY: Line[] = [{ label: 'Recovery', swatch: 'chart-recovery', color: '#6b3fa0' }];

/** The check's section in Ceph's list of health checks. */
function docsUrl(name: string): string {
  return `https://docs.ceph.com/en/latest/rados/operations/health-checks/#${name.toLowerCase().replace(/_/g, '-')}`;
}

interface MuteProps {
  fsid: string;
  canMutate: boolean;
  mute: HealthMute | undefined;
  onMute: () => void;
  onChange: () => void;
}

function Check({ c, open, toggle, m }: { c: HealthCheck; open: boolean; toggle: () => void; m: MuteProps }) {
  const [tone, word] = severityTone(c.severity);
  const id = `check-${c.name}`;
  return (
    <li class={`dash-check ${tone}`} data-check={c.name}>
      <div class="dash-check-head">
        <Badge tone={c.muted ? 'muted' : tone}>{c.muted ? `${word}, muted` : word}</Badge>
        <span class="dash-check-text">
          <strong>{c.summary || c.name}</strong> <code class="muted">{c.name}</code>
        </span>
        <button type="button" class="btn small" aria-expanded={open} aria-controls={id} onClick={toggle}>
          {open ? 'Hide detail' : c.detail.length ? `Detail (${c.detail.length})` : 'Detail'}
        </button>
        {m.canMutate &&
          (c.muted ? (
            <Unmute fsid={m.fsid} code={c.name} onDone={m.onChange} />
          ) : (
            <button type="button" class="btn small" onClick={m.onMute}>
              Mute
            </button>
          ))}
      </div>
      {c.muted && m.mute && (
        <p class="muted dash-check-muted">
          Muted {m.mute.expires ? <>until <Time at={m.mute.expires} /></> : 'until unmuted'}
          {m.mute.sticky ? ', also when it comes back' : ''}.
        </p>
      )}
      <div class="dash-check-detail" id={id} hidden={!open}>
        {c.detail.length > 0 ? (
          <ul>
            {c.detail.map((d) => (
              <li>{d}</li>
            ))}
          </ul>
        ) : (
          <p>Ceph gives no further detail for this check.</p>
        )}
        <p>
          <a href={docsUrl(c.name)} target="_blank" rel="noopener noreferrer">
            What {c.name} means and what to do (Ceph documentation)
          </a>
        </p>
      </div>
    </li>
  );
}

function HealthCard({ st, canMutate, onChange }: { st: ClusterStatus; canMutate: boolean; onChange: () => void }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [muting, setMuting] = useState<string | null>(null);
  const mutes = st.health.mutes;
  const checks = sortChecks(st.health.checks);
  const toggle = (name: string) => {
    const s = new Set(open);
    if (s.has(name)) s.delete(name);
    else s.add(name);
    setOpen(s);
  };
  return (
    <section class="card dash-health" aria-labelledby="dash-health-h" data-health={st.health.status}>
      <div class="dash-health-status">
        <h2 id="dash-health-h">Health</h2>
        <div class="dash-health-big">
          <HealthBadge health={st.health.status} />
        </div>
        <code class="muted">{st.health.status}</code>
      </div>
      <div class="dash-health-checks">
        {checks.length === 0 ? (
          <p class="dash-allok">
            <span aria-hidden="true">✓</span> All checks pass.
          </p>
        ) : (
          <>
            <p class="dash-checks-count">
              {checks.length === 1 ? '1 check needs attention' : `${checks.length} checks need attention`}
            </p>
            <ul class="dash-checks">
              {checks.map((c) => (
                <Check
                  key={c.name}
                  c={c}
                  open={open.has(c.name)}
                  toggle={() => toggle(c.name)}
                  m={{ fsid: st.fsid, canMutate, mute: mutes.find((x) => x.code === c.name), onMute: () => setMuting(c.name), onChange }}
                />
              ))}
            </ul>
          </>
        )}
        <MutedList fsid={st.fsid} mutes={mutes} active={checks.map((c) => c.name)} canMutate={canMutate} onChange={onChange} />
      </div>
      {muting && <MuteDialog fsid={st.fsid} code={muting} onClose={() => setMuting(null)} onDone={onChange} />}
    </section>
  );
}

function CapacityCard({ st }: { st: ClusterStatus }) {
  const { total, used, avail } = st.capacity;
  const f = total > 0 ? used / total : 0;
  return (
    <section class="card dash-small" aria-labelledby="dash-cap-h">
      <h2 id="dash-cap-h">Capacity</h2>
      <Meter fraction={f} label={`${percent(f)} used`} />
      <dl class="props dash-props">
        <dt>Used</dt>
        <dd>
          <Size bytes={used} />
        </dd>
        <dt>Available</dt>
        <dd>
          <Size bytes={avail} />
        </dd>
        <dt>Total</dt>
        <dd>
          <Size bytes={total} />
        </dd>
      </dl>
    </section>
  );
}

function PgCard({ st }: { st: ClusterStatus }) {
  const states = [...st.pgs.by_state].sort((a, b) => {
    const r = { err: 0, warn: 1, ok: 2, info: 3, muted: 4 };
    return r[pgTone(a.state)] - r[pgTone(b.state)] || b.count - a.count;
  });
  const good = states.filter((s) => pgTone(s.state) === 'ok').reduce((n, s) => n + s.count, 0);
  const tone = worst(states.map((s) => pgTone(s.state)));
  return (
    <section class="card dash-small" aria-labelledby="dash-pg-h">
      <h2 id="dash-pg-h">Placement groups</h2>
      <p class="dash-line">
        <Badge tone={tone}>{tone === 'ok' ? 'Healthy' : tone === 'warn' ? 'Degraded' : 'Unavailable'}</Badge>{' '}
        {st.pgs.total === 0 ? 'No placement groups.' : good === st.pgs.total ? `All ${count(st.pgs.total)} active and clean` : `${count(good)} of ${count(st.pgs.total)} active and clean`}
      </p>
      <ul class="dash-pgs">
        {states.map((s) => (
          <li>
            <Badge tone={pgTone(s.state)}>{s.state}</Badge>
            <span class="num">{count(s.count)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function OsdCard({ st, fsid }: { st: ClusterStatus; fsid: string }) {
  const { total, up, in: inn } = st.osds;
  const down = total - up;
  const out = total - inn;
  return (
    <section class="card dash-small" aria-labelledby="dash-osd-h">
      <h2 id="dash-osd-h">
        <a href={clusterHref(fsid, 'osds')}>OSDs</a>
      </h2>
      <div class="dash-figures">
        <a href={clusterHref(fsid, 'osds')}>
          <strong>{count(total)}</strong> total
        </a>
        <span>
          <strong>{count(up)}</strong> up
        </span>
        <span>
          <strong>{count(inn)}</strong> in
        </span>
      </div>
      <p class="dash-line">
        {total === 0 ? (
          <Badge tone="warn">No OSDs</Badge>
        ) : down === 0 && out === 0 ? (
          <Badge tone="ok">All up and in</Badge>
        ) : (
          <>
            {down > 0 && <Badge tone="err">{`${count(down)} down`}</Badge>} {out > 0 && <Badge tone="warn">{`${count(out)} out`}</Badge>}
          </>
        )}
      </p>
    </section>
  );
}

function MonCard({ st, fsid }: { st: ClusterStatus; fsid: string }) {
  const m = st.monitors;
  return (
    <section class="card dash-small" aria-labelledby="dash-mon-h">
      <h2 id="dash-mon-h">
        <a href={clusterHref(fsid, 'monitors')}>Monitors</a>
      </h2>
      <p class="dash-line">
        {m.out_of_quorum.length === 0 ? (
          <Badge tone="ok">All in quorum</Badge>
        ) : (
          <Badge tone={m.in_quorum.length > m.total / 2 ? 'warn' : 'err'}>{`${m.out_of_quorum.length} of ${m.total} out of quorum`}</Badge>
        )}
      </p>
      <dl class="props dash-props">
        <dt>Leader</dt>
        <dd>{m.leader || <span class="muted">none</span>}</dd>
        <dt>Quorum</dt>
        <dd>
          {m.in_quorum.join(', ') || <span class="muted">none</span>} <span class="muted">({m.in_quorum.length} of {m.total})</span>
        </dd>
        {m.out_of_quorum.length > 0 && (
          <>
            <dt>Out</dt>
            <dd>{m.out_of_quorum.join(', ')}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function PoolsCard({ st, fsid }: { st: ClusterStatus; fsid: string }) {
  return (
    <section class="card dash-small" aria-labelledby="dash-pools-h">
      <h2 id="dash-pools-h">
        <a href={clusterHref(fsid, 'pools')}>Pools</a>
      </h2>
      <div class="dash-figures">
        <a href={clusterHref(fsid, 'pools')}>
          <strong>{count(st.pools)}</strong> {st.pools === 1 ? 'pool' : 'pools'}
        </a>
      </div>
      <p class="dash-line">
        <a href={clusterHref(fsid, 'crush')}>CRUSH map</a> · <a href={clusterHref(fsid, 'flags')}>Flags</a>
      </p>
    </section>
  );
}

function TaskProgress({ t }: { t: Task }) {
  if (t.state === 'succeeded') return <span class="muted">done</span>;
  if (t.state === 'queued') return <span class="muted">waiting</span>;
  if (t.state !== 'running') return <span class="muted">stopped at {t.progress}%</span>;
  return (
    <span class="dash-progress">
      <progress max={100} value={t.progress} aria-label={`${taskTitle(t.kind)}: ${t.progress}%`} /> {t.progress}%
    </span>
  );
}

/** The newest tasks about this cluster (node pings and housekeeping are on /tasks). */
function TasksCard({ fsid }: { fsid: string }) {
  const tasks = usePoll<ListPage<Task>>((signal) => list<Task>('/api/tasks', { limit: 5, fsid }, signal), 10000, [fsid]);
  return (
    <section class="card dash-tasks" aria-labelledby="dash-tasks-h">
      <div class="dash-chart-head">
        <h2 id="dash-tasks-h">Recent tasks</h2>
        <a href="/tasks">All tasks</a>
      </div>
      {!tasks.data ? (
        tasks.error ? (
          <ErrorBox error={tasks.error} retry={tasks.retry} />
        ) : (
          <Loading what="Loading the tasks" />
        )
      ) : tasks.data.items.length === 0 ? (
        <p class="muted">No tasks on this cluster yet. Long operations (creating or deleting pools, copying images…) show up here.</p>
      ) : (
        <table class="table dash-task-table">
          <thead>
            <tr>
              <th>Task</th>
              <th>State</th>
              <th>Progress</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {tasks.data.items.map((t) => (
              <tr data-task={t.id}>
                <td>
                  <strong>{taskTitle(t.kind)}</strong>
                  <div class="muted dash-task-msg">{t.error ? sentence(t.error.message) : t.message ? sentence(t.message) : ''}</div>
                </td>
                <td>
                  <Badge tone={taskTone(t.state)}>{t.state}</Badge>
                </td>
                <td class="dash-task-progress">
                  <TaskProgress t={t} />
                </td>
                <td>
                  <Time at={t.started_at || t.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Dashboard() {
  const session = useSession();
  const { params } = useRoute();
  const fsid = params.fsid;
  const ring = ringOf(fsid);
  const status = usePoll<ClusterStatus>(
    (signal) => get<ClusterStatus>(apiPath('clusters', fsid, 'status'), undefined, signal),
    POLL_MS,
    [fsid],
    (st, at) =>
      ring.push({
        t: at,
        readBytes: st.io.read_bytes_sec,
        writeBytes: st.io.write_bytes_sec,
        readOps: st.io.read_ops_sec,
        writeOps: st.io.write_ops_sec,
        recoveryBytes: st.io.recovery_bytes_sec,
        recoveryObjects: st.io.recovery_objects_sec,
      }),
  );
  const st = status.data;

  // For the browser tests and anyone curious: when the health first showed.
  const shown = st !== null;
  useEffect(() => {
    if (shown && typeof performance.mark === 'function' && !performance.getEntriesByName('oa:dashboard-health').length)
      performance.mark('oa:dashboard-health');
  }, [shown]);

  const charts = useMemo(() => {
    const samples = ring.toArray();
    const now = Date.now();
    return {
      bytes: columns(samples, ['readBytes', 'writeBytes'], now, WINDOW_MS, GAP_MS),
      ops: columns(samples, ['readOps', 'writeOps'], now, WINDOW_MS, GAP_MS),
      recovery: columns(samples, ['recoveryBytes'], now, WINDOW_MS, GAP_MS),
    };
  }, [status.updatedAt, fsid]);

  return (
    <Page
      title="Dashboard"
      sub={
        st ? (
          <>
            Cluster <strong>{st.name}</strong> · <code>{st.fsid}</code>
            {status.updatedAt && <span class="dash-updated"> · updated {hms(status.updatedAt)}</span>}
          </>
        ) : (
          'The state of the cluster at a glance.'
        )
      }
    >
      {!st ? (
        status.error ? (
          <ErrorBox error={status.error} retry={status.retry} />
        ) : (
          <Loading what="Loading the cluster's status" />
        )
      ) : (
        <div class="dash">
          {status.error !== null && (
            <div class="dash-stale" role="status">
              <Badge tone="warn">Stale</Badge> Not updated since {hms(status.updatedAt!)}: {messageOf(status.error)} Retrying every {POLL_MS / 1000} s.
            </div>
          )}
          <HealthCard st={st} canMutate={session.canMutate} onChange={status.retry} />
          <div class="dash-summary">
            <CapacityCard st={st} />
            <PgCard st={st} />
            <OsdCard st={st} fsid={fsid} />
            <MonCard st={st} fsid={fsid} />
            <PoolsCard st={st} fsid={fsid} />
          </div>
          <div class="dash-charts">
            <Chart title="Client throughput" lines={THROUGHPUT} data={charts.bytes} unit="bytes" />
            <Chart title="Client operations" lines={THROUGHPUT} data={charts.ops} unit="ops" />
            <Chart
              title="Recovery"
              lines={RECOVERY}
              data={charts.recovery}
              unit="bytes"
              note={`${formatValue(st.io.recovery_objects_sec, 'objects')} now`}
            />
          </div>
          <TasksCard fsid={fsid} />
        </div>
      )}
    </Page>
  );
}
