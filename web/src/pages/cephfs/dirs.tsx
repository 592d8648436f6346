// pages/cephfs/dirs.tsx - the directory browser of a file system (?path= names the
// directory, so a view can be pasted into a ticket): breadcrumbs, the directory's own
// numbers (recursive size and files, mode, owner, quota, snapshots), the table of its
// entries, new directories, deleting an empty one (the server's 409 explained), the
// quota edited in place (max bytes with a unit, max files; empty or 0 for none) and the
// directory's own snapshots: list, create, delete.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, get, mutate, patiently, type Call } from '../../api/client';
import type { Body } from '../../api/openapi';
import { Confirm, Modal } from '../../components/Dialog';
import { FormView, TextField, useForm } from '../../components/Form';
import { Empty } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Size, Time } from '../../components/Values';
import { bytes, count } from '../../lib/format';
import { useSession } from '../../lib/session';
import { MdsProblem, SizeField, fsHref, fsMessage, fsPath, liftDown, listOf, withQuery } from './common';
import type { DirEntry, DirListing, DirSnapshot } from './types';
import {
  baseName,
  dirNameProblem,
  hasDotDot,
  joinPath,
  modeProblem,
  modeText,
  normPath,
  parentOf,
  parents,
  quotaBody,
  quotaProblems,
  quotaValues,
  quotaWords,
  snapNameProblem,
  type QuotaValues,
} from './values';

/** The URL of directory path of fs. */
export const dirHref = (fsid: string, fs: string, path: string) => withQuery(fsHref(fsid, fs, 'directories'), { path: path === '/' ? undefined : path });

function Breadcrumbs({ fsid, fs, path }: { fsid: string; fs: string; path: string }) {
  const all = parents(path);
  return (
    <div class="img-bar">
      <nav aria-label="Directory" class="gw-tags" data-breadcrumbs>
        {all.map((p, i) => (
          <>
            {i > 1 && <span aria-hidden="true">/</span>}
            {p === path ? (
              <strong aria-current="location">{p === '/' ? `${fs}:/` : baseName(p)}</strong>
            ) : (
              <a href={dirHref(fsid, fs, p)}>{p === '/' ? `${fs}:/` : baseName(p)}</a>
            )}
          </>
        ))}
      </nav>
    </div>
  );
}

/** The quota of path, edited in place: PUT .../quota?path=. */
function QuotaForm({ fsid, fs, entry, onDone, onCancel }: { fsid: string; fs: string; entry: DirEntry; onDone: () => void; onCancel: () => void }) {
  const form = useForm<QuotaValues>(quotaValues(entry.quota), quotaProblems);
  const call = (v: QuotaValues): Call => ({ method: 'PUT', path: fsPath(fsid, fs, 'quota'), query: { path: entry.path }, body: quotaBody(v) });
  return (
    <div data-quota-form={entry.path}>
      <FormView form={form} call={call} label="Save quota" onDone={onDone} onCancel={onCancel} claims={(f) => f === 'path'}>
        <div class="row2">
          <SizeField form={form} name="max_bytes" unit="unit" label="Max bytes" help="Everything below this directory together. Empty or 0: no limit." />
          <TextField form={form} name="max_files" label="Max files" placeholder="no limit" help="Files and directories below it. Empty or 0: no limit." />
        </div>
        <p class="help">
          Clients see the limit as the size of the mount when they mount this directory; writing past it fails with “disk quota exceeded” (the check lags a
          little behind).
        </p>
      </FormView>
    </div>
  );
}

interface MkdirValues extends Record<string, unknown> {
  name: string;
  mode: string;
}

