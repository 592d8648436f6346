// pages/nfs/pickers.tsx - what the export form picks instead of typing. FSAL RGW: the
// Object Gateway's users (a search when there are more than one page) and the picked
// user's buckets; the keys come from the gateway unless entered by hand. A gateway
// that cannot list its users (no admin key in openATTIC: 503 rgw_not_configured, or it
// does not answer) leaves typed fields, keys included. FSAL CEPH: the file systems,
// and the path typed or browsed (dirpicker.tsx).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiPath, list, messageOf, patiently, sentence } from '../../api/client';
import { CheckField, Field, FieldShell, TextField, type FormState, type Option } from '../../components/Form';
import { clusterHref } from '../../lib/session';
import { DirPicker } from './dirpicker';
import type { Export, FileSystemLite, GatewayBucket, GatewayUser } from './types';
import type { ExportValues } from './values';

/** Users read at once; more are found by the search. */
const USERS = 200;

/** A labelled select named as the API's field, with its error or help. */
export function Pick(p: {
  name: string;
  label: string;
  value: string;
  options: Option[];
  error: string;
  help?: ComponentChildren;
  disabled?: boolean;
  onChange: (v: string) => void;
  onBlur?: () => void;
}) {
  return (
    <FieldShell name={p.name} class="field" error={p.error} help={p.help}>
      <label class="label" for={`f-${p.name}`}>
        {p.label}
      </label>
      <select
        id={`f-${p.name}`}
        name={p.name}
        value={p.value}
        disabled={p.disabled}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `e-${p.name}` : p.help ? `h-${p.name}` : undefined}
        onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}
        onBlur={p.onBlur}
      >
        {p.options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    </FieldShell>
  );
}

/** The gateway's users for the picker: the first page by uid, or those a search finds. */
export function useGatewayUsers(fsid: string, on: boolean) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [got, setGot] = useState<{ users: GatewayUser[] | null; total: number; error: unknown; q: string }>({ users: null, total: 0, error: null, q: '' });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    if (!on) return;
    const ac = new AbortController();
    patiently(() => list<GatewayUser>(apiPath('clusters', fsid, 'rgw', 'users'), { limit: USERS, sort: 'uid', search: q }, ac.signal), ac.signal)
      .then((r) => setGot({ users: r.items, total: r.total, error: null, q }))
      .catch((e) => (e as Error).name !== 'AbortError' && setGot((g) => ({ ...g, error: e, q })));
    return () => ac.abort();
  }, [fsid, on, q]);
  const find = (s: string) => {
    setSearch(s);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setQ(s.trim()), 300);
  };
  // The first read failed: the gateway cannot list (a failed search is only the search's).
  const down = got.error !== null && got.users === null ? got.error : null;
  return { users: got.users, total: got.total, error: got.error, down, search, find, searched: got.q !== '' };
}

export type GatewayUsers = ReturnType<typeof useGatewayUsers>;

/** The buckets of owner, when there is one. */
function useOwnerBuckets(fsid: string, owner: string) {
  const [got, setGot] = useState<{ owner: string; buckets: GatewayBucket[] | null; error: unknown }>({ owner: '', buckets: null, error: null });
  useEffect(() => {
    if (!owner) return;
    const ac = new AbortController();
    setGot({ owner, buckets: null, error: null });
    patiently(() => list<GatewayBucket>(apiPath('clusters', fsid, 'rgw', 'buckets'), { owner, limit: 1000, sort: 'name' }, ac.signal), ac.signal)
      .then((r) => setGot({ owner, buckets: r.items, error: null }))
      .catch((e) => (e as Error).name !== 'AbortError' && setGot({ owner, buckets: null, error: e }));
    return () => ac.abort();
  }, [fsid, owner]);
  return got.owner === owner ? got : { owner, buckets: null, error: null };
}

/** The file systems of the cluster, for FSAL CEPH (null until read; [] when none or unreadable). */
export function useFileSystems(fsid: string, on: boolean) {
  const [got, setGot] = useState<{ fss: FileSystemLite[] | null; error: unknown }>({ fss: null, error: null });
  useEffect(() => {
    if (!on || got.fss) return;
    const ac = new AbortController();
    list<FileSystemLite>(apiPath('clusters', fsid, 'cephfs'), { limit: 100, sort: 'name' }, ac.signal)
      .then((r) => setGot({ fss: r.items, error: null }))
      .catch((e) => (e as Error).name !== 'AbortError' && setGot({ fss: [], error: e }));
    return () => ac.abort();
  }, [fsid, on]);
  return got;
}

/** Why the gateway's lists cannot be used, in words. */
function DownNote({ error }: { error: unknown }) {
  const code = error instanceof ApiError ? error.code : '';
  return (
    <div class="img-note" role="note" data-rgw-down={code || 'error'}>
      {code === 'rgw_not_configured' ? (
        <>
          openATTIC has no admin key for this cluster’s Object Gateway, so it cannot list the users and buckets or read a user’s keys: type the user, the
          bucket and the user’s S3 keys.
        </>
      ) : (
        <>
          The Object Gateway’s users cannot be listed now ({messageOf(error)}): type the user, the bucket and the user’s S3 keys.
        </>
      )}
    </div>
  );
}

