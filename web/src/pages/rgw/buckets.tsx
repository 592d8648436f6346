// pages/rgw/buckets.tsx - the Object Gateway's buckets: the server-paged table (all,
// or one owner's with ?owner=), the create form (the S3 naming rules checked while
// typing, the owner picked from the users), and the delete confirmation: an empty
// bucket goes at once, one with objects only with them (a task), one an NFS export
// serves not at all.
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { get, list, mutate, type Call } from '../../api/client';
import { useTasks } from '../../api/tasks';
import { Modal } from '../../components/Dialog';
import { CheckField, FormView, SelectField, TextField, useForm } from '../../components/Form';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { ErrorBox } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Size, Time } from '../../components/Values';
import { bytes, count } from '../../lib/format';
import { clusterHref, useSession } from '../../lib/session';
import { DeleteMeter, PurgeConfirm, RgwProblem, liftDown, rgwHref, rgwPath, taskOn } from './common';
import type { Bucket, BucketDetail, NewBucketBody, RgwUser, Versioning } from './types';
import { bucketNameProblem, quotaWords, splitUid } from './values';

export const BUCKET_DELETE = 'rgw.bucket_delete';

export function VersioningBadge({ v }: { v: Versioning }) {
  return v === 'enabled' ? <Badge tone="info">enabled</Badge> : v === 'suspended' ? <Badge tone="warn">suspended</Badge> : <Badge tone="muted">off</Badge>;
}

/** The gateway's users, for picking an owner (the first 1000 by id). */
export function useUsers(fsid: string) {
  const [users, setUsers] = useState<RgwUser[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ac = new AbortController();
    list<RgwUser>(rgwPath(fsid, 'users'), { limit: 1000, sort: 'uid' }, ac.signal)
      .then((r) => setUsers(r.items))
      .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [fsid]);
  return { users, error };
}

/** The options of an owner select: the users, and `keep` if it is not among them. */
export function ownerOptions(users: RgwUser[], keep = '') {
  const o = users.map((u) => ({ value: u.uid, label: u.display_name && u.display_name !== u.uid ? `${u.uid} — ${u.display_name}` : u.uid }));
  if (keep && !users.some((u) => u.uid === keep)) o.unshift({ value: keep, label: keep });
  return o;
}

interface CreateValues extends Record<string, unknown> {
  name: string;
  owner: string;
  placement: string;
  object_lock: boolean;
  versioning: boolean;
}

function CreateBucketForm({ fsid, owner, onDone, onCancel }: { fsid: string; owner: string; onDone: (b: BucketDetail) => void; onCancel: () => void }) {
  const { users, error } = useUsers(fsid);
  const form = useForm<CreateValues>({ name: '', owner, placement: '', object_lock: false, versioning: false }, (v) => ({
    name: bucketNameProblem(v.name),
    owner: v.owner ? '' : 'Pick the user who owns it.',
  }));
  const v = form.values;
  useEffect(() => {
    if (users?.length && !v.owner) form.set('owner', users[0].uid);
  }, [users]);
  const call = (x: CreateValues): Call => {
    const b: NewBucketBody = { name: x.name, owner: x.owner };
    if (x.placement.trim()) b.placement = x.placement.trim();
    if (x.object_lock) b.object_lock = true;
    if (x.versioning || x.object_lock) b.versioning = true;
    return { method: 'POST', path: rgwPath(fsid, 'buckets'), body: b };
  };
  const tenant = splitUid(v.owner).tenant;
  if (error !== null && !users) return <RgwProblem error={error} />;
  return (
    <FormView form={form} call={call} label="Create bucket" onDone={(o) => onDone(o.data as BucketDetail)} onCancel={onCancel}>
      <TextField
        form={form}
        name="name"
        label="Name"
        autoFocus
        placeholder="photos-2026"
        help={
          <>
            3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. Unique{' '}
            {tenant ? (
              <>
                in tenant <code>{tenant}</code> (it becomes <code>{tenant}/{v.name || 'name'}</code>)
              </>
            ) : (
              'among the gateway’s buckets'
            )}
            .
          </>
        }
      />
      {users && users.length === 0 ? (
        <div class="img-note" role="note" data-field="owner">
          A bucket belongs to a user, and the gateway has none yet: <a href={rgwHref(fsid, 'users')}>create a user</a> first.
        </div>
      ) : (
        <SelectField
          form={form}
          name="owner"
          label="Owner"
          options={users ? ownerOptions(users, v.owner) : [{ value: v.owner, label: v.owner || 'Loading the users…' }]}
          help="The user whose keys get full control; it counts against the user's quota and max buckets."
        />
      )}
      <TextField form={form} name="placement" label="Placement (optional)" placeholder="the zone group's default" help="A placement target of the zone group, e.g. default-placement: which pools hold the data." />
      <CheckField
        form={form}
        name="object_lock"
        label="Object lock"
        help="Objects can be locked against deletion and overwriting (WORM), with a default retention on the bucket's page. Only at creation; turns versioning on for good."
      />
      <CheckField
        form={form}
        name="versioning"
        label="Versioning"
        help={v.object_lock ? 'On: object lock needs it, and it cannot be suspended.' : 'Keeps every version of an object: overwritten and deleted data stays (and takes space) until removed.'}
      />
    </FormView>
  );
}