function MkdirForm({ fsid, fs, path, onDone, onCancel }: { fsid: string; fs: string; path: string; onDone: () => void; onCancel: () => void }) {
  const form = useForm<MkdirValues>({ name: '', mode: '0755' }, (v) => ({ name: dirNameProblem(v.name), mode: modeProblem(v.mode) }));
  const call = (v: MkdirValues): Call => {
    const body: Body<'/api/clusters/{fsid}/cephfs/{fs}/dirs', 'POST'> = { path: joinPath(path, v.name) };
    if (v.mode.trim()) body.mode = v.mode.trim().padStart(4, '0');
    return { method: 'POST', path: fsPath(fsid, fs, 'dirs'), body };
  };
  return (
    <FormView form={form} call={call} label="Create directory" onDone={onDone} onCancel={onCancel} claims={(f) => f === 'path'}>
      {form.serverError?.field === 'path' && (
        <div class="form-error" role="alert">
          {fsMessage(form.serverError)}
        </div>
      )}
      <TextField form={form} name="name" label="Name" autoFocus help={<>Made in {path === '/' ? 'the root' : <code>{path}</code>}.</>} />
      <TextField form={form} name="mode" label="Mode" help={`Octal permissions: ${modeText(form.values.mode || '0755', true)}. Its owner is openATTIC's client (root).`} />
    </FormView>
  );
}

function SnapshotForm({ fsid, fs, path, onDone, onCancel }: { fsid: string; fs: string; path: string; onDone: () => void; onCancel: () => void }) {
  const now = new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-');
  const form = useForm<{ name: string }>({ name: `snap-${now}` }, (v) => ({ name: snapNameProblem(v.name) }));
  const call = (v: { name: string }): Call => {
    const body: Body<'/api/clusters/{fsid}/cephfs/{fs}/snapshots', 'POST'> = { name: v.name };
    return { method: 'POST', path: fsPath(fsid, fs, 'snapshots'), query: { path }, body };
  };
  return (
    <FormView form={form} call={call} label="Create snapshot" onDone={onDone} onCancel={onCancel}>
      <TextField
        form={form}
        name="name"
        label="Name"
        autoFocus
        help={
          <>
            The files below <code>{path}</code> as they are now, read-only under <code>{joinPath(path, '.snap')}/NAME</code>. It takes space as the files change.
          </>
        }
      />
    </FormView>
  );
}

