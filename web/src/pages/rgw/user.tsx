// pages/rgw/user.tsx - one Object Gateway user, a tab per URL: Details (its account,
// usage, and the edit form), Keys, Subusers (keys.tsx), Caps (the whole set, PUT) and
// Quotas (quota.tsx). Suspend, enable and delete from the page head.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { ApiError, type Call } from '../../api/client';
import type { Body } from '../../api/openapi';
import { useTasks } from '../../api/tasks';
import { useGet } from '../../api/useGet';
import { CheckField, FormView, SelectField, TextField, useForm } from '../../components/Form';
import { Page, Tabs } from '../../components/Page';
import { Loading } from '../../components/States';
import { Size } from '../../components/Values';
import { bytes, count } from '../../lib/format';
import { useSession } from '../../lib/session';
import { DeleteMeter, RgwProblem, rgwHref, rgwPath, taskOn } from './common';
import { Keys, Subusers } from './keys';
import { UserQuotaForm } from './quota';
import type { RgwUserDetail } from './types';
import { DeleteUser, SuspendDialog, SuspendedBadge, USER_DELETE, maxBucketsText } from './users';
import { CAP_TYPES, capsBody, capsState, capsWords, emailProblem, maxBucketsProblem, quotaWords, userEdit, userEditBody, type CapsState, type UserEdit } from './values';

const TABS = ['', 'keys', 'subusers', 'caps', 'quotas'];

function EditForm({ fsid, user, onDone }: { fsid: string; user: RgwUserDetail; onDone: () => void }) {
  const form = useForm<UserEdit>(userEdit(user), (v) => ({
    display_name: v.display_name.trim() ? '' : 'A display name is required.',
    email: emailProblem(v.email.trim()),
    max_buckets: v.max_buckets.trim() === '' ? 'A whole number up to 100,000: 0 for no limit, -1 to forbid creating buckets.' : maxBucketsProblem(v.max_buckets),
  }));
  const call = (v: UserEdit): Call => ({ method: 'PATCH', path: rgwPath(fsid, 'users', user.uid), body: userEditBody(v, user) });
  return (
    <FormView form={form} call={call} label="Save user" onDone={onDone}>
      <TextField form={form} name="display_name" label="Display name" />
      <TextField form={form} name="email" label="E-mail" type="email" placeholder="none" help="Empty removes it." />
      <TextField form={form} name="max_buckets" label="Max buckets" help="0: no limit; -1: cannot create buckets." />
      <CheckField
        form={form}
        name="suspended"
        label="Suspended"
        help={form.values.suspended ? 'Every request with its keys is refused (403) until enabled again.' : 'Its keys work.'}
      />
    </FormView>
  );
}

function Details({ fsid, user, reload }: { fsid: string; user: RgwUserDetail; reload: () => void }) {
  const s = useSession();
  const u = user.usage;
  return (
    <div class="gw-grid">
      <section class="card" data-card="account">
        <h2>Account</h2>
        <dl class="props">
          <dt>User id</dt>
          <dd>
            <code>{user.uid}</code>
          </dd>
          <dt>Tenant</dt>
          <dd>{user.tenant || <span class="muted">none (the global namespace)</span>}</dd>
          <dt>Display name</dt>
          <dd>{user.display_name}</dd>
          <dt>E-mail</dt>
          <dd>{user.email || <span class="muted">—</span>}</dd>
          <dt>Status</dt>
          <dd>
            <SuspendedBadge on={user.suspended} />
          </dd>
          <dt>Max buckets</dt>
          <dd>{maxBucketsText(user.max_buckets)}</dd>
          <dt>Stored</dt>
          <dd>
            {u ? (
              <>
                <Size bytes={u.size} /> in {count(u.objects)} objects <span class="muted">(<Size bytes={u.size_actual} /> allocated)</span>
              </>
            ) : (
              <span class="muted">unknown</span>
            )}
          </dd>
          <dt>Buckets</dt>
          <dd>
            <a href={`${rgwHref(fsid, 'buckets')}?owner=${encodeURIComponent(user.uid)}`}>Buckets of {user.uid}</a>
          </dd>
          <dt>Quotas</dt>
          <dd>
            user: {quotaWords(user.quota.user, bytes)}; each bucket: {quotaWords(user.quota.bucket, bytes)}
          </dd>
          <dt>Operations</dt>
          <dd>{user.op_mask || <span class="muted">none</span>}</dd>
          <dt>Caps</dt>
          <dd>{capsWords(user.caps) || <span class="muted">none (no admin API)</span>}</dd>
          {(user.system || user.admin) && (
            <>
              <dt>Flags</dt>
              <dd>{[user.system && 'system user (multisite sync)', user.admin && 'admin'].filter(Boolean).join(', ')}</dd>
            </>
          )}
        </dl>
      </section>
      {s.canMutate && (
        <section class="card" data-card="edit">
          <h2>Edit</h2>
          <EditForm key={`${user.display_name}|${user.email}|${user.max_buckets}|${user.suspended}`} fsid={fsid} user={user} onDone={reload} />
        </section>
      )}
    </div>
  );
}