/** Delete a bucket: reads it again for its object count and the NFS exports serving it. */
export function DeleteBucket({ fsid, name, onClose, onDeleted }: { fsid: string; name: string; onClose: () => void; onDeleted: () => void }) {
  const [b, setB] = useState<BucketDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ac = new AbortController();
    get<BucketDetail>(rgwPath(fsid, 'buckets', name), undefined, ac.signal)
      .then(setB)
      .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [fsid, name]);
  if (error !== null)
    return (
      <Modal title={`Delete bucket ${name}`} onClose={onClose}>
        <ErrorBox error={error} />
      </Modal>
    );
  const exports = b?.nfs_exports ?? [];
  const objects = b?.objects ?? 0;
  return (
    <PurgeConfirm
      title={`Delete bucket ${name}`}
      name={name}
      action="Delete bucket"
      consequence={
        <>
          Bucket <strong>{name}</strong>
          {b ? ` (owner ${b.owner})` : ''} is removed with its settings, quota and policies. This cannot be undone.{' '}
          {!b ? 'Reading what it holds…' : objects === 0 ? 'It is empty.' : <>It holds {count(objects)} objects ({bytes(b.size)}).</>}
        </>
      }
      blocked={
        exports.length > 0 && (
          <>
            NFS {exports.length === 1 ? 'export' : 'exports'}{' '}
            {exports.map((id, i) => (
              <>
                {i ? ', ' : ''}
                <a href={clusterHref(fsid, 'nfs', id)}>{id}</a>
              </>
            ))}{' '}
            {exports.length === 1 ? 'serves' : 'serve'} this bucket: delete {exports.length === 1 ? 'it' : 'them'} first, so that NFS clients are not left with a
            missing bucket.
          </>
        )
      }
      purge={b && objects === 0 ? null : <>Also delete its {b ? `${count(objects)} objects (${bytes(b.size)})` : 'objects'}, with every version</>}
      purgeRequired={objects > 0}
      onConfirm={async (purge) => {
        await mutate(
          { method: 'DELETE', path: rgwPath(fsid, 'buckets', name), query: purge ? { purge_objects: true } : undefined },
          purge ? `Delete bucket ${name} with its objects` : `Delete bucket ${name}`,
        );
        onDeleted();
      }}
      onClose={onClose}
    />
  );
}

