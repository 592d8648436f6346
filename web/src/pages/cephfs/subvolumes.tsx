// pages/cephfs/subvolumes.tsx - the subvolume groups and subvolumes of a file system
// (the manager's volumes module): the groups (create, delete an empty one), the
// subvolumes of a group (?group=; create with size, mode and pool layout, resize,
// delete with the name typed), and one subvolume (?subvolume=): its path, usage and
// snapshots (create, delete).
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { get, mutate, patiently, type Call } from '../../api/client';
import type { Body } from '../../api/openapi';
import { CopyButton } from '../../components/Copy';
import { Confirm, Modal } from '../../components/Dialog';
import { CheckField, FormView, SelectField, TextField, useForm } from '../../components/Form';
import { Badge, Meter } from '../../components/Health';
import { ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Size, Time } from '../../components/Values';
import { bytes } from '../../lib/format';
import { useSession } from '../../lib/session';
import { MdsProblem, SizeField, fsHref, fsMessage, fsPath, liftDown, listOf, mdsDown, withQuery } from './common';
import { dirHref } from './dirs';
import type { FileSystem, Subvolume, SubvolumeGroup, SubvolumeSnapshot } from './types';
import { modeText, resizeBody, sizeParts, volCreateBody, volCreateProblems, volNameProblem, type SizeUnit, type VolCreate } from './values';

const hrefOf = (fsid: string, fs: string, q: { group?: string; subvolume?: string }) => withQuery(fsHref(fsid, fs, 'subvolumes'), q);
const groupQuery = (group: string) => (group ? { group } : undefined);

/** "12 MiB of 10 GiB" with a meter, or "12 MiB (unlimited)". */
function Usage({ v }: { v: Subvolume }) {
  if (v.size === null) {
    return (
      <span>
        <Size bytes={v.bytes_used} /> <span class="muted">of unlimited</span>
      </span>
    );
  }
  return <Meter fraction={(v.bytes_used ?? 0) / v.size} label={`${bytes(v.bytes_used)} of ${bytes(v.size)}`} />;
}

function StateBadge({ state }: { state: string | null }) {
  return <Badge tone={state === 'complete' ? 'ok' : state === 'pending' || state === 'in-progress' ? 'info' : state ? 'warn' : 'muted'}>{state || 'unknown'}</Badge>;
}

function poolOptions(f: FileSystem) {
  return [{ value: '', label: "The file system's data pool" }, ...f.data_pools.filter((p): p is string => Boolean(p)).map((p) => ({ value: p, label: p }))];
}

