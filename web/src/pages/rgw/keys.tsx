// pages/rgw/keys.tsx - a user's keys and subusers (tabs of the user's page). Keys are
// listed without secrets; a new key's secret is shown once; an admin may reveal a
// stored secret, which the server records in the audit log. A subuser has an access
// level and (for Swift) its own key, which goes with it.
import { useState } from 'preact/hooks';
import { mutate, request, type Call } from '../../api/client';
import type { Body } from '../../api/openapi';
import { CopyButton } from '../../components/Copy';
import { Confirm, Modal } from '../../components/Dialog';
import { CheckField, FormView, SelectField, TextField, useForm } from '../../components/Form';
import { Badge } from '../../components/Health';
import { Empty } from '../../components/States';
import { useSession } from '../../lib/session';
import { SecretDialog, rgwPath } from './common';
import type { KeyType, NewRgwKey, NewSubuser, RgwKey, RgwUser, Subuser, SubuserAccess } from './types';
import { keyProblem, subuserProblem } from './values';

export const ACCESS: { value: SubuserAccess; label: string }[] = [
  { value: 'none', label: 'none — no access' },
  { value: 'read', label: 'read — read objects and lists' },
  { value: 'write', label: 'write — write objects' },
  { value: 'readwrite', label: 'readwrite — read and write' },
  { value: 'full', label: 'full — read, write and change ACLs' },
];

interface KeyValues extends Record<string, unknown> {
  type: KeyType;
  subuser: string;
  mode: 'generate' | 'given';
  access_key: string;
  secret_key: string;
}

function CreateKeyForm({ fsid, user, onDone, onCancel }: { fsid: string; user: RgwUser; onDone: (k: NewRgwKey) => void; onCancel: () => void }) {
  // A subuser has one Swift key: only those without one can get a new one.
  const subs = user.subusers.filter((x) => !user.keys.some((k) => k.type === 'swift' && k.user === x.id));
  const form = useForm<KeyValues>({ type: 's3', subuser: subs[0]?.name || '', mode: 'generate', access_key: '', secret_key: '' }, (v) => ({
    subuser: v.type === 'swift' && !v.subuser ? 'A Swift key belongs to a subuser without one.' : '',
    access_key: v.type === 's3' && v.mode === 'given' ? keyProblem(v.access_key, 'access key') : '',
    secret_key: v.mode === 'given' ? keyProblem(v.secret_key, 'secret key') : '',
  }));
  const v = form.values;
  const call = (x: KeyValues): Call => {
    const b: Body<'/api/clusters/{fsid}/rgw/users/{uid}/keys', 'POST'> = { type: x.type };
    if (x.type === 'swift') b.subuser = x.subuser;
    if (x.mode === 'given') {
      if (x.type === 's3') b.access_key = x.access_key;
      b.secret_key = x.secret_key;
    }
    return { method: 'POST', path: rgwPath(fsid, 'users', user.uid, 'keys'), body: b };
  };
  return (
    <FormView form={form} call={call} label="Create key" onDone={(o) => onDone(o.data as NewRgwKey)} onCancel={onCancel}>
      <SelectField
        form={form}
        name="type"
        label="Type"
        options={[
          { value: 's3', label: 'S3 — an access key and a secret key' },
          { value: 'swift', label: 'Swift — a secret key for a subuser' },
        ]}
      />
      {v.type === 'swift' &&
        (subs.length ? (
          <SelectField form={form} name="subuser" label="Subuser" options={subs.map((s) => ({ value: s.name, label: `${s.id} (${s.access})` }))} help="Subusers with a Swift key are not offered: a subuser has one (delete the old key first)." />
        ) : (
          <div class="img-note" role="note" data-field="subuser">
            A Swift key belongs to a subuser.{' '}
            {user.subusers.length ? (
              <>
                Every subuser of <strong>{user.uid}</strong> has one already: delete an old Swift key, or create another subuser.
              </>
            ) : (
              <>
                <strong>{user.uid}</strong> has no subusers: create one on the Subusers tab first.
              </>
            )}
          </div>
        ))}
      <SelectField
        form={form}
        name="mode"
        label="Keys"
        options={[
          { value: 'generate', label: 'Generate them (the secret is shown once)' },
          { value: 'given', label: 'Use the ones I give' },
        ]}
      />
      {v.mode === 'given' && (
        <div class="row2">
          {v.type === 's3' && <TextField form={form} name="access_key" label="Access key" />}
          <TextField form={form} name="secret_key" label="Secret key" type="password" autocomplete="new-password" />
        </div>
      )}
    </FormView>
  );
}

type KeyDialog = null | { kind: 'create' } | { kind: 'delete' | 'reveal'; key: RgwKey } | { kind: 'secret'; key: NewRgwKey; revealed: boolean };

