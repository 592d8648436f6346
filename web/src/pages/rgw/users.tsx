// pages/rgw/users.tsx - the Object Gateway's users (S3 and Swift accounts): the
// server-paged table, the create form (its new secret keys shown once), suspend and
// enable, and the delete confirmation that names what goes and can purge the user's
// buckets with their objects as a task.
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { get, list, mutate, type Call } from '../../api/client';
import type { Body } from '../../api/openapi';
import { useTasks } from '../../api/tasks';
import { Confirm, Modal } from '../../components/Dialog';
import { FormView, SelectField, TextField, useForm } from '../../components/Form';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { Size } from '../../components/Values';
import { count } from '../../lib/format';
import { useSession } from '../../lib/session';
import { DeleteMeter, PurgeConfirm, RgwProblem, SecretDialog, liftDown, rgwHref, rgwPath, taskOn } from './common';
import type { Bucket, NewRgwUser, RgwUser, RgwUserDetail } from './types';
import { checkUserCreate, splitUid, userCreateBody, type UserCreate } from './values';

export const USER_DELETE = 'rgw.user_delete';

export function SuspendedBadge({ on }: { on: boolean }) {
  return on ? <Badge tone="warn">suspended</Badge> : <Badge tone="ok">active</Badge>;
}

/** max_buckets in words: 0 is no limit, a negative number forbids buckets. */
export function maxBucketsText(n: number): string {
  return n === 0 ? 'no limit' : n < 0 ? 'none allowed' : count(n);
}

export function CreateUserForm({ fsid, onDone, onCancel }: { fsid: string; onDone: (u: NewRgwUser) => void; onCancel: () => void }) {
  const init: UserCreate = { uid: '', display_name: '', email: '', max_buckets: '', suspended: false, keys: 'generate', access_key: '', secret_key: '' };
  const form = useForm<UserCreate>(init, checkUserCreate);
  const v = form.values;
  const { tenant, name } = splitUid(v.uid.trim());
  const call = (x: UserCreate): Call => ({ method: 'POST', path: rgwPath(fsid, 'users'), body: userCreateBody(x) });
  return (
    <FormView form={form} call={call} label="Create user" onDone={(o) => onDone(o.data as NewRgwUser)} onCancel={onCancel}>
      <div class="row2">
        <TextField
          form={form}
          name="uid"
          label="User id"
          autoFocus
          placeholder="alice"
          help={
            tenant && name ? (
              <>
                User <code>{name}</code> of tenant <code>{tenant}</code>: its buckets live in the tenant’s own namespace (<code>{tenant}/bucket</code>).
              </>
            ) : (
              <>
                What it is known by, e.g. <code>alice</code>. For a tenant’s user: <code>tenant$name</code>, e.g. <code>acme$alice</code>.
              </>
            )
          }
        />
        <TextField form={form} name="display_name" label="Display name" placeholder="Alice (photo archive)" help="Whose account it is, in words." />
      </div>
      <div class="row2">
        <TextField form={form} name="email" label="E-mail (optional)" type="email" placeholder="alice@example.com" help="Unique among the gateway’s users." />
        <TextField form={form} name="max_buckets" label="Max buckets (optional)" placeholder="1000" help="Empty: the gateway’s default (1000). 0: no limit; -1: cannot create buckets." />
      </div>
      <SelectField
        form={form}
        name="keys"
        label="S3 key"
        options={[
          { value: 'generate', label: 'Generate an access key and secret key' },
          { value: 'given', label: 'Use the keys I give (e.g. moving an application)' },
          { value: 'none', label: 'No key now (add one on the Keys tab later)' },
        ]}
        help={v.keys === 'generate' ? 'The secret key is shown once, after the user is created.' : undefined}
      />
      {v.keys === 'given' && (
        <div class="row2">
          <TextField form={form} name="access_key" label="Access key" />
          <TextField form={form} name="secret_key" label="Secret key" type="password" autocomplete="new-password" help="Never shown again by openATTIC." />
        </div>
      )}
    </FormView>
  );
}

