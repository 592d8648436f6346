// pages/rgw/common.tsx - what the Object Gateway pages share: their API paths and
// URLs, the page-level message when radosgw does not answer (or openATTIC has no
// admin key for it), new secret keys shown once, a row's delete task, and the delete
// confirmation that can also purge what the object holds (a user's buckets, a
// bucket's objects) as a task.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, apiPath, messageOf } from '../../api/client';
import type { Task } from '../../api/types';
import { CopyButton } from '../../components/Copy';
import { ConfirmForm, Modal, TypeName } from '../../components/Dialog';
import { Meter } from '../../components/Health';
import { ErrorBox } from '../../components/States';
import { clusterHref } from '../../lib/session';
import type { NewRgwKey } from './types';

/** /api/clusters/{fsid}/rgw/... with each segment encoded ("acme$bob" → acme%24bob). */
export const rgwPath = (fsid: string, ...rest: string[]) => apiPath('clusters', fsid, 'rgw', ...rest);
/** The console's URL of an Object Gateway page: /c/{fsid}/rgw/users/alice/keys. */
export const rgwHref = (fsid: string, ...rest: string[]) => clusterHref(fsid, 'rgw', ...rest.filter(Boolean));

/** The errors that are about the gateway as a whole, not the object asked for. */
export const rgwDown = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 503 && e.code.startsWith('rgw_');

const DOWN: Record<string, [string, ComponentChildren]> = {
  rgw_unreachable: [
    'The Object Gateway does not answer',
    <>
      openATTIC cannot reach radosgw at the endpoints configured for this cluster (<code>rgw_endpoints</code> in openattic.conf), or it did not answer
      within the timeout. Check that a radosgw daemon runs (the Daemons page lists those Ceph knows of) and that openATTIC’s host can reach its
      endpoint.
    </>,
  ],
  rgw_not_configured: [
    'The Object Gateway is not set up in openATTIC for this cluster',
    <>
      openATTIC needs the gateway’s endpoint and an admin key to manage users and buckets: set <code>rgw_endpoints</code>,{' '}
      <code>rgw_access_key</code> and <code>rgw_secret_key</code> in the cluster’s section of openattic.conf (the key of an RGW user with the caps{' '}
      <code>users=*, buckets=*, metadata=*, usage=*, zone=*</code>) and reload the service.
    </>,
  ],
  rgw_auth: [
    'The Object Gateway refuses openATTIC’s admin key',
    <>
      radosgw answered, but not to <code>rgw_access_key</code> of this cluster in openattic.conf: the key may have been removed or changed, or its user
      lacks the admin caps (<code>users=*, buckets=*, metadata=*, usage=*, zone=*</code>).
    </>,
  ],
};

/** A list's catch: a gateway that does not answer becomes the page's message (set), then the table's error. */
export const liftDown = (set: (e: unknown) => void) => (e: unknown): never => {
  if (rgwDown(e)) set(e);
  throw e;
};

/** A page-level message for a gateway that does not answer; other errors as usual. */
export function RgwProblem({ error, retry, fsid }: { error: unknown; retry?: () => void; fsid?: string }) {
  if (!rgwDown(error)) return <ErrorBox error={error} retry={retry} />;
  const [title, what] = DOWN[error.code] || ['The Object Gateway cannot be used now', null];
  return (
    <div class="state error" role="alert" data-rgw-down={error.code}>
      <strong>{title}</strong>
      {what && <div>{what}</div>}
      <div class="muted">The server said: {messageOf(error)}</div>
      <div>
        {retry && (
          <button type="button" class="btn" onClick={retry}>
            Try again
          </button>
        )}{' '}
        {fsid && <a href={rgwHref(fsid, 'daemons')}>The gateway daemons</a>}
      </div>
    </div>
  );
}

/** The plain words for the refusals the Object Gateway pages expect. */
export function rgwMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'bucket_in_use') return `${messageOf(e)} An NFS export serves this bucket: delete the export first (NFS exports page), then the bucket.`;
    if (e.code === 'bucket_not_empty') return `${messageOf(e)} Tick “also delete its objects”, or empty it first.`;
    if (e.code === 'user_has_buckets') return `${messageOf(e)} Tick “also delete its buckets”, or delete or re-own them first.`;
    if (rgwDown(e)) return `${DOWN[e.code]?.[0] || 'The Object Gateway cannot be used now'}: ${messageOf(e)}`;
  }
  return messageOf(e);
}

/** The active task of kind about `name` (a uid or a bucket) on this cluster, if any. */
export function taskOn(active: Task[], fsid: string, kind: string, name: string): Task | undefined {
  return active.find((t) => t.kind === kind && t.target && (t.target.fsid === undefined || t.target.fsid === fsid) && Object.values(t.target).includes(name));
}

