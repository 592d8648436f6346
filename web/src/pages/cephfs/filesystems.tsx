// pages/cephfs/filesystems.tsx - the file systems of a cluster: the table (state in
// colour and words, MDS active and standby, pools with their usage, clients), the
// create form (a name, pools made unless picked: a task followed by its toast), and
// the delete dialog (the name typed; "force" explained when clients use it; its pools
// kept unless ticked).
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ApiError, apiPath, list, mutate, type Call } from '../../api/client';
import type { Schema } from '../../api/openapi';
import { taskVerb, useTasks } from '../../api/tasks';
import type { Task } from '../../api/types';
import { ConfirmForm, Modal, TypeName } from '../../components/Dialog';
import { FormView, SelectField, TextField, useForm } from '../../components/Form';
import { Meter } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { Size } from '../../components/Values';
import { clusterHref, useSession } from '../../lib/session';
import { FsStateBadge, fsHref, fsMessage, fsPath, listOf } from './common';
import type { Client, FileSystem } from './types';
import { fsCreateBody, fsCreateProblems, poolFraction, type FsCreate } from './values';

/** The active cephfs.* tasks of this cluster (kind, or any when none given). */
export function fsTasks(active: Task[], fsid: string, kind?: string): Task[] {
  return active.filter((t) => t.kind.startsWith('cephfs.') && (!kind || t.kind === kind) && (!t.target || t.target.fsid === undefined || t.target.fsid === fsid));
}

/** The target file system of a cephfs.* task. */
export const taskFs = (t: Task) => String((t.target && (t.target.fs ?? t.target.name)) || '');

/** "deleting file system x… 40%" */
export function TaskMeter({ task }: { task: Task | undefined }) {
  if (!task) return null;
  return (
    <div class="img-task">
      <Meter fraction={task.progress / 100} label={`${taskVerb(task.kind)}… ${task.state === 'queued' ? 'queued' : task.progress + '%'}`} />
    </div>
  );
}

/** A file system's MDS daemons in a line: "b active · 2 standby". */
export function MdsLine({ f }: { f: FileSystem }) {
  const act = f.mds.active;
  const notActive = act.filter((d) => d.state !== 'up:active');
  const title = [...act.map((d) => `rank ${d.rank}: mds.${d.name} (${d.state})`), ...f.mds.standby.map((d) => `mds.${d.name} (${d.state})`)].join('\n');
  return (
    <span title={title}>
      {act.length ? `${act.length - notActive.length} active` : <strong>none active</strong>}
      {notActive.length > 0 && <>, {notActive.map((d) => `${d.name} ${d.state.replace(/^up:/, '')}`).join(', ')}</>}
      {' · '}
      {f.mds.standby.length ? `${f.mds.standby.length} standby` : <span class="muted">no standby</span>}
    </span>
  );
}

/** The pools of a file system with their usage. */
export function PoolsCell({ fsid, f }: { fsid: string; f: FileSystem }) {
  return (
    <div>
      {f.pools.map((p) => (
        <div title={`${p.type} pool`}>
          {p.name ? <a href={clusterHref(fsid, 'pools', p.name)}>{p.name}</a> : <span class="muted">(unknown pool)</span>} <span class="muted">{p.type}</span>{' '}
          <Size bytes={p.used} /> <span class="muted">used</span>
        </div>
      ))}
    </div>
  );
}

/** What the create form reads of a pool. */
type PoolLite = Pick<Schema<'Pool'>, 'name' | 'type' | 'applications'>;

