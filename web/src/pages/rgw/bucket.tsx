// pages/rgw/bucket.tsx - one bucket: its properties, a new owner, versioning (enable
// or suspend), its quota, the default retention of object lock (only on a bucket
// made with object lock), the NFS exports serving it, and delete.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { ApiError, type Call } from '../../api/client';
import { useTasks } from '../../api/tasks';
import { useGet } from '../../api/useGet';
import { Modal } from '../../components/Dialog';
import { CheckField, FormView, SelectField, TextField, useForm } from '../../components/Form';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Loading } from '../../components/States';
import { Size, Time } from '../../components/Values';
import { bytes, count } from '../../lib/format';
import { clusterHref, useSession } from '../../lib/session';
import { BUCKET_DELETE, DeleteBucket, VersioningBadge, ownerOptions, useUsers } from './buckets';
import { DeleteMeter, RgwProblem, rgwHref, rgwPath, taskOn } from './common';
import { BucketQuotaForm } from './quota';
import type { BucketChanges, BucketDetail, Versioning } from './types';
import { quotaWords, retentionBody, retentionFields, retentionProblem, type RetentionFields } from './values';

function OwnerForm({ fsid, bucket, onDone, onCancel }: { fsid: string; bucket: BucketDetail; onDone: () => void; onCancel: () => void }) {
  const { users, error } = useUsers(fsid);
  const form = useForm<{ owner: string }>({ owner: bucket.owner }, (v) => ({ owner: v.owner === bucket.owner ? 'Pick another user.' : '' }));
  const call = (v: { owner: string }): Call => {
    const body: BucketChanges = { owner: v.owner };
    return { method: 'PATCH', path: rgwPath(fsid, 'buckets', bucket.name), body };
  };
  if (error !== null && !users) return <RgwProblem error={error} />;
  return (
    <FormView form={form} call={call} label="Change owner" onDone={onDone} onCancel={onCancel}>
      <SelectField
        form={form}
        name="owner"
        label="New owner"
        options={users ? ownerOptions(users, bucket.owner) : [{ value: bucket.owner, label: 'Loading the users…' }]}
        help="The bucket counts against the new owner's quota and max buckets, and the new owner's keys get full control of it."
      />
    </FormView>
  );
}

function VersioningForm({ fsid, bucket, onDone, onCancel }: { fsid: string; bucket: BucketDetail; onDone: () => void; onCancel: () => void }) {
  const to = bucket.versioning === 'enabled' ? 'suspended' : 'enabled';
  const form = useForm<{ versioning: Versioning }>({ versioning: to }, () => ({}));
  const call = (v: { versioning: Versioning }): Call => {
    const body: BucketChanges = { versioning: v.versioning };
    return { method: 'PATCH', path: rgwPath(fsid, 'buckets', bucket.name), body };
  };
  return (
    <FormView form={form} call={call} label={to === 'enabled' ? 'Enable versioning' : 'Suspend versioning'} onDone={onDone} onCancel={onCancel}>
      <p>
        {to === 'enabled'
          ? 'Every overwrite and delete keeps the old version, which keeps taking space until removed (e.g. by a lifecycle rule). Once enabled, versioning can be suspended but never turned off.'
          : 'New writes no longer keep old versions; the versions kept so far stay, and take space, until removed.'}
      </p>
    </FormView>
  );
}

function RetentionForm({ fsid, bucket, onDone }: { fsid: string; bucket: BucketDetail; onDone: () => void }) {
  const form = useForm<RetentionFields>(retentionFields(bucket.object_lock_retention), (v) => ({ period: retentionProblem(v) }));
  const v = form.values;
  const call = (x: RetentionFields): Call => {
    const body: BucketChanges = { object_lock_retention: retentionBody(x) };
    return { method: 'PATCH', path: rgwPath(fsid, 'buckets', bucket.name), body };
  };
  return (
    <FormView form={form} call={call} label="Save retention" onDone={onDone} claims={(f) => f.startsWith('object_lock_retention')}>
      <CheckField
        form={form}
        name="on"
        label="Lock new objects by default"
        help={v.on ? 'Each new object version is locked for the period below from when it is written.' : 'New objects are not locked unless a client asks.'}
      />
      {v.on && (
        <>
          <SelectField
            form={form}
            name="mode"
            label="Mode"
            options={[
              { value: 'GOVERNANCE', label: 'GOVERNANCE — users with a bypass permission can still delete' },
              { value: 'COMPLIANCE', label: 'COMPLIANCE — nobody can delete or shorten it, not even an admin' },
            ]}
          />
          <div class="row2">
            <TextField form={form} name="period" label="Retention" placeholder="30" />
            <SelectField
              form={form}
              name="unit"
              label="Unit"
              options={[
                { value: 'days', label: 'days' },
                { value: 'years', label: 'years' },
              ]}
            />
          </div>
        </>
      )}
    </FormView>
  );
}

/** The object was deleted meanwhile (its page read again after a task). */
const gone = (e: unknown) => e instanceof ApiError && e.status === 404;