/** "deleting… 40%" in a row. */
export function DeleteMeter({ task }: { task: Task | undefined }) {
  if (!task) return null;
  return (
    <div class="img-task">
      <Meter fraction={task.progress / 100} label={`deleting… ${task.state === 'queued' ? 'queued' : task.progress + '%'}`} />
    </div>
  );
}

const shq = (s: string) => "'" + s.replace(/'/g, "'\\''") + "'";

/** Secret keys just made (or revealed): shown once, each with a copy button, and a warning. */
export function SecretKeys({ keys, revealed }: { keys: NewRgwKey[]; revealed?: boolean }) {
  const shown = keys.filter((k) => k.secret_key);
  return (
    <div class="token-secret" data-secret-keys>
      <div class="warn-box" role="alert">
        {revealed ? (
          <>
            <strong>This reveal is recorded in the audit log under your name.</strong> Copy the secret now: it is not shown again without another reveal.
          </>
        ) : (
          <>
            <strong>Copy the secret {shown.length === 1 ? 'key' : 'keys'} now: {shown.length === 1 ? 'it is' : 'they are'} not shown again.</strong>{' '}
            Whoever has a secret key can act as its user. Later only an administrator can reveal a secret, and that is recorded in the audit log.
          </>
        )}
      </div>
      {shown.map((k) => {
        const env =
          k.type === 's3'
            ? `export AWS_ACCESS_KEY_ID=${shq(k.access_key)} AWS_SECRET_ACCESS_KEY=${shq(k.secret_key)}`
            : `export ST_USER=${shq(k.user)} ST_KEY=${shq(k.secret_key)}`;
        return (
          <section data-key={k.access_key}>
            <h3>
              {k.type === 's3' ? 'S3' : 'Swift'} key of {k.user}
            </h3>
            <dl class="props">
              <dt>{k.type === 's3' ? 'Access key' : 'User'}</dt>
              <dd class="secret-row">
                <code>{k.type === 's3' ? k.access_key : k.user}</code>
                <CopyButton text={k.type === 's3' ? k.access_key : k.user} label={k.type === 's3' ? 'Copy access key' : 'Copy user'} />
              </dd>
              <dt>Secret key</dt>
              <dd class="secret-row">
                <code class="secret" data-secret>
                  {k.secret_key}
                </code>
                <CopyButton text={k.secret_key} label="Copy secret key" />
              </dd>
            </dl>
            <p class="help">{k.type === 's3' ? 'For the AWS CLI and SDKs (with --endpoint-url of the gateway):' : 'For the swift client (with ST_AUTH, the gateway’s /auth/1.0):'}</p>
            <div class="snippet">
              <pre>{env}</pre>
              <CopyButton text={env} label="Copy" />
            </div>
          </section>
        );
      })}
    </div>
  );
}

/** SecretKeys in a dialog that forgets them when closed. */
export function SecretDialog({ title, keys, revealed, onClose }: { title: string; keys: NewRgwKey[]; revealed?: boolean; onClose: () => void }) {
  return (
    <Modal title={title} onClose={onClose} wide>
      <SecretKeys keys={keys} revealed={revealed} />
      <div class="actions">
        <button type="button" class="btn primary" onClick={onClose}>
          I have copied it
        </button>
      </div>
    </Modal>
  );
}

export interface PurgeConfirmProps {
  title: string;
  /** the object's name, typed to confirm a purge */
  name: string;
  /** what goes without the purge */
  consequence: ComponentChildren;
  /** the purge checkbox's words; no checkbox when null (nothing to purge) */
  purge: ComponentChildren | null;
  /** there is something to purge for sure: no delete without the box ticked */
  purgeRequired?: boolean;
  /** why it cannot be deleted now (an NFS export serves the bucket): no delete button */
  blocked?: ComponentChildren;
  action: string;
  onConfirm: (purge: boolean) => Promise<unknown>;
  onClose: () => void;
}

/**
 * Delete, or delete with what it holds (a task). A purge wants the name typed: the
 * data cannot be brought back. With purgeRequired, only the purge is offered.
 */
export function PurgeConfirm(p: PurgeConfirmProps) {
  const [purge, setPurge] = useState(false);
  const [typed, setTyped] = useState('');
  return (
    <ConfirmForm
      title={p.title}
      action={p.action}
      ready={purge ? typed === p.name : !p.purgeRequired}
      blocked={Boolean(p.blocked)}
      message={rgwMessage}
      onConfirm={() => p.onConfirm(purge)}
      onClose={p.onClose}
    >
      <p class="danger-text">{p.consequence}</p>
      {p.blocked && (
        <div class="img-note" role="note">
          {p.blocked}
        </div>
      )}
      {!p.blocked && p.purge !== null && (
        <div class="img-force">
          <label class="inline">
            <input type="checkbox" name="purge" checked={purge} onChange={(e) => setPurge((e.target as HTMLInputElement).checked)} /> {p.purge}
          </label>
          {purge && <TypeName name={p.name} typed={typed} onInput={setTyped} />}
        </div>
      )}
    </ConfirmForm>
  );
}
