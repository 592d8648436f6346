// pages/nfs/dirpicker.tsx - a small browser of a file system's directories for the
// export form's CephFS path: where it is (each parent a button), the directories in it
// (GET .../cephfs/{fs}/dirs?path=, directories only), "Use this directory". A path
// that is gone, or an MDS that is not active, is said in words; the path can always be
// typed instead.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiPath, list, messageOf } from '../../api/client';
import type { DirEntry } from './types';

const SHOWN = 300;

/** "/a/b" → ["/", "/a", "/a/b"]. */
export function parents(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return ['/', ...parts.map((_, i) => '/' + parts.slice(0, i + 1).join('/'))];
}

function problem(e: unknown, at: string): string {
  if (e instanceof ApiError) {
    if (e.code === 'mds_unavailable') return 'The file system has no active MDS now, so its directories cannot be read. Type the path instead.';
    if (e.code === 'path_not_found') return `There is no directory ${at}.`;
    if (e.code === 'not_a_directory') return `${at} is not a directory.`;
    if (e.status === 404) return 'This openATTIC cannot read directories. Type the path instead.';
  }
  return messageOf(e);
}

export function DirPicker({ fsid, fs, start, onPick, onClose }: { fsid: string; fs: string; start: string; onPick: (path: string) => void; onClose: () => void }) {
  const [at, setAt] = useState(start || '/');
  const [got, setGot] = useState<{ at: string; dirs: DirEntry[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const head = useRef<HTMLElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    list<DirEntry>(apiPath('clusters', fsid, 'cephfs', fs, 'dirs'), { path: at, limit: SHOWN, sort: 'name' }, ac.signal)
      .then((r) => {
        setGot({ at, dirs: r.items.filter((d) => d.type === 'dir'), total: r.total });
        if (moved.current) head.current?.focus();
      })
      .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [fsid, fs, at]);
  const go = (p: string) => {
    moved.current = true;
    setAt(p);
  };
  const up = parents(at);
  return (
    <div class="gw-row" data-dirpicker={fs} role="group" aria-label={`Directories of ${fs}`}>
      <div class="secret-row">
        <strong ref={head} tabIndex={-1}>
          {fs}:
        </strong>
        <nav aria-label="Where" class="gw-tags">
          {up.map((p, i) => (
            <>
              {i > 1 && <span aria-hidden="true">/</span>}
              <button type="button" class="chip" aria-current={p === at ? 'location' : undefined} onClick={() => go(p)}>
                {p === '/' ? '/' : p.slice(p.lastIndexOf('/') + 1)}
              </button>
            </>
          ))}
        </nav>
      </div>
      {error !== null ? (
        <div class="field-error" role="alert">
          {problem(error, at)}{' '}
          {at !== '/' && (
            <button type="button" class="btn small" onClick={() => go(up[up.length - 2] || '/')}>
              Go up
            </button>
          )}
        </div>
      ) : !got || got.at !== at ? (
        <p class="muted" role="status">
          Reading {at}…
        </p>
      ) : got.dirs.length === 0 ? (
        <p class="muted">No directories in {at}.</p>
      ) : (
        <>
          <p class="help">Open a directory:</p>
          <div class="gw-tags" data-dirs>
            {got.dirs.map((d) => (
              <button type="button" class="chip" data-dir={d.name} onClick={() => go(d.path || (at === '/' ? '' : at) + '/' + d.name)}>
                {d.name}/
              </button>
            ))}
          </div>
          {got.total > SHOWN && <p class="help">The first {SHOWN} entries of {got.total.toLocaleString('en-US')} are shown; type a path below them.</p>}
        </>
      )}
      <div class="actions">
        <button type="button" class="btn small" onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="btn small primary" disabled={error !== null} onClick={() => onPick(at)}>
          Use {at}
        </button>
      </div>
    </div>
  );
}