export function RgwBuckets() {
  const fsid = useRoute().params.fsid;
  const loc = useLocation();
  const owner = loc.query?.owner || '';
  const s = useSession();
  const { active } = useTasks();
  const [reload, setReload] = useState(0);
  const [down, setDown] = useState<unknown>(null);
  const [dialog, setDialog] = useState<null | { kind: 'create' } | { kind: 'delete'; bucket: Bucket }>(null);
  const again = () => setReload((x) => x + 1);
  const rgwTasks = active.filter((t) => t.kind.startsWith('rgw.')).length;
  useEffect(again, [rgwTasks]);
  const working = (b: Bucket) => taskOn(active, fsid, BUCKET_DELETE, b.name);

  const columns: Column<Bucket>[] = [
    {
      key: 'name',
      label: 'Name',
      sort: 'name',
      render: (b) => (
        <>
          <a href={rgwHref(fsid, 'buckets', b.name)}>{b.name}</a>
          <DeleteMeter task={working(b)} />
        </>
      ),
    },
    { key: 'owner', label: 'Owner', sort: 'owner', render: (b) => <a href={rgwHref(fsid, 'users', b.owner)}>{b.owner}</a> },
    { key: 'objects', label: 'Objects', sort: 'objects', numeric: true, render: (b) => count(b.objects) },
    { key: 'size', label: 'Size', sort: 'size', numeric: true, render: (b) => <Size bytes={b.size} /> },
    { key: 'versioning', label: 'Versioning', render: (b) => <VersioningBadge v={b.versioning} /> },
    { key: 'object_lock', label: 'Object lock', render: (b) => (b.object_lock ? <Badge tone="info">on</Badge> : <span class="muted">off</span>) },
    { key: 'placement', label: 'Placement', sort: 'placement', render: (b) => b.placement || <span class="muted">default</span> },
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (b) => <Time at={b.created_at} /> },
    { key: 'quota', label: 'Quota', optional: true, render: (b) => quotaWords(b.quota, bytes) },
    { key: 'size_actual', label: 'Allocated', optional: true, numeric: true, render: (b) => <Size bytes={b.size_actual} /> },
    { key: 'tenant', label: 'Tenant', optional: true, render: (b) => b.tenant || <span class="muted">—</span> },
    { key: 'id', label: 'ID', optional: true, render: (b) => <code>{b.id}</code> },
  ];
  const all = rgwHref(fsid, 'buckets');
  return (
    <Page
      title="Buckets"
      sub={
        owner ? (
          <>
            The buckets of <a href={rgwHref(fsid, 'users', owner)}>{owner}</a> · <a href={all}>all buckets</a>
          </>
        ) : (
          "The Object Gateway's buckets: S3 and Swift containers of objects, each owned by a user."
        )
      }
      actions={
        s.canMutate &&
        !down && (
          <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
            Create bucket
          </button>
        )
      }
    >
      {down ? (
        <RgwProblem error={down} fsid={fsid} retry={() => setDown(null)} />
      ) : (
        <Table<Bucket>
          id="rgw-buckets"
          urlState
          columns={columns}
          defaultSort="name"
          searchLabel="Search name or owner"
          emptyTitle={owner ? `${owner} owns no buckets` : 'No buckets yet'}
          rowKey={(b) => b.name}
          rowClass={(b) => (working(b) ? 'working' : '')}
          reload={`${owner}|${reload}`}
          pollMs={30000}
          load={(q, signal) => list<Bucket>(rgwPath(fsid, 'buckets'), { ...q, owner: owner || undefined }, signal).catch(liftDown(setDown))}
          empty={s.canMutate ? 'Create a bucket for a user, or let the user create its own with an S3 client.' : 'Users create buckets with their S3 clients; an operator can create them here.'}
          actions={
            s.canMutate
              ? (b) =>
                  !working(b) && (
                    <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', bucket: b })}>
                      Delete
                    </button>
                  )
              : undefined
          }
        />
      )}
      {dialog?.kind === 'create' && (
        <Modal title="Create bucket" onClose={() => setDialog(null)} wide>
          <CreateBucketForm fsid={fsid} owner={owner} onCancel={() => setDialog(null)} onDone={() => (setDialog(null), again())} />
        </Modal>
      )}
      {dialog?.kind === 'delete' && <DeleteBucket fsid={fsid} name={dialog.bucket.name} onClose={() => setDialog(null)} onDeleted={again} />}
    </Page>
  );
}