export function RgwBucketDetail() {
  const { fsid, name } = useRoute().params;
  const loc = useLocation();
  const s = useSession();
  const { active } = useTasks();
  const { data: b, error, reload } = useGet<BucketDetail>(rgwPath(fsid, 'buckets', name));
  const [dialog, setDialog] = useState<null | 'owner' | 'versioning' | 'delete'>(null);
  const task = taskOn(active, fsid, BUCKET_DELETE, name);
  const busy = useRef(false);
  useEffect(() => {
    if (busy.current && !task) reload();
    busy.current = Boolean(task);
  }, [Boolean(task)]);
  const done = () => (setDialog(null), reload());
  const all = rgwHref(fsid, 'buckets');
  const exports = b?.nfs_exports ?? [];
  return (
    <Page
      title={`Bucket ${name}`}
      sub={
        <>
          <a href={all}>All buckets</a>
          {b && (
            <>
              {' '}
              · owned by <a href={rgwHref(fsid, 'users', b.owner)}>{b.owner}</a>
            </>
          )}
        </>
      }
      actions={
        s.canMutate &&
        b &&
        !task &&
        !gone(error) && (
          <button type="button" class="btn danger" onClick={() => setDialog('delete')}>
            Delete
          </button>
        )
      }
    >
      {task && (
        <div class="img-busy" role="status">
          <DeleteMeter task={task} />
        </div>
      )}
      {(error !== null && !b) || gone(error) ? (
        <RgwProblem error={error} fsid={fsid} retry={reload} />
      ) : !b ? (
        <Loading what="Reading the bucket" />
      ) : (
        <div class="gw-grid">
          <section class="card" data-card="bucket">
            <h2>Bucket</h2>
            <dl class="props">
              <dt>Name</dt>
              <dd>
                <code>{b.name}</code>
              </dd>
              {b.tenant && (
                <>
                  <dt>Tenant</dt>
                  <dd>{b.tenant}</dd>
                </>
              )}
              <dt>Owner</dt>
              <dd>
                <a href={rgwHref(fsid, 'users', b.owner)}>{b.owner}</a>{' '}
                {s.canMutate && (
                  <button type="button" class="btn small" onClick={() => setDialog('owner')}>
                    Change owner
                  </button>
                )}
              </dd>
              <dt>Objects</dt>
              <dd>{count(b.objects)}</dd>
              <dt>Size</dt>
              <dd>
                <Size bytes={b.size} /> <span class="muted">({b.size.toLocaleString('en-US')} bytes; <Size bytes={b.size_actual} /> allocated)</span>
              </dd>
              <dt>Versioning</dt>
              <dd>
                <VersioningBadge v={b.versioning} />{' '}
                {s.canMutate && !(b.object_lock && b.versioning === 'enabled') && (
                  <button type="button" class="btn small" onClick={() => setDialog('versioning')}>
                    {b.versioning === 'enabled' ? 'Suspend' : 'Enable'}
                  </button>
                )}
              </dd>
              <dt>Object lock</dt>
              <dd>{b.object_lock ? <Badge tone="info">on</Badge> : <span class="muted">off (only chosen at creation)</span>}</dd>
              <dt>Placement</dt>
              <dd>{b.placement || <span class="muted">the zone group's default</span>}</dd>
              <dt>Created</dt>
              <dd>
                <Time at={b.created_at} />
              </dd>
              <dt>ID</dt>
              <dd>
                <code>{b.id}</code>
              </dd>
            </dl>
          </section>
          <section class="card" data-card="quota">
            <h2>Quota</h2>
            {s.canMutate ? <BucketQuotaForm key={JSON.stringify(b.quota)} fsid={fsid} name={b.name} quota={b.quota} onDone={reload} /> : <p>{quotaWords(b.quota, bytes)}</p>}
          </section>
          <section class="card" data-card="retention">
            <h2>Object lock retention</h2>
            {!b.object_lock ? (
              <p class="muted">Object lock is off for this bucket: it can only be turned on when a bucket is created.</p>
            ) : s.canMutate ? (
              <RetentionForm key={JSON.stringify(b.object_lock_retention)} fsid={fsid} bucket={b} onDone={reload} />
            ) : (
              <p>
                {b.object_lock_retention
                  ? `${b.object_lock_retention.mode}, ${b.object_lock_retention.years ? `${b.object_lock_retention.years} years` : `${b.object_lock_retention.days} days`}`
                  : 'No default retention.'}
              </p>
            )}
          </section>
          <section class="card" data-card="nfs">
            <h2>NFS exports</h2>
            {exports.length ? (
              <>
                <ul>
                  {exports.map((id) => (
                    <li>
                      <a href={clusterHref(fsid, 'nfs', id)}>NFS export {id}</a>
                    </li>
                  ))}
                </ul>
                <p class="help">The bucket cannot be deleted while an export serves it.</p>
              </>
            ) : (
              <p class="muted">No NFS export serves this bucket.</p>
            )}
          </section>
        </div>
      )}
      {dialog === 'owner' && b && (
        <Modal title={`Change the owner of ${b.name}`} onClose={() => setDialog(null)}>
          <OwnerForm fsid={fsid} bucket={b} onDone={done} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog === 'versioning' && b && (
        <Modal title={`Versioning of ${b.name}`} onClose={() => setDialog(null)}>
          <VersioningForm fsid={fsid} bucket={b} onDone={done} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog === 'delete' && b && <DeleteBucket fsid={fsid} name={b.name} onClose={() => setDialog(null)} onDeleted={() => loc.route(all)} />}
    </Page>
  );
}
