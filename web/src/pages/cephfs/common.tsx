// pages/cephfs/common.tsx - what the CephFS pages share: their API paths and URLs,
// state badges (colour and word), the page-level message when a file system has no
// active MDS (503 mds_unavailable: its directories, clients and subvolumes cannot be
// read), the plain words for the refusals the pages expect, a table's catch that lifts
// that message to the page, and the small size-with-unit input of the forms.
import type { ComponentChildren } from 'preact';
import { ApiError, apiPath, list, messageOf, patiently, type Query } from '../../api/client';
import { Field, type FormState } from '../../components/Form';
import { Badge } from '../../components/Health';
import { ErrorBox } from '../../components/States';
import { clusterHref } from '../../lib/session';
import { SIZE_UNITS, fsStateHelp, fsStateWords, mdsStateWords } from './values';

/** /api/clusters/{fsid}/cephfs/... with each segment encoded. */
export const fsPath = (fsid: string, ...rest: string[]) => apiPath('clusters', fsid, 'cephfs', ...rest);
/** The console's URL of a CephFS page: /c/{fsid}/cephfs/{fs}/{tab}. */
export const fsHref = (fsid: string, ...rest: string[]) => clusterHref(fsid, 'cephfs', ...rest.filter(Boolean));
/** A URL with a query: withQuery('/x', {path: '/a'}) = '/x?path=%2Fa' (empty values left out). */
export function withQuery(href: string, q: Record<string, string | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) u.set(k, v);
  const s = u.toString();
  return s ? `${href}?${s}` : href;
}

export function FsStateBadge({ state }: { state: string }) {
  const [tone, words] = fsStateWords(state);
  return (
    <span title={fsStateHelp(state) || undefined}>
      <Badge tone={tone}>{words}</Badge>
    </span>
  );
}

export function MdsBadge({ state }: { state: string }) {
  const [tone, words] = mdsStateWords(state);
  return <Badge tone={tone}>{words}</Badge>;
}

/** GET one page of a list, patiently. */
export const listOf = <T,>(path: string, query: Query, signal?: AbortSignal) => patiently(() => list<T>(path, query, signal), signal);

/** The file system has no active MDS (or it did not answer): the page's message, not a table's. */
export const mdsDown = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 503 && e.code === 'mds_unavailable';

/** A list's catch: an MDS that does not answer becomes the page's message (set), then the table's error. */
export const liftDown = (set: (e: unknown) => void) => (e: unknown): never => {
  if (mdsDown(e)) set(e);
  throw e;
};

/** The page-level message for a file system without an active MDS; other errors as usual. */
export function MdsProblem({ error, fs, fsid, retry }: { error: unknown; fs: string; fsid: string; retry?: () => void }) {
  if (!mdsDown(error)) return <ErrorBox error={error} retry={retry} />;
  return (
    <div class="state error" role="alert" data-mds-down={fs}>
      <strong>File system {fs} has no active MDS</strong>
      <div>
        Its directories, clients and subvolumes are kept by a metadata server (MDS), and none is active for it now: its MDS daemons are stopped, failed,
        or still taking over. Clients that mount it wait until one is. Start an MDS daemon, or see why its rank is not active on the overview.
      </div>
      <div class="muted">The server said: {messageOf(error)}</div>
      <div>
        {retry && (
          <button type="button" class="btn" onClick={retry}>
            Try again
          </button>
        )}{' '}
        <a href={fsHref(fsid, fs)}>The file system’s MDS daemons</a>
      </div>
    </div>
  );
}

/** The plain words for the refusals the CephFS pages expect. */
export function fsMessage(e: unknown): string {
  if (e instanceof ApiError) {
    const m = messageOf(e);
    switch (e.code) {
      case 'dir_not_empty':
        return `${m} Only an empty directory is deleted here: remove what it holds (and its snapshots, which count as content) from a client that mounts the file system, then delete it.`;
      case 'fs_in_use':
        return /NFS export/i.test(e.message)
          ? `${m} An NFS export serves this file system: delete the export first (NFS exports page).`
          : `${m} Evict the clients on the Clients tab, or tick “Delete it although clients use it”.`;
      case 'group_not_empty':
        return `${m} A group is deleted once its subvolumes are.`;
      case 'subvolume_has_snapshots':
        return `${m} Its snapshots are listed below the subvolume.`;
      case 'snapshot_busy':
        return `${m} Wait for its clones to finish.`;
      case 'mds_unavailable':
        return `${m} The file system has no active MDS now; try again once one is.`;
    }
  }
  return messageOf(e);
}

/** A size field: the amount and its unit side by side (values name and unit), empty for none. */
export function SizeField<V extends Record<string, unknown>>(p: {
  form: FormState<V>;
  name: keyof V & string;
  unit: keyof V & string;
  label: string;
  help?: ComponentChildren;
  placeholder?: string;
}) {
  const err = p.form.errorOf(p.name);
  return (
    <Field form={p.form} name={p.name} label={p.label} help={p.help}>
      <div class="secret-row">
        <input
          id={`f-${p.name}`}
          name={p.name}
          type="text"
          inputMode="decimal"
          autocomplete="off"
          placeholder={p.placeholder || 'no limit'}
          value={String(p.form.values[p.name] ?? '')}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `e-${p.name}` : p.help ? `h-${p.name}` : undefined}
          onInput={(e) => p.form.set(p.name, (e.target as HTMLInputElement).value as V[typeof p.name])}
          onBlur={() => p.form.touch(p.name)}
        />
        <select
          name={p.unit}
          aria-label={`Unit of ${p.label.toLowerCase()}`}
          value={String(p.form.values[p.unit])}
          onChange={(e) => p.form.set(p.unit, (e.target as HTMLSelectElement).value as V[typeof p.unit])}
        >
          {SIZE_UNITS.map((u) => (
            <option value={u}>{u === 'B' ? 'bytes' : u}</option>
          ))}
        </select>
      </div>
    </Field>
  );
}