const PERMS = [
  { value: '', label: 'none' },
  { value: 'read', label: 'read' },
  { value: 'write', label: 'write' },
  { value: '*', label: 'read and write (*)' },
];

function Caps({ fsid, user, reload }: { fsid: string; user: RgwUserDetail; reload: () => void }) {
  const s = useSession();
  const form = useForm<CapsState>(capsState(user.caps), () => ({}));
  const call = (v: CapsState): Call => {
    const body: Body<'/api/clusters/{fsid}/rgw/users/{uid}/caps', 'PUT'> = { caps: capsBody(v) };
    return { method: 'PUT', path: rgwPath(fsid, 'users', user.uid, 'caps'), body };
  };
  return (
    <section class="card gw-section" data-card="caps">
      <h2>Caps</h2>
      <p class="help">
        Caps let the user's keys call the gateway's admin API (<code>/admin/…</code>): ordinary S3 and Swift users need none. Saving replaces the whole set.
      </p>
      {s.canMutate ? (
        <FormView form={form} call={call} label="Save caps" onDone={reload}>
          {CAP_TYPES.map((c) => (
            <SelectField form={form} name={c.type} label={c.type} options={PERMS} help={c.help} />
          ))}
        </FormView>
      ) : (
        <p>{capsWords(user.caps) || 'none'}</p>
      )}
    </section>
  );
}

/** The object was deleted meanwhile (its page read again after a task). */
const gone = (e: unknown) => e instanceof ApiError && e.status === 404;

export function RgwUserDetail() {
  const { params } = useRoute();
  const { fsid, uid } = params;
  const tab = TABS.includes(params.tab || '') ? params.tab || '' : '';
  const loc = useLocation();
  const s = useSession();
  const { active } = useTasks();
  const { data: user, error, reload } = useGet<RgwUserDetail>(rgwPath(fsid, 'users', uid));
  const [dialog, setDialog] = useState<null | 'suspend' | 'delete'>(null);
  const task = taskOn(active, fsid, USER_DELETE, uid);
  // The purge ended: the user is gone (404) or it failed (shown again).
  const busy = useRef(false);
  useEffect(() => {
    if (busy.current && !task) reload();
    busy.current = Boolean(task);
  }, [Boolean(task)]);

  const href = (t: string) => rgwHref(fsid, 'users', uid, t);
  const tabs = [
    { href: href(''), label: 'Details' },
    { href: href('keys'), label: `Keys${user ? ` (${user.keys.length})` : ''}` },
    { href: href('subusers'), label: `Subusers${user ? ` (${user.subusers.length})` : ''}` },
    { href: href('caps'), label: `Caps${user ? ` (${user.caps.length})` : ''}` },
    { href: href('quotas'), label: 'Quotas' },
  ];
  const all = rgwHref(fsid, 'users');
  return (
    <Page
      title={`Object Gateway user ${uid}`}
      sub={
        <>
          <a href={all}>All Object Gateway users</a>
          {user && ` · ${user.display_name}`}
        </>
      }
      actions={
        s.canMutate &&
        user &&
        !task &&
        !gone(error) && (
          <>
            <button type="button" class="btn" onClick={() => setDialog('suspend')}>
              {user.suspended ? 'Enable' : 'Suspend'}
            </button>
            <button type="button" class="btn danger" onClick={() => setDialog('delete')}>
              Delete
            </button>
          </>
        )
      }
    >
      {task && (
        <div class="img-busy" role="status">
          <DeleteMeter task={task} />
        </div>
      )}
      <Tabs tabs={tabs} current={href(tab)} />
      {(error !== null && !user) || gone(error) ? (
        <RgwProblem error={error} fsid={fsid} retry={reload} />
      ) : !user ? (
        <Loading what="Reading the user" />
      ) : tab === 'keys' ? (
        <Keys fsid={fsid} user={user} reload={reload} />
      ) : tab === 'subusers' ? (
        <Subusers fsid={fsid} user={user} reload={reload} />
      ) : tab === 'caps' ? (
        <Caps key={capsWords(user.caps)} fsid={fsid} user={user} reload={reload} />
      ) : tab === 'quotas' ? (
        <section class="card gw-section" data-card="quotas">
          <h2>Quotas</h2>
          {s.canMutate ? (
            <UserQuotaForm key={JSON.stringify(user.quota)} fsid={fsid} uid={user.uid} quota={user.quota} onDone={reload} />
          ) : (
            <p>
              User: {quotaWords(user.quota.user, bytes)}. Each bucket: {quotaWords(user.quota.bucket, bytes)}.
            </p>
          )}
        </section>
      ) : (
        <Details fsid={fsid} user={user} reload={reload} />
      )}
      {dialog === 'suspend' && user && <SuspendDialog fsid={fsid} user={user} onClose={() => setDialog(null)} onDone={reload} />}
      {dialog === 'delete' && user && <DeleteUser fsid={fsid} user={user} onClose={() => setDialog(null)} onDeleted={() => loc.route(all)} />}
    </Page>
  );
}