function KeyFields({ form, orig }: { form: FormState<ExportValues>; orig?: Export }) {
  const keepSecret = orig?.fsal.name === 'RGW' && orig.fsal.secret_access_key_set;
  return (
    <div class="row2">
      <TextField form={form} name="fsal.access_key_id" label="Access key" help="The user's S3 access key." />
      <TextField
        form={form}
        name="fsal.secret_access_key"
        label="Secret key"
        type="password"
        autocomplete="new-password"
        placeholder={keepSecret ? 'unchanged' : ''}
        help={keepSecret ? 'A secret is stored. Leave this empty to keep it, or type a new one.' : "The user's S3 secret key; it is never shown again."}
      />
    </div>
  );
}

/** FSAL RGW: user and bucket picked from the gateway (typed when it cannot list), keys from it or by hand. */
export function RgwFields({ fsid, form, orig, users }: { fsid: string; form: FormState<ExportValues>; orig?: Export; users: GatewayUsers }) {
  const v = form.values;
  const se = form.serverError;
  const uid = v['fsal.user_id'];
  const picking = !users.down;
  const { buckets, error: bucketsError } = useOwnerBuckets(fsid, picking ? uid : '');
  // A user with one bucket: that is the one.
  useEffect(() => {
    if (buckets && buckets.length === 1 && !v.path) form.set('path', buckets[0].name);
  }, [buckets]);
  if (!picking)
    return (
      <>
        <DownNote error={users.down} />
        {se?.field === 'fsal.bucket' && (
          <div class="form-error" role="alert">
            {sentence(se.message)}
          </div>
        )}
        <div class="row2">
          <TextField form={form} name="fsal.user_id" label="RGW user" help="The object gateway user that owns the bucket." />
          <TextField form={form} name="path" label="Bucket" help="The bucket to export." />
        </div>
        <KeyFields form={form} orig={orig} />
      </>
    );

  const user = users.users?.find((u) => u.uid === uid);
  const userOptions: Option[] = users.users
    ? users.users.map((u) => ({ value: u.uid, label: u.display_name && u.display_name !== u.uid ? `${u.uid} — ${u.display_name}` : u.uid }))
    : [];
  if (uid && !user) userOptions.unshift({ value: uid, label: uid });
  userOptions.unshift({ value: '', label: users.users ? (users.users.length ? 'Pick a user' : users.searched ? 'No user matches' : 'The gateway has no users') : 'Loading the users…' });
  const bucketOptions: Option[] = (buckets || []).map((b) => ({ value: b.name, label: b.name }));
  if (v.path && !bucketOptions.some((o) => o.value === v.path)) bucketOptions.unshift({ value: v.path, label: v.path });
  bucketOptions.unshift({
    value: '',
    label: !uid ? 'Pick the user first' : buckets ? (buckets.length ? 'Pick a bucket' : `${uid} owns no buckets`) : bucketsError ? 'The buckets cannot be listed' : 'Loading the buckets…',
  });
  const bucketError = se?.field === 'fsal.bucket' ? sentence(se.message) : form.errorOf('path');
  const many = users.total > (users.users?.length || 0) || users.searched || users.search !== '';
  const stored = orig?.fsal.name === 'RGW' && orig.fsal.access_key_id ? orig.fsal.access_key_id : '';
  const keyBlamed = se && !v.manual_keys && (se.field === 'fsal.access_key_id' || se.field === 'fsal.secret_access_key');
  return (
    <>
      {many && (
        <div class="field" data-field="user-search">
          <label class="label" for="f-user-search">
            Find a user
          </label>
          <input
            id="f-user-search"
            type="search"
            autocomplete="off"
            spellcheck={false}
            placeholder="part of the id, name or e-mail"
            value={users.search}
            onInput={(e) => users.find((e.target as HTMLInputElement).value)}
          />
          <div class="help">
            {users.error !== null && users.searched
              ? messageOf(users.error)
              : users.users
                ? `${users.total.toLocaleString('en-US')} ${users.searched ? 'match' : 'users'}${users.total > users.users.length ? `; the first ${users.users.length} are offered` : ''}.`
                : ''}
          </div>
        </div>
      )}
      <div class="row2">
        <Pick
          name="fsal.user_id"
          label="RGW user"
          value={uid}
          options={userOptions}
          error={form.errorOf('fsal.user_id')}
          disabled={!users.users}
          help={
            user?.suspended ? (
              <>
                <strong>{uid} is suspended:</strong> the gateway refuses its requests, so the export will not work until it is enabled.
              </>
            ) : (
              'The Object Gateway user whose bucket is exported.'
            )
          }
          onChange={(x) => {
            form.set('fsal.user_id', x);
            form.set('path', '');
            if (se?.field === 'fsal.bucket') form.setServerError(null);
          }}
          onBlur={() => form.touch('fsal.user_id')}
        />
        <Pick
          name="path"
          label="Bucket"
          value={v.path}
          options={bucketOptions}
          error={bucketError}
          disabled={!uid || !buckets}
          help={
            buckets && uid && !buckets.length ? (
              <>
                Create a bucket for {uid} on the <a href={`${clusterHref(fsid, 'rgw', 'buckets')}?owner=${encodeURIComponent(uid)}`}>Buckets</a> page first.
              </>
            ) : bucketsError ? (
              messageOf(bucketsError)
            ) : (
              'One of the user’s buckets.'
            )
          }
          onChange={(x) => {
            form.set('path', x);
            if (se?.field === 'fsal.bucket') form.setServerError(null);
          }}
          onBlur={() => form.touch('path')}
        />
      </div>
      <CheckField
        form={form}
        name="manual_keys"
        label="Enter the S3 keys by hand"
        help={
          v.manual_keys
            ? stored
              ? `The export keeps its stored key ${stored} (and its secret, unless you type a new one). Untick to use the user's S3 key from the Object Gateway.`
              : 'Type an S3 key of the user for Ganesha to use.'
            : "Off: Ganesha uses the user's first S3 key, which openATTIC reads from the Object Gateway when saving."
        }
      />
      {keyBlamed && (
        <div class="form-error" role="alert">
          {sentence(se!.message)}
        </div>
      )}
      {v.manual_keys && <KeyFields form={form} orig={orig} />}
    </>
  );
}