/** Delete a user: names its buckets, and offers to purge them (a task) when it has any. */
export function DeleteUser({ fsid, user, onClose, onDeleted }: { fsid: string; user: Pick<RgwUser, 'uid' | 'display_name'>; onClose: () => void; onDeleted: () => void }) {
  const [buckets, setBuckets] = useState<{ items: Bucket[]; total: number } | null>(null);
  const [usage, setUsage] = useState<RgwUserDetail['usage'] | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    list<Bucket>(rgwPath(fsid, 'buckets'), { owner: user.uid, limit: 5, sort: 'name' }, ac.signal)
      .then((r) => setBuckets(r))
      .catch(() => {});
    get<RgwUserDetail>(rgwPath(fsid, 'users', user.uid), undefined, ac.signal)
      .then((u) => setUsage(u.usage))
      .catch(() => {});
    return () => ac.abort();
  }, [fsid, user.uid]);
  const n = buckets?.total ?? 0;
  return (
    <PurgeConfirm
      title={`Delete Object Gateway user ${user.uid}`}
      name={user.uid}
      action="Delete user"
      consequence={
        <>
          <strong>{user.uid}</strong> ({user.display_name}) is removed with its keys, subusers and caps: applications using them are refused from now on.
          This cannot be undone.{' '}
          {buckets === null ? (
            'Looking for its buckets…'
          ) : n === 0 ? (
            'It owns no buckets.'
          ) : (
            <>
              It owns {n === 1 ? 'a bucket' : `${n} buckets`} (
              {buckets.items.map((b, i) => (
                <>
                  {i ? ', ' : ''}
                  <a href={rgwHref(fsid, 'buckets', b.name)}>{b.name}</a>
                </>
              ))}
              {n > buckets.items.length ? ', …' : ''})
              {usage ? (
                <>
                  {' '}
                  holding {count(usage.objects)} objects, <Size bytes={usage.size} />
                </>
              ) : null}
              : a user with buckets can only be deleted with them.
            </>
          )}
        </>
      }
      purge={buckets !== null && n === 0 ? null : <>Also delete its buckets and all their objects</>}
      purgeRequired={n > 0}
      onConfirm={async (purge) => {
        await mutate(
          { method: 'DELETE', path: rgwPath(fsid, 'users', user.uid), query: purge ? { purge_data: true } : undefined },
          purge ? `Delete user ${user.uid} with its buckets` : `Delete user ${user.uid}`,
        );
        onDeleted();
      }}
      onClose={onClose}
    />
  );
}

/** Suspend (confirmed: applications stop working) or enable a user. */
export function SuspendDialog({ fsid, user, onClose, onDone }: { fsid: string; user: Pick<RgwUser, 'uid' | 'suspended'>; onClose: () => void; onDone: () => void }) {
  const on = !user.suspended;
  return (
    <Confirm
      title={`${on ? 'Suspend' : 'Enable'} user ${user.uid}`}
      name={user.uid}
      action={on ? 'Suspend user' : 'Enable user'}
      consequence={
        on ? (
          <>
            Every request with the keys of <strong>{user.uid}</strong> and its subusers is refused (403) until it is enabled again. Its buckets and objects
            stay.
          </>
        ) : (
          <>
            <strong>{user.uid}</strong> and its subusers can use their keys again.
          </>
        )
      }
      onConfirm={async () => {
        const body: Body<'/api/clusters/{fsid}/rgw/users/{uid}', 'PATCH'> = { suspended: on };
        await mutate({ method: 'PATCH', path: rgwPath(fsid, 'users', user.uid), body }, `${on ? 'Suspend' : 'Enable'} user ${user.uid}`);
        onDone();
      }}
      onClose={onClose}
    />
  );
}

type Dialog = null | { kind: 'create' } | { kind: 'secret'; user: NewRgwUser } | { kind: 'delete' | 'suspend'; user: RgwUser };