/** The Keys tab. */
export function Keys({ fsid, user, reload }: { fsid: string; user: RgwUser; reload: () => void }) {
  const s = useSession();
  const [dialog, setDialog] = useState<KeyDialog>(null);
  const keyPath = (k: RgwKey) => rgwPath(fsid, 'users', user.uid, 'keys', k.access_key);
  return (
    <section class="card gw-section" data-card="keys">
      <div class="toolbar">
        <h2>Keys</h2>
        <div class="spacer" />
        {s.canMutate && (
          <button type="button" class="btn primary small" onClick={() => setDialog({ kind: 'create' })}>
            Create key
          </button>
        )}
      </div>
      {user.keys.length === 0 ? (
        <Empty title="No keys">
          <strong>{user.uid}</strong> cannot use S3 or Swift without a key. {s.canMutate ? 'Create one with “Create key”.' : 'An operator can create one.'}
        </Empty>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Type</th>
              <th>User</th>
              <th>Access key</th>
              <th>Secret</th>
              {s.canMutate && <th class="acts">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {user.keys.map((k) => (
              <tr data-row={k.access_key}>
                <td>
                  <Badge tone="info">{k.type === 's3' ? 'S3' : 'Swift'}</Badge>
                </td>
                <td>{k.user}</td>
                <td>
                  <code>{k.access_key}</code> <CopyButton text={k.access_key} label="Copy" />
                </td>
                <td class="muted" title="openATTIC never lists secrets">
                  {s.isAdmin ? 'hidden (reveal is audited)' : 'hidden'}
                </td>
                {s.canMutate && (
                  <td class="acts">
                    {s.isAdmin && (
                      <button type="button" class="btn small" onClick={() => setDialog({ kind: 'reveal', key: k })}>
                        Reveal secret
                      </button>
                    )}
                    <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', key: k })}>
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'create' && (
        <Modal title={`Create a key for ${user.uid}`} onClose={() => setDialog(null)}>
          <CreateKeyForm fsid={fsid} user={user} onCancel={() => setDialog(null)} onDone={(k) => (reload(), setDialog({ kind: 'secret', key: k, revealed: false }))} />
        </Modal>
      )}
      {dialog?.kind === 'secret' && (
        <SecretDialog
          title={dialog.revealed ? `Secret of key ${dialog.key.access_key}` : `New ${dialog.key.type === 's3' ? 'S3' : 'Swift'} key of ${dialog.key.user}`}
          keys={[dialog.key]}
          revealed={dialog.revealed}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <Confirm
          title={`Delete ${dialog.key.type === 's3' ? 'S3' : 'Swift'} key`}
          name={dialog.key.access_key}
          action="Delete key"
          consequence={
            <>
              Applications that use {dialog.key.type === 's3' ? 'access key' : 'the Swift key of'} <strong>{dialog.key.access_key}</strong> are refused from now
              on. The user and its buckets stay. A deleted key cannot be brought back.
            </>
          }
          onConfirm={() => mutate({ method: 'DELETE', path: keyPath(dialog.key) }, `Delete key ${dialog.key.access_key}`).then(reload)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'reveal' && (
        <Confirm
          title="Reveal a secret key"
          name={dialog.key.access_key}
          action="Reveal secret"
          consequence={
            <>
              The secret of <strong>{dialog.key.access_key}</strong> ({dialog.key.user}) is shown to you. The reveal is recorded in the audit log under your
              name: do it when a key must be handed over again, and prefer a new key when the old one may have leaked.
            </>
          }
          onConfirm={async () => {
            const r = await request<NewRgwKey>({ method: 'POST', path: `${keyPath(dialog.key)}/reveal` });
            setDialog({ kind: 'secret', key: r.data, revealed: true });
          }}
          onClose={() => setDialog((d) => (d?.kind === 'reveal' ? null : d))}
        />
      )}
    </section>
  );
}

interface SubuserValues extends Record<string, unknown> {
  name: string;
  access: SubuserAccess;
  generate_secret: boolean;
}

function CreateSubuserForm({ fsid, user, onDone, onCancel }: { fsid: string; user: RgwUser; onDone: (keys: NewRgwKey[]) => void; onCancel: () => void }) {
  const form = useForm<SubuserValues>({ name: '', access: 'read', generate_secret: true }, (v) => ({
    name: subuserProblem(v.name) || (user.subusers.some((x) => x.name === v.name) ? `${user.uid}:${v.name} exists.` : ''),
  }));
  const call = (v: SubuserValues): Call => {
    const body: Body<'/api/clusters/{fsid}/rgw/users/{uid}/subusers', 'POST'> = { ...v };
    return { method: 'POST', path: rgwPath(fsid, 'users', user.uid, 'subusers'), body };
  };
  return (
    <FormView form={form} call={call} label="Create subuser" onDone={(o) => onDone((o.data as NewSubuser | null)?.keys ?? [])} onCancel={onCancel}>
      <TextField
        form={form}
        name="name"
        label="Name"
        autoFocus
        placeholder="swift"
        help={form.values.name ? `Its id: ${user.uid}:${form.values.name}` : 'Swift clients log in as user:name.'}
      />
      <SelectField form={form} name="access" label="Access" options={ACCESS} help="What it may do with the user's buckets." />
      <CheckField form={form} name="generate_secret" label="Generate a Swift key" help="Its secret is shown once." />
    </FormView>
  );
}

function AccessForm({ fsid, user, sub, onDone, onCancel }: { fsid: string; user: RgwUser; sub: Subuser; onDone: () => void; onCancel: () => void }) {
  const form = useForm<{ access: SubuserAccess }>({ access: sub.access }, () => ({}));
  const call = (v: { access: SubuserAccess }): Call => {
    const body: Body<'/api/clusters/{fsid}/rgw/users/{uid}/subusers/{name}', 'PATCH'> = { access: v.access };
    return { method: 'PATCH', path: rgwPath(fsid, 'users', user.uid, 'subusers', sub.name), body };
  };
  return (
    <FormView form={form} call={call} label="Save access" onDone={onDone} onCancel={onCancel}>
      <SelectField form={form} name="access" label="Access" options={ACCESS} />
    </FormView>
  );
}

type SubDialog = null | { kind: 'create' } | { kind: 'secret'; keys: NewRgwKey[] } | { kind: 'access' | 'delete'; sub: Subuser };

/** The Subusers tab. */
export function Subusers({ fsid, user, reload }: { fsid: string; user: RgwUser; reload: () => void }) {
  const s = useSession();
  const [dialog, setDialog] = useState<SubDialog>(null);
  const swiftKey = (sub: Subuser) => user.keys.find((k) => k.type === 'swift' && k.user === sub.id);
  return (
    <section class="card gw-section" data-card="subusers">
      <div class="toolbar">
        <h2>Subusers</h2>
        <div class="spacer" />
        {s.canMutate && (
          <button type="button" class="btn primary small" onClick={() => setDialog({ kind: 'create' })}>
            Create subuser
          </button>
        )}
      </div>
      {user.subusers.length === 0 ? (
        <Empty title="No subusers">Subusers share the user's buckets with their own access level, typically for Swift clients.</Empty>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Subuser</th>
              <th>Access</th>
              <th>Swift key</th>
              {s.canMutate && <th class="acts">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {user.subusers.map((sub) => (
              <tr data-row={sub.id}>
                <td>
                  <strong>{sub.id}</strong>
                </td>
                <td>{sub.access}</td>
                <td>{swiftKey(sub) ? 'yes' : <span class="muted">none</span>}</td>
                {s.canMutate && (
                  <td class="acts">
                    <button type="button" class="btn small" onClick={() => setDialog({ kind: 'access', sub })}>
                      Change access
                    </button>
                    <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', sub })}>
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'create' && (
        <Modal title={`Create a subuser of ${user.uid}`} onClose={() => setDialog(null)}>
          <CreateSubuserForm
            fsid={fsid}
            user={user}
            onCancel={() => setDialog(null)}
            onDone={(keys) => (reload(), setDialog(keys.some((k) => k.secret_key) ? { kind: 'secret', keys } : null))}
          />
        </Modal>
      )}
      {dialog?.kind === 'secret' && <SecretDialog title="The new subuser's Swift key" keys={dialog.keys} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'access' && (
        <Modal title={`Access of ${dialog.sub.id}`} onClose={() => setDialog(null)}>
          <AccessForm fsid={fsid} user={user} sub={dialog.sub} onCancel={() => setDialog(null)} onDone={() => (reload(), setDialog(null))} />
        </Modal>
      )}
      {dialog?.kind === 'delete' && (
        <Confirm
          title={`Delete subuser ${dialog.sub.id}`}
          name={dialog.sub.id}
          action="Delete subuser"
          consequence={
            <>
              <strong>{dialog.sub.id}</strong> is removed{swiftKey(dialog.sub) ? ' with its Swift key' : ''}: clients logging in as it are refused from now on. The
              user's buckets stay.
            </>
          }
          onConfirm={() => mutate({ method: 'DELETE', path: rgwPath(fsid, 'users', user.uid, 'subusers', dialog.sub.name) }, `Delete subuser ${dialog.sub.id}`).then(reload)}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}