/** FSAL CEPH: the file system picked from the cluster's (typed when none can be read), the path typed or browsed. */
export function CephFields({ fsid, form, fss }: { fsid: string; form: FormState<ExportValues>; fss: { fss: FileSystemLite[] | null; error: unknown } }) {
  const v = form.values;
  const [browsing, setBrowsing] = useState(false);
  const pathInput = useRef<HTMLInputElement>(null);
  // The browser goes away: the keyboard goes back to the path.
  const doneBrowsing = () => {
    setBrowsing(false);
    setTimeout(() => pathInput.current?.focus());
  };
  const list = fss.fss || [];
  const fsName = v['fsal.fs_name'];
  const browseFs = fsName || (list.length === 1 ? list[0].name : '');
  const fsOptions: Option[] = [
    { value: '', label: list.length === 1 ? `The default file system (${list[0].name})` : 'The default file system' },
    ...list.map((f) => ({ value: f.name, label: f.state === 'active' ? f.name : `${f.name} (${f.state.replace('_', ' ')})` })),
  ];
  if (fsName && !list.some((f) => f.name === fsName)) fsOptions.push({ value: fsName, label: `${fsName} (not found now)` });
  const pathErr = form.errorOf('path');
  const canBrowse = Boolean(browseFs) && list.some((f) => f.name === browseFs);
  return (
    <>
      <div class="row2">
        {list.length ? (
          <Pick
            name="fsal.fs_name"
            label="File system"
            value={fsName}
            options={fsOptions}
            error={form.errorOf('fsal.fs_name')}
            help="The CephFS file system to export from; the default one when none is named."
            onChange={(x) => (form.set('fsal.fs_name', x), setBrowsing(false))}
          />
        ) : (
          <TextField
            form={form}
            name="fsal.fs_name"
            label="File system"
            placeholder="the default file system"
            help={fss.fss ? (fss.error ? "The CephFS file system's name; empty for the default one." : 'This cluster has no CephFS file system yet.') : 'Reading the file systems…'}
          />
        )}
        <TextField form={form} name="fsal.user_id" label="Ceph user" help="The cephx user Ganesha connects as (without client.)." />
      </div>
      <Field form={form} name="path" label="CephFS path" help="The directory of the file system to export (absolute): type it, or browse for it.">
        <div class="secret-row">
          <input
            ref={pathInput}
            id="f-path"
            name="path"
            type="text"
            autocomplete="off"
            spellcheck={false}
            placeholder="/volumes/share1"
            style={{ flex: 1 }}
            value={v.path}
            aria-invalid={pathErr ? true : undefined}
            aria-describedby={pathErr ? 'e-path' : 'h-path'}
            onInput={(e) => form.set('path', (e.target as HTMLInputElement).value)}
            onBlur={() => form.touch('path')}
          />
          <button
            type="button"
            class="btn small"
            aria-expanded={browsing}
            disabled={!canBrowse}
            title={canBrowse ? `Browse the directories of ${browseFs}` : list.length > 1 ? 'Pick a file system to browse it' : 'No file system to browse'}
            onClick={() => setBrowsing(!browsing)}
          >
            {browsing ? 'Close browser' : 'Browse…'}
          </button>
        </div>
      </Field>
      {browsing && canBrowse && (
        <DirPicker
          fsid={fsid}
          fs={browseFs}
          start={v.path.startsWith('/') ? v.path : '/'}
          onPick={(p) => (form.set('path', p), doneBrowsing())}
          onClose={doneBrowsing}
        />
      )}
    </>
  );
}