function Snapshots({ fsid, fs, path, onChange }: { fsid: string; fs: string; path: string; onChange: () => void }) {
  const s = useSession();
  const [dialog, setDialog] = useState<null | { kind: 'create' } | { kind: 'delete'; snap: DirSnapshot }>(null);
  const [reload, setReload] = useState(0);
  const changed = () => (setDialog(null), setReload((x) => x + 1), onChange());
  const columns: Column<DirSnapshot>[] = [
    { key: 'name', label: 'Name', sort: 'name', render: (x) => <code>{x.name}</code> },
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (x) => <Time at={x.created_at} /> },
    { key: 'where', label: 'Read it at', render: (x) => <code>{joinPath(joinPath(path, '.snap'), x.name)}</code> },
  ];
  return (
    <section class="card gw-section" data-card="snapshots">
      <h2>Snapshots of {path}</h2>
      <Table<DirSnapshot>
        id="cephfs-dir-snapshots"
        columns={columns}
        defaultSort="name"
        searchLabel="Search snapshots"
        rowKey={(x) => x.name}
        reload={`${path}|${reload}`}
        load={(q, signal) => listOf<DirSnapshot>(fsPath(fsid, fs, 'snapshots'), { ...q, path }, signal)}
        emptyTitle="No snapshots of this directory"
        empty={s.canMutate ? 'A snapshot keeps the files below it as they are now, read-only, until deleted.' : 'An operator can take snapshots.'}
        toolbar={
          s.canMutate && (
            <button type="button" class="btn small primary" onClick={() => setDialog({ kind: 'create' })}>
              Create snapshot
            </button>
          )
        }
        actions={
          s.canMutate
            ? (x) => (
                <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', snap: x })}>
                  Delete
                </button>
              )
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title={`Snapshot ${path}`} onClose={() => setDialog(null)}>
          <SnapshotForm fsid={fsid} fs={fs} path={path} onDone={changed} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'delete' && (
        <Confirm
          title={`Delete snapshot ${dialog.snap.name}`}
          name={dialog.snap.name}
          action="Delete snapshot"
          consequence={
            <>
              Snapshot <strong>{dialog.snap.name}</strong> of <code>{path}</code> goes: the files as they were then cannot be read any more, and the space
              only it holds is freed. The directory itself is not changed.
            </>
          }
          onConfirm={async () => {
            await mutate({ method: 'DELETE', path: fsPath(fsid, fs, 'snapshots'), query: { path, name: dialog.snap.name } }, `Delete snapshot ${dialog.snap.name} of ${path}`);
            changed();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}

/** What a directory holds, in a line: "1.2 GiB in 340 files, 12 directories". */
function Holds({ d }: { d: DirEntry }) {
  return (
    <>
      <Size bytes={d.size} /> in {count(d.files ?? 0)} files{typeof d.subdirs === 'number' ? `, ${count(Math.max(0, d.subdirs - 1))} directories` : ''}
    </>
  );
}

function DirCard({ fsid, fs, dir, onChange }: { fsid: string; fs: string; dir: DirEntry; onChange: () => void }) {
  const s = useSession();
  const [editing, setEditing] = useState(false);
  return (
    <section class="card" data-card="dir">
      <dl class="props">
        <dt>Holds</dt>
        <dd>
          <Holds d={dir} />
        </dd>
        <dt>Mode</dt>
        <dd>
          <code title={dir.mode}>{modeText(dir.mode, true)}</code>, owner {dir.uid}:{dir.gid}
        </dd>
        <dt>Modified</dt>
        <dd>
          <Time at={dir.mtime} />
        </dd>
        <dt>Quota</dt>
        <dd data-quota={dir.path}>
          {quotaWords(dir.quota, bytes)}{' '}
          {s.canMutate && !editing && (
            <button type="button" class="btn small" onClick={() => setEditing(true)}>
              Edit quota
            </button>
          )}
        </dd>
        <dt>Snapshots</dt>
        <dd>{dir.snapshots ?? 0}</dd>
      </dl>
      {editing && <QuotaForm fsid={fsid} fs={fs} entry={dir} onDone={() => (setEditing(false), onChange())} onCancel={() => setEditing(false)} />}
    </section>
  );
}

export function Directories({ fsid, fs }: { fsid: string; fs: string }) {
  const loc = useLocation();
  const s = useSession();
  const raw = loc.query?.path || '/';
  const path = normPath(raw);
  const [down, setDown] = useState<unknown>(null);
  const [missing, setMissing] = useState<{ path: string; err: ApiError } | null>(null);
  const [dir, setDir] = useState<DirEntry | null>(null);
  const [reload, setReload] = useState(0);
  const [quota, setQuota] = useState('');
  const [dialog, setDialog] = useState<null | { kind: 'mkdir' } | { kind: 'rmdir'; entry: DirEntry }>(null);
  const again = () => setReload((x) => x + 1);
  if (hasDotDot(raw))
    return (
      <Empty title="A path with .. cannot be browsed">
        Paths are absolute, without “..”. <a href={dirHref(fsid, fs, '/')}>Go to the root</a>
      </Empty>
    );
  if (down) return <MdsProblem error={down} fs={fs} fsid={fsid} retry={() => setDown(null)} />;
  if (missing && missing.path === path)
    return (
      <>
        <Breadcrumbs fsid={fsid} fs={fs} path={path} />
        <Empty title={missing.err.code === 'not_a_directory' ? `${path} is not a directory` : `There is no directory ${path}`}>
          It may have been deleted or renamed. <a href={dirHref(fsid, fs, parentOf(path))}>Go to {parentOf(path)}</a>
        </Empty>
      </>
    );

  const columns: Column<DirEntry>[] = [
    {
      key: 'name',
      label: 'Name',
      sort: 'name',
      render: (e) =>
        e.type === 'dir' ? (
          <a href={dirHref(fsid, fs, e.path || joinPath(path, e.name))}>{e.name}/</a>
        ) : (
          <span>
            {e.name}
            {e.type === 'symlink' && <span class="muted"> (symbolic link)</span>}
          </span>
        ),
    },
    { key: 'size', label: 'Size', sort: 'size', numeric: true, render: (e) => <span title={e.type === 'dir' ? 'Everything below it' : undefined}><Size bytes={e.size} /></span> },
    { key: 'files', label: 'Files', numeric: true, render: (e) => (e.type === 'dir' ? count(e.files ?? 0) : <span class="muted">—</span>) },
    { key: 'mode', label: 'Mode', render: (e) => <code title={e.mode}>{modeText(e.mode, e.type === 'dir')}</code> },
    { key: 'owner', label: 'Owner', render: (e) => `${e.uid}:${e.gid}` },
    { key: 'mtime', label: 'Modified', sort: 'mtime', render: (e) => <Time at={e.mtime} /> },
    { key: 'quota', label: 'Quota', render: (e) => (e.type === 'dir' ? quotaWords(e.quota, bytes) : <span class="muted">—</span>) },
    { key: 'snapshots', label: 'Snapshots', numeric: true, render: (e) => (e.type === 'dir' ? e.snapshots ?? 0 : <span class="muted">—</span>) },
    { key: 'type', label: 'Type', sort: 'type', optional: true, render: (e) => e.type },
  ];
  return (
    <div data-dir={path}>
      <Breadcrumbs fsid={fsid} fs={fs} path={path} />
      {dir && dir.path === path && <DirCard key={`${path}|${reload}`} fsid={fsid} fs={fs} dir={dir} onChange={again} />}
      <div class="gw-section">
        <Table<DirEntry>
          id="cephfs-dirs"
          urlState
          columns={columns}
          defaultSort="name"
          searchLabel={`Search ${baseName(path) === '/' ? 'the root' : baseName(path)}`}
          rowKey={(e) => e.name}
          reload={`${path}|${reload}`}
          load={(q, signal) =>
            patiently(() => get<DirListing>(fsPath(fsid, fs, 'dirs'), { ...q, path }, signal), signal)
              .then((r) => {
                setDir(r.dir);
                return r;
              })
              .catch((e) => {
                if (e instanceof ApiError && (e.code === 'path_not_found' || e.code === 'not_a_directory')) setMissing({ path, err: e });
                return liftDown(setDown)(e);
              })
          }
          emptyTitle={`${path} is empty`}
          empty={s.canMutate ? 'Create a directory here, or copy files in from a client that mounts the file system.' : 'Clients that mount the file system put files here.'}
          toolbar={
            s.canMutate && (
              <button type="button" class="btn small primary" onClick={() => setDialog({ kind: 'mkdir' })}>
                New directory
              </button>
            )
          }
          expand={(e) =>
            quota === e.path ? <QuotaForm fsid={fsid} fs={fs} entry={e} onDone={() => (setQuota(''), again())} onCancel={() => setQuota('')} /> : null
          }
          actions={
            s.canMutate
              ? (e) =>
                  e.type === 'dir' && (
                    <>
                      <button type="button" class="btn small" aria-expanded={quota === e.path} onClick={() => setQuota(quota === e.path ? '' : e.path)}>
                        Quota
                      </button>
                      <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'rmdir', entry: e })}>
                        Delete
                      </button>
                    </>
                  )
              : undefined
          }
        />
      </div>
      <Snapshots fsid={fsid} fs={fs} path={path} onChange={again} />
      {dialog?.kind === 'mkdir' && (
        <Modal title={`New directory in ${path}`} onClose={() => setDialog(null)}>
          <MkdirForm fsid={fsid} fs={fs} path={path} onDone={() => (setDialog(null), again())} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'rmdir' && (
        <Confirm
          title={`Delete directory ${dialog.entry.name}`}
          name={dialog.entry.path}
          action="Delete directory"
          consequence={
            <>
              Directory <code>{dialog.entry.path}</code> is removed. Only an empty directory is deleted here: one that holds files, directories or snapshots is
              refused, and nothing is lost.
              {(dialog.entry.files ?? 0) > 0 && <> It seems to hold {count(dialog.entry.files ?? 0)} files.</>}
            </>
          }
          onConfirm={async () => {
            try {
              await mutate({ method: 'DELETE', path: fsPath(fsid, fs, 'dirs'), query: { path: dialog.entry.path } }, `Delete directory ${dialog.entry.path}`);
            } catch (e) {
              throw new Error(fsMessage(e));
            }
            again();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