function CreateFsForm({ fsid, onDone, onCancel }: { fsid: string; onDone: () => void; onCancel: () => void }) {
  const [pools, setPools] = useState<PoolLite[] | null>(null);
  useEffect(() => {
    list<PoolLite>(apiPath('clusters', fsid, 'pools'), { limit: 1000, sort: 'name' })
      .then((r) => setPools(r.items.filter((p) => p.applications.every((a) => a === 'cephfs'))))
      .catch(() => setPools([]));
  }, [fsid]);
  const form = useForm<FsCreate>({ name: '', metadata_pool: '', data_pool: '' }, fsCreateProblems);
  const v = form.values;
  const n = v.name.trim() || 'NAME';
  const call = (x: FsCreate): Call => ({ method: 'POST', path: fsPath(fsid), body: fsCreateBody(x) });
  const opts = (made: string, only?: (p: PoolLite) => boolean) => [
    { value: '', label: `Make ${made}` },
    ...(pools || []).filter((p) => !only || only(p)).map((p) => ({ value: p.name, label: p.name })),
  ];
  return (
    <FormView form={form} call={call} label="Create file system" taskLabel={(x) => `Create file system ${x.name.trim()}`} onDone={onDone} onCancel={onCancel}>
      <TextField form={form} name="name" label="Name" autoFocus placeholder="projects" help="1 to 64 letters, digits, _ . and -. Clients mount it by this name." />
      <div class="row2">
        <SelectField
          form={form}
          name="metadata_pool"
          label="Metadata pool"
          options={opts(`cephfs.${n}.meta (8 placement groups)`)}
          help="Directories and file names live here: a small, fast, replicated pool. An existing one must be empty and unused."
        />
        <SelectField
          form={form}
          name="data_pool"
          label="Data pool"
          options={opts(`cephfs.${n}.data (16 placement groups)`, (p) => p.type === 'replicated')}
          help="The files' contents. The first data pool is replicated; erasure-coded pools can be added later as further data pools."
        />
      </div>
      <p class="help">
        Creating starts a task: the pools are made, then the file system, and it is ready once a standby MDS daemon has taken it over. Without a free standby
        MDS the task fails and says so.
      </p>
    </FormView>
  );
}

/** Delete a file system: the name typed; force when clients use it; its pools only when ticked. */
export function DeleteFs({ fsid, f, onClose, onDeleted }: { fsid: string; f: FileSystem; onClose: () => void; onDeleted: () => void }) {
  const [clients, setClients] = useState<Client[] | null>(null);
  const [typed, setTyped] = useState('');
  const [force, setForce] = useState(false);
  const [pools, setPools] = useState(false);
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    if (f.state !== 'active') return setClients([]);
    const ac = new AbortController();
    listOf<Client>(fsPath(fsid, f.name, 'clients'), { limit: 1000 }, ac.signal)
      .then((r) => setClients(r.items.filter((c) => !c.internal)))
      .catch(() => setClients(null));
    return () => ac.abort();
  }, [fsid, f.name]);
  const go = async () => {
    try {
      await mutate(
        { method: 'DELETE', path: fsPath(fsid, f.name), query: { confirm: f.name, force: force || undefined, delete_pools: pools || undefined } },
        pools ? `Delete file system ${f.name} with its pools` : `Delete file system ${f.name}`,
      );
    } catch (err) {
      // Refused for clients the list did not show (it could not be read): offer force then.
      setRefused(err instanceof ApiError && err.code === 'fs_in_use' && !/NFS/.test(err.message));
      throw err;
    }
    onDeleted();
  };
  const names = f.pools.map((p) => p.name).filter(Boolean) as string[];
  const used = f.pools.reduce((s, p) => s + p.used, 0);
  return (
    <ConfirmForm
      title={`Delete file system ${f.name}`}
      action={pools ? 'Delete file system and pools' : 'Delete file system'}
      ready={typed === f.name}
      message={fsMessage}
      onConfirm={go}
      onClose={onClose}
    >
      <p class="danger-text">
        File system <strong>{f.name}</strong> is taken down and removed: its directories and files cannot be reached any more, and NFS exports of it stop
        working. This cannot be undone. Its pools ({names.join(', ')}) are kept unless you tick below; their objects are the files’ data.
      </p>
      {clients === null ? (
        <p class="muted">Could not tell which clients use it; the server checks again.</p>
      ) : clients.length > 0 ? (
        <div class="img-force" data-clients={clients.length}>
          <p>
            <strong>
              {clients.length === 1 ? '1 client mounts it' : `${clients.length} clients mount it`} now
            </strong>{' '}
            ({clients.slice(0, 4).map((c) => c.host || c.address || `client ${c.id}`).join(', ')}
            {clients.length > 4 ? ', …' : ''}). The delete is refused while they do, unless forced.
          </p>
          <label class="inline">
            <input type="checkbox" name="force" checked={force} onChange={(e) => setForce((e.target as HTMLInputElement).checked)} />
            <span>Delete it although clients use it</span>
          </label>
          <p class="help">Forced, their mounts break: every open file fails, and writes not yet flushed are lost.</p>
        </div>
      ) : refused ? (
        <div class="img-force">
          <label class="inline">
            <input type="checkbox" name="force" checked={force} onChange={(e) => setForce((e.target as HTMLInputElement).checked)} />
            <span>Delete it although clients use it</span>
          </label>
          <p class="help">Forced, their mounts break: every open file fails, and writes not yet flushed are lost.</p>
        </div>
      ) : null}
      <label class="inline">
        <input type="checkbox" name="delete_pools" checked={pools} onChange={(e) => setPools((e.target as HTMLInputElement).checked)} />
        <span>
          Also delete its pools ({names.join(', ')}: <Size bytes={used} /> used)
        </span>
      </label>
      <TypeName name={f.name} typed={typed} onInput={setTyped} />
    </ConfirmForm>
  );
}

