// pages/users - the people who may log in (admins only; routes.tsx gives others the
// "only administrators" page): the table, create and edit forms, delete with a
// confirmation that says their sessions and API tokens end. The logged-in admin gets
// no delete or disable for their own account, and is told why.
import { useState } from 'preact/hooks';
import { apiPath, list, mutate } from '../../api/client';
import type { Role, User } from '../../api/types';
import { Confirm, Modal } from '../../components/Dialog';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { Time } from '../../components/Values';
import { useSession } from '../../lib/session';
import { CreateUserForm, EditUserForm, ROLES } from './form';

const ROLE_TONE: Record<Role, 'warn' | 'info' | 'muted'> = { admin: 'warn', operator: 'info', viewer: 'muted' };

export function RoleBadge({ role }: { role: Role }) {
  const r = ROLES.find((x) => x.value === role);
  return (
    <span title={r ? `${r.label}: ${r.help}` : undefined}>
      <Badge tone={ROLE_TONE[role]}>{role}</Badge>
    </span>
  );
}

export function Users() {
  const s = useSession();
  const me = s.user.username;
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<null | { kind: 'create' } | { kind: 'edit' | 'delete'; user: User }>(null);
  const done = () => (setDialog(null), setReload((x) => x + 1));

  const columns: Column<User>[] = [
    {
      key: 'username',
      label: 'User name',
      sort: 'username',
      render: (u) => (
        <>
          <strong>{u.username}</strong>
          {u.username === me && <span class="muted"> (you)</span>}
        </>
      ),
    },
    { key: 'role', label: 'Role', sort: 'role', render: (u) => <RoleBadge role={u.role} /> },
    { key: 'email', label: 'E-mail', render: (u) => (u.email ? <a href={`mailto:${u.email}`}>{u.email}</a> : <span class="muted">—</span>) },
    { key: 'disabled', label: 'Status', render: (u) => (u.disabled ? <Badge tone="err">disabled</Badge> : <Badge tone="ok">active</Badge>) },
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (u) => <Time at={u.created_at} /> },
    {
      key: 'last_login_at',
      label: 'Last login',
      sort: 'last_login_at',
      render: (u) => (u.last_login_at ? <Time at={u.last_login_at} /> : <span class="muted">never</span>),
    },
  ];

  return (
    <Page
      title="Users"
      sub="Who may log in to openATTIC, and with which role. Admins manage users; operators change the cluster; viewers only look."
      actions={
        <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
          Create user
        </button>
      }
    >
      <Table<User>
        id="users"
        urlState
        columns={columns}
        defaultSort="username"
        searchLabel="Search name or e-mail"
        rowKey={(u) => u.username}
        rowClass={(u) => (u.disabled ? 'row-disabled' : '')}
        reload={reload}
        load={(q, signal) => list<User>(apiPath('users'), { ...q }, signal)}
        empty="Create a user for each person who works with the cluster."
        actions={(u) => (
          <>
            <button type="button" class="btn small" onClick={() => setDialog({ kind: 'edit', user: u })}>
              Edit
            </button>
            {u.username === me ? (
              <span class="self-note" title="You are logged in as this user. Another administrator can disable or delete it.">
                your account: no delete
              </span>
            ) : (
              <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', user: u })}>
                Delete
              </button>
            )}
          </>
        )}
      />
      {dialog?.kind === 'create' && (
        <Modal title="Create user" onClose={() => setDialog(null)} wide>
          <CreateUserForm onDone={done} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'edit' && (
        <Modal title={`Edit user ${dialog.user.username}`} onClose={() => setDialog(null)} wide>
          <EditUserForm user={dialog.user} self={dialog.user.username === me} onDone={done} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'delete' && (
        <Confirm
          title={`Delete user ${dialog.user.username}`}
          name={dialog.user.username}
          consequence={
            <>
              <strong>{dialog.user.username}</strong> ({dialog.user.role}) can no longer log in: their open sessions end at once and all their API
              tokens stop working. Tasks they started and audit records keep their name. This cannot be undone.
            </>
          }
          action="Delete user"
          onConfirm={() => mutate({ method: 'DELETE', path: apiPath('users', dialog.user.username) }, `Delete user ${dialog.user.username}`)}
          onClose={done}
        />
      )}
    </Page>
  );
}