export function RgwUsers() {
  const fsid = useRoute().params.fsid;
  const s = useSession();
  const { active } = useTasks();
  const [reload, setReload] = useState(0);
  const [down, setDown] = useState<unknown>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const again = () => setReload((x) => x + 1);
  const rgwTasks = active.filter((t) => t.kind.startsWith('rgw.')).length;
  useEffect(again, [rgwTasks]);
  const working = (u: RgwUser) => taskOn(active, fsid, USER_DELETE, u.uid);

  const columns: Column<RgwUser>[] = [
    {
      key: 'uid',
      label: 'User id',
      sort: 'uid',
      render: (u) => (
        <>
          <a href={rgwHref(fsid, 'users', u.uid)}>{u.uid}</a>
          {(u.system || u.admin) && <span class="muted"> ({u.system ? 'system' : 'admin'})</span>}
          <DeleteMeter task={working(u)} />
        </>
      ),
    },
    { key: 'display_name', label: 'Display name', sort: 'display_name', render: (u) => u.display_name },
    { key: 'email', label: 'E-mail', sort: 'email', render: (u) => u.email || <span class="muted">—</span> },
    { key: 'suspended', label: 'Status', sort: 'suspended', render: (u) => <SuspendedBadge on={u.suspended} /> },
    { key: 'max_buckets', label: 'Max buckets', sort: 'max_buckets', numeric: true, render: (u) => maxBucketsText(u.max_buckets) },
    {
      key: 'keys',
      label: 'Keys',
      numeric: true,
      render: (u) =>
        u.keys.length ? <span title={u.keys.map((k) => `${k.type} ${k.access_key}`).join('\n')}>{u.keys.length}</span> : <span class="muted">none</span>,
    },
    { key: 'tenant', label: 'Tenant', optional: true, render: (u) => u.tenant || <span class="muted">—</span> },
    { key: 'subusers', label: 'Subusers', optional: true, numeric: true, render: (u) => u.subusers.length },
  ];
  return (
    <Page
      title="Object Gateway users"
      sub="The S3 and Swift accounts of the gateway: their keys, subusers, caps and quotas are on each user's page."
      actions={
        s.canMutate &&
        !down && (
          <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
            Create user
          </button>
        )
      }
    >
      {down ? (
        <RgwProblem error={down} fsid={fsid} retry={() => setDown(null)} />
      ) : (
        <Table<RgwUser>
          id="rgw-users"
          urlState
          columns={columns}
          defaultSort="uid"
          searchLabel="Search id, name or e-mail"
          rowKey={(u) => u.uid}
          rowClass={(u) => (working(u) ? 'working' : u.suspended ? 'row-disabled' : '')}
          reload={reload}
          pollMs={30000}
          load={(q, signal) => list<RgwUser>(rgwPath(fsid, 'users'), { ...q }, signal).catch(liftDown(setDown))}
          empty={s.canMutate ? 'Create a user for each application or person that stores objects.' : 'An operator can create Object Gateway users.'}
          actions={
            s.canMutate
              ? (u) =>
                  !working(u) && (
                    <>
                      <button type="button" class="btn small" onClick={() => setDialog({ kind: 'suspend', user: u })}>
                        {u.suspended ? 'Enable' : 'Suspend'}
                      </button>
                      <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', user: u })}>
                        Delete
                      </button>
                    </>
                  )
              : undefined
          }
        />
      )}
      {dialog?.kind === 'create' && (
        <Modal title="Create Object Gateway user" onClose={() => setDialog(null)} wide>
          <CreateUserForm
            fsid={fsid}
            onCancel={() => setDialog(null)}
            onDone={(u) => {
              again();
              setDialog(u.keys.some((k) => k.secret_key) ? { kind: 'secret', user: u } : null);
            }}
          />
        </Modal>
      )}
      {dialog?.kind === 'secret' && (
        <SecretDialog title={`User ${dialog.user.uid} created: its secret key`} keys={dialog.user.keys} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'suspend' && <SuspendDialog fsid={fsid} user={dialog.user} onClose={() => setDialog(null)} onDone={again} />}
      {dialog?.kind === 'delete' && <DeleteUser fsid={fsid} user={dialog.user} onClose={() => setDialog(null)} onDeleted={again} />}
    </Page>
  );
}