export function FileSystems() {
  const fsid = useRoute().params.fsid;
  const s = useSession();
  const { active } = useTasks();
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<null | { kind: 'create' } | { kind: 'delete'; f: FileSystem }>(null);
  const again = () => setReload((x) => x + 1);
  const tasks = fsTasks(active, fsid);
  useEffect(again, [tasks.length]);
  const working = (f: FileSystem) => tasks.find((t) => taskFs(t) === f.name);
  const [names, setNames] = useState<string[]>([]);
  // File systems being made that the table does not show yet.
  const making = fsTasks(active, fsid, 'cephfs.create').filter((t) => !names.includes(taskFs(t)));

  const columns: Column<FileSystem>[] = [
    {
      key: 'name',
      label: 'Name',
      sort: 'name',
      render: (f) => (
        <>
          <a href={fsHref(fsid, f.name)}>{f.name}</a>
          <TaskMeter task={working(f)} />
        </>
      ),
    },
    { key: 'state', label: 'State', render: (f) => <FsStateBadge state={f.state} /> },
    { key: 'mds', label: 'MDS', render: (f) => <MdsLine f={f} /> },
    { key: 'pools', label: 'Pools', render: (f) => <PoolsCell fsid={fsid} f={f} /> },
    {
      key: 'usage',
      label: 'Data pool usage',
      render: (f) => {
        const data = f.pools.filter((p) => p.type === 'data');
        const used = data.reduce((x, p) => x + p.used, 0);
        const avail = Math.min(...data.map((p) => p.avail));
        return data.length ? <Meter fraction={poolFraction({ used, avail: isFinite(avail) ? avail : 0 })} /> : <span class="muted">—</span>;
      },
    },
    {
      key: 'clients',
      label: 'Clients',
      numeric: true,
      render: (f) =>
        f.clients === null ? (
          <span class="muted" title="The manager does not say now">
            —
          </span>
        ) : (
          <a href={fsHref(fsid, f.name, 'clients')} title="Sessions the manager counts, openATTIC's own and the managers' included">
            {f.clients}
          </a>
        ),
    },
    { key: 'max_mds', label: 'Ranks (max MDS)', optional: true, numeric: true, render: (f) => f.max_mds },
    { key: 'id', label: 'ID', sort: 'id', optional: true, numeric: true, render: (f) => f.id },
  ];
  return (
    <Page
      title="File systems"
      sub="CephFS: shared POSIX file systems, each with its metadata servers (MDS), pools, clients, directories and subvolumes."
      actions={
        s.canMutate && (
          <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
            Create file system
          </button>
        )
      }
    >
      {making.map((t) => (
        <div class="img-busy" role="status" data-making={taskFs(t)}>
          <Meter fraction={t.progress / 100} label={`${taskVerb(t.kind, t.target)}… ${t.state === 'queued' ? 'queued' : t.progress + '%'}`} />
          {t.message && <div class="help">{t.message}</div>}
        </div>
      ))}
      <Table<FileSystem>
        id="cephfs"
        urlState
        columns={columns}
        defaultSort="name"
        searchLabel="Search file systems"
        rowKey={(f) => f.name}
        rowClass={(f) => (working(f) ? 'working' : '')}
        reload={reload}
        pollMs={10000}
        load={(q, signal) =>
          list<FileSystem>(fsPath(fsid), { ...q }, signal).then((r) => {
            setNames(r.items.map((f) => f.name));
            return r;
          })
        }
        emptyTitle="No file system yet"
        empty={s.canMutate ? 'Create a file system to share directories with clients (ceph-fuse, the kernel client, NFS exports).' : 'An operator can create file systems.'}
        actions={
          s.canMutate
            ? (f) =>
                !working(f) && (
                  <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', f })}>
                    Delete
                  </button>
                )
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title="Create file system" onClose={() => setDialog(null)} wide>
          <CreateFsForm fsid={fsid} onCancel={() => setDialog(null)} onDone={() => (setDialog(null), again())} />
        </Modal>
      )}
      {dialog?.kind === 'delete' && <DeleteFs fsid={fsid} f={dialog.f} onClose={() => setDialog(null)} onDeleted={again} />}
    </Page>
  );
}