function CreateForm({ fsid, f, kind, group, groups, onDone, onCancel }: {
  fsid: string;
  f: FileSystem;
  kind: 'subvolume' | 'group';
  group: string;
  groups: string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const noun = kind === 'group' ? 'A group' : 'A subvolume';
  const form = useForm<VolCreate>({ name: '', group, size: '', unit: 'GiB', mode: '', pool_layout: '', namespace_isolated: false }, (v) => volCreateProblems(v, noun));
  const v = form.values;
  const call = (x: VolCreate): Call => ({
    method: 'POST',
    path: fsPath(fsid, f.name, kind === 'group' ? 'subvolume-groups' : 'subvolumes'),
    body: volCreateBody(x, kind),
  });
  return (
    <FormView form={form} call={call} label={kind === 'group' ? 'Create group' : 'Create subvolume'} onDone={onDone} onCancel={onCancel}>
      <TextField
        form={form}
        name="name"
        label="Name"
        autoFocus
        help={kind === 'group' ? 'Groups share a directory, mode and pool layout: e.g. one per team or application.' : 'A directory with its own size limit, for a client or a PVC.'}
      />
      {kind === 'subvolume' && (
        <div class="row2">
          <SelectField
            form={form}
            name="group"
            label="Group"
            options={[{ value: '', label: 'No group (the default one)' }, ...groups.map((g) => ({ value: g, label: g }))]}
          />
          <SizeField form={form} name="size" unit="unit" label="Size" help="Its quota: writing past it fails. Empty: unlimited." placeholder="unlimited" />
        </div>
      )}
      <div class="row2">
        <TextField form={form} name="mode" label="Mode" placeholder="0755" help={v.mode ? `Its directory: ${modeText(v.mode.padStart(4, '0'), true)}.` : 'Octal permissions of its directory; empty for 0755.'} />
        <SelectField form={form} name="pool_layout" label="Pool layout" options={poolOptions(f)} help="The data pool its files are written to." />
      </div>
      {kind === 'subvolume' && (
        <CheckField
          form={form}
          name="namespace_isolated"
          label="Isolated RADOS namespace"
          help="Its data in a namespace of its own, so that a client's key can be limited to this subvolume's objects."
        />
      )}
    </FormView>
  );
}

function ResizeForm({ fsid, fs, v, onDone, onCancel }: { fsid: string; fs: string; v: Subvolume; onDone: () => void; onCancel: () => void }) {
  const [amount, unit] = sizeParts(v.size);
  const form = useForm<{ size: string; unit: SizeUnit }>({ size: amount, unit }, (x) => ({
    size: isNaN(resizeBody(x.size, x.unit).size ?? 0) ? 'A number such as 10 or 1.5, or empty for unlimited.' : '',
  }));
  const call = (x: { size: string; unit: SizeUnit }): Call => ({
    method: 'PATCH',
    path: fsPath(fsid, fs, 'subvolumes', v.name),
    query: groupQuery(v.group || ''),
    body: resizeBody(x.size, x.unit),
  });
  return (
    <FormView form={form} call={call} label="Resize" onDone={onDone} onCancel={onCancel}>
      <SizeField
        form={form}
        name="size"
        unit="unit"
        label="Size"
        placeholder="unlimited"
        help={
          <>
            Uses <Size bytes={v.bytes_used} /> now. Smaller than that is refused. Empty: unlimited.
          </>
        }
      />
    </FormView>
  );
}

/** One subvolume: its properties and its snapshots. */
function SubvolumeView({ fsid, f, name, group }: { fsid: string; f: FileSystem; name: string; group: string }) {
  const s = useSession();
  const loc = useLocation();
  const [v, setV] = useState<Subvolume | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [dialog, setDialog] = useState<null | 'resize' | 'delete' | 'snapshot' | { del: SubvolumeSnapshot }>(null);
  const [snapReload, setSnapReload] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    patiently(() => get<Subvolume>(fsPath(fsid, f.name, 'subvolumes', name), groupQuery(group), ac.signal), ac.signal)
      .then((x) => (setV(x), setError(null)))
      .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [fsid, f.name, name, group, tick]);
  const back = hrefOf(fsid, f.name, { group });
  const q = groupQuery(group);
  if (error !== null && !v) return mdsDown(error) ? <MdsProblem error={error} fs={f.name} fsid={fsid} retry={() => setTick((x) => x + 1)} /> : <ErrorBox error={error} retry={() => setTick((x) => x + 1)} />;
  if (!v) return <Loading what="Reading the subvolume" />;
  const columns: Column<SubvolumeSnapshot>[] = [
    { key: 'name', label: 'Name', sort: 'name', render: (x) => <code>{x.name}</code> },
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (x) => <Time at={x.created_at} /> },
    { key: 'clones', label: 'Clones', render: (x) => (x.has_pending_clones ? <Badge tone="info">clones pending</Badge> : <span class="muted">none pending</span>) },
  ];
  return (
    <div data-subvolume={name}>
      <p>
        <a href={back}>All subvolumes{group ? ` of ${group}` : ''}</a>
      </p>
      <section class="card" data-card="subvolume">
        <h2>Subvolume {name}</h2>
        <dl class="props">
          <dt>Path</dt>
          <dd class="secret-row">
            {v.path ? (
              <>
                <code data-path>{v.path}</code> <CopyButton text={v.path} label="Copy path" /> <a href={dirHref(fsid, f.name, v.path)}>Browse</a>
              </>
            ) : (
              <span class="muted">unknown</span>
            )}
          </dd>
          <dt>Group</dt>
          <dd>{v.group || <span class="muted">none (the default one)</span>}</dd>
          <dt>Usage</dt>
          <dd>
            <Usage v={v} />
          </dd>
          <dt>Mode</dt>
          <dd>
            <code title={v.mode || ''}>{modeText(v.mode, true)}</code>, owner {v.uid ?? '?'}:{v.gid ?? '?'}
          </dd>
          <dt>Pool layout</dt>
          <dd>
            {v.pool_layout || <span class="muted">default</span>}
            {v.pool_namespace ? ` (namespace ${v.pool_namespace})` : ''}
          </dd>
          <dt>State</dt>
          <dd>
            <StateBadge state={v.state} />
          </dd>
          <dt>Created</dt>
          <dd>
            <Time at={v.created_at} />
          </dd>
        </dl>
        {s.canMutate && (
          <div class="actions">
            <button type="button" class="btn" onClick={() => setDialog('resize')}>
              Resize
            </button>
            <button type="button" class="btn danger" onClick={() => setDialog('delete')}>
              Delete
            </button>
          </div>
        )}
      </section>
      <section class="card gw-section" data-card="subvolume-snapshots">
        <h2>Snapshots of {name}</h2>
        <Table<SubvolumeSnapshot>
          id="cephfs-subvolume-snapshots"
          columns={columns}
          defaultSort="name"
          searchLabel="Search snapshots"
          rowKey={(x) => x.name}
          reload={snapReload}
          load={(qq, signal) => listOf<SubvolumeSnapshot>(fsPath(fsid, f.name, 'subvolumes', name, 'snapshots'), { ...qq, ...q }, signal)}
          emptyTitle="No snapshots"
          empty={s.canMutate ? 'A snapshot keeps the subvolume as it is now, read-only; clones can be made from it.' : 'An operator can take snapshots.'}
          toolbar={
            s.canMutate && (
              <button type="button" class="btn small primary" onClick={() => setDialog('snapshot')}>
                Create snapshot
              </button>
            )
          }
          actions={
            s.canMutate
              ? (x) => (
                  <button type="button" class="btn small danger" onClick={() => setDialog({ del: x })}>
                    Delete
                  </button>
                )
              : undefined
          }
        />
      </section>
      {dialog === 'resize' && (
        <Modal title={`Resize subvolume ${name}`} onClose={() => setDialog(null)}>
          <ResizeForm fsid={fsid} fs={f.name} v={v} onDone={() => (setDialog(null), setTick((x) => x + 1))} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog === 'delete' && (
        <Confirm
          title={`Delete subvolume ${name}`}
          name={name}
          typeName
          action="Delete subvolume"
          consequence={
            <>
              Subvolume <strong>{name}</strong> and every file in it (<Size bytes={v.bytes_used} />) are destroyed; clients that mount it lose it. This cannot be
              undone. A subvolume with snapshots is refused: delete them first.
            </>
          }
          onConfirm={async () => {
            try {
              await mutate({ method: 'DELETE', path: fsPath(fsid, f.name, 'subvolumes', name), query: q }, `Delete subvolume ${name}`);
            } catch (e) {
              throw new Error(fsMessage(e));
            }
            loc.route(back);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'snapshot' && (
        <Modal title={`Snapshot subvolume ${name}`} onClose={() => setDialog(null)}>
          <SnapForm fsid={fsid} fs={f.name} name={name} group={group} onDone={() => (setDialog(null), setSnapReload((x) => x + 1))} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog && typeof dialog === 'object' && (
        <Confirm
          title={`Delete snapshot ${dialog.del.name}`}
          name={dialog.del.name}
          action="Delete snapshot"
          consequence={
            <>
              Snapshot <strong>{dialog.del.name}</strong> of subvolume {name} goes: the files as they were then cannot be read or cloned any more.
            </>
          }
          onConfirm={async () => {
            try {
              await mutate(
                { method: 'DELETE', path: fsPath(fsid, f.name, 'subvolumes', name, 'snapshots', dialog.del.name), query: q },
                `Delete snapshot ${dialog.del.name} of ${name}`,
              );
            } catch (e) {
              throw new Error(fsMessage(e));
            }
            setSnapReload((x) => x + 1);
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

function SnapForm({ fsid, fs, name, group, onDone, onCancel }: { fsid: string; fs: string; name: string; group: string; onDone: () => void; onCancel: () => void }) {
  const now = new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-');
  const form = useForm<{ name: string }>({ name: `snap-${now}` }, (v) => ({ name: volNameProblem(v.name, 'A snapshot') }));
  const call = (v: { name: string }): Call => {
    const body: Body<'/api/clusters/{fsid}/cephfs/{fs}/subvolumes/{name}/snapshots', 'POST'> = { name: v.name };
    return { method: 'POST', path: fsPath(fsid, fs, 'subvolumes', name, 'snapshots'), query: groupQuery(group), body };
  };
  return (
    <FormView form={form} call={call} label="Create snapshot" onDone={onDone} onCancel={onCancel}>
      <TextField form={form} name="name" label="Name" autoFocus help="The subvolume as it is now, read-only." />
    </FormView>
  );
}

export function Subvolumes({ fsid, f }: { fsid: string; f: FileSystem }) {
  const loc = useLocation();
  const s = useSession();
  const group = loc.query?.group || '';
  const sub = loc.query?.subvolume || '';
  const [down, setDown] = useState<unknown>(null);
  const [groups, setGroups] = useState<string[]>([]);
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<null | 'group' | 'subvolume' | { delGroup: SubvolumeGroup } | { resize: Subvolume } | { del: Subvolume }>(null);
  const again = () => (setDialog(null), setReload((x) => x + 1));
  if (down) return <MdsProblem error={down} fs={f.name} fsid={fsid} retry={() => setDown(null)} />;
  if (sub) return <SubvolumeView fsid={fsid} f={f} name={sub} group={group} />;

  const gcols: Column<SubvolumeGroup>[] = [
    {
      key: 'name',
      label: 'Group',
      sort: 'name',
      render: (g) => (
        <a href={hrefOf(fsid, f.name, { group: g.name })} aria-current={g.name === group ? 'true' : undefined}>
          {g.name}
        </a>
      ),
    },
    { key: 'mode', label: 'Mode', render: (g) => <code title={g.mode || ''}>{modeText(g.mode, true)}</code> },
    { key: 'pool_layout', label: 'Pool layout', render: (g) => g.pool_layout || <span class="muted">default</span> },
    { key: 'bytes_used', label: 'Used', sort: 'bytes_used', numeric: true, render: (g) => <Size bytes={g.bytes_used} /> },
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (g) => <Time at={g.created_at} /> },
  ];
  const vcols: Column<Subvolume>[] = [
    { key: 'name', label: 'Name', sort: 'name', render: (v) => <a href={hrefOf(fsid, f.name, { group, subvolume: v.name })}>{v.name}</a> },
    { key: 'usage', label: 'Usage', sort: 'bytes_used', render: (v) => (v.error ? <span class="muted" title={v.error}>cannot be read</span> : <Usage v={v} />) },
    { key: 'size', label: 'Size', sort: 'size', numeric: true, optional: true, render: (v) => (v.size === null ? 'unlimited' : <Size bytes={v.size} />) },
    { key: 'mode', label: 'Mode', render: (v) => <code title={v.mode || ''}>{modeText(v.mode, true)}</code> },
    { key: 'pool_layout', label: 'Pool layout', render: (v) => v.pool_layout || <span class="muted">default</span> },
    { key: 'state', label: 'State', sort: 'state', render: (v) => <StateBadge state={v.state} /> },
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (v) => <Time at={v.created_at} /> },
    { key: 'path', label: 'Path', optional: true, render: (v) => (v.path ? <code>{v.path}</code> : <span class="muted">—</span>) },
  ];
  const groupOpts = [{ value: '', label: 'No group (the default one)' }, ...groups.map((g) => ({ value: g, label: g }))];
  if (group && !groups.includes(group)) groupOpts.push({ value: group, label: group });
  return (
    <>
      <section class="card" data-card="groups">
        <h2>Subvolume groups</h2>
        <Table<SubvolumeGroup>
          id="cephfs-groups"
          columns={gcols}
          defaultSort="name"
          searchLabel="Search groups"
          rowKey={(g) => g.name}
          reload={reload}
          pageSize={10}
          load={(q, signal) =>
            listOf<SubvolumeGroup>(fsPath(fsid, f.name, 'subvolume-groups'), { ...q }, signal)
              .then((r) => {
                if (!q.search && q.offset === 0) setGroups(r.items.map((g) => g.name));
                return r;
              })
              .catch(liftDown(setDown))
          }
          emptyTitle="No subvolume groups"
          empty="Subvolumes can live without a group (in the default one); a group gives several of them a shared mode and pool layout."
          toolbar={
            s.canMutate && (
              <button type="button" class="btn small" onClick={() => setDialog('group')}>
                Create group
              </button>
            )
          }
          actions={
            s.canMutate
              ? (g) => (
                  <button type="button" class="btn small danger" onClick={() => setDialog({ delGroup: g })}>
                    Delete
                  </button>
                )
              : undefined
          }
        />
      </section>
      <section class="card gw-section" data-card="subvolumes">
        <h2>Subvolumes{group ? ` of ${group}` : ''}</h2>
        <div class="img-picker">
          <label class="img-pick">
            <span class="label">Group</span>
            <select value={group} onChange={(e) => loc.route(hrefOf(fsid, f.name, { group: (e.target as HTMLSelectElement).value }))}>
              {groupOpts.map((o) => (
                <option value={o.value}>{o.label}</option>
              ))}
            </select>
          </label>
        </div>
        <Table<Subvolume>
          id="cephfs-subvolumes"
          urlState
          columns={vcols}
          defaultSort="name"
          searchLabel="Search subvolumes"
          rowKey={(v) => v.name}
          reload={`${group}|${reload}`}
          load={(q, signal) => listOf<Subvolume>(fsPath(fsid, f.name, 'subvolumes'), { ...q, group: group || undefined }, signal).catch(liftDown(setDown))}
          emptyTitle={group ? `No subvolumes in ${group}` : 'No subvolumes without a group'}
          empty={s.canMutate ? 'Create a subvolume: a directory with its own size limit, for a client, an application or a Kubernetes volume.' : 'An operator can create subvolumes.'}
          toolbar={
            s.canMutate && (
              <button type="button" class="btn small primary" onClick={() => setDialog('subvolume')}>
                Create subvolume
              </button>
            )
          }
          actions={
            s.canMutate
              ? (v) => (
                  <>
                    <button type="button" class="btn small" onClick={() => setDialog({ resize: v })}>
                      Resize
                    </button>
                    <button type="button" class="btn small danger" onClick={() => setDialog({ del: v })}>
                      Delete
                    </button>
                  </>
                )
              : undefined
          }
        />
      </section>
      {(dialog === 'group' || dialog === 'subvolume') && (
        <Modal title={dialog === 'group' ? `Create subvolume group in ${f.name}` : `Create subvolume in ${f.name}`} onClose={() => setDialog(null)} wide>
          <CreateForm fsid={fsid} f={f} kind={dialog} group={group} groups={groups} onDone={again} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog && typeof dialog === 'object' && 'resize' in dialog && (
        <Modal title={`Resize subvolume ${dialog.resize.name}`} onClose={() => setDialog(null)}>
          <ResizeForm fsid={fsid} fs={f.name} v={dialog.resize} onDone={again} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog && typeof dialog === 'object' && 'del' in dialog && (
        <Confirm
          title={`Delete subvolume ${dialog.del.name}`}
          name={dialog.del.name}
          typeName
          action="Delete subvolume"
          consequence={
            <>
              Subvolume <strong>{dialog.del.name}</strong> and every file in it (<Size bytes={dialog.del.bytes_used} />) are destroyed; clients that mount it
              lose it. This cannot be undone. A subvolume with snapshots is refused: delete them first.
            </>
          }
          onConfirm={async () => {
            try {
              await mutate({ method: 'DELETE', path: fsPath(fsid, f.name, 'subvolumes', dialog.del.name), query: groupQuery(group) }, `Delete subvolume ${dialog.del.name}`);
            } catch (e) {
              throw new Error(fsMessage(e));
            }
            again();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog && typeof dialog === 'object' && 'delGroup' in dialog && (
        <Confirm
          title={`Delete subvolume group ${dialog.delGroup.name}`}
          name={dialog.delGroup.name}
          action="Delete group"
          consequence={
            <>
              Group <strong>{dialog.delGroup.name}</strong> is removed. Only an empty group can be: one with subvolumes is refused, and nothing is lost.
            </>
          }
          onConfirm={async () => {
            try {
              await mutate({ method: 'DELETE', path: fsPath(fsid, f.name, 'subvolume-groups', dialog.delGroup.name) }, `Delete subvolume group ${dialog.delGroup.name}`);
            } catch (e) {
              throw new Error(fsMessage(e));
            }
            if (group === dialog.delGroup.name) loc.route(hrefOf(fsid, f.name, {}));
            again();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
