// components/States.tsx - what a view shows while it loads, when it is empty and
// when it failed: never a blank area, never raw JSON.
import type { ComponentChildren } from 'preact';
import { ApiError, messageOf } from '../api/client';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div class="state loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state empty">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}

/** An error with what to do about it; retry re-runs the failed load. */
export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  const e = error instanceof ApiError ? error : null;
  const hint =
    e?.status === 503 || e?.code === 'server_unavailable'
      ? 'A backend (Ceph, Salt or the database) is not answering. It may be back in a moment.'
      : e?.status === 403
        ? 'Your role does not allow this.'
        : e?.status === 404
          ? 'It may have been deleted or renamed.'
          : '';
  return (
    <div class="state error" role="alert">
      <strong>{messageOf(error)}</strong>
      {hint && <div>{hint}</div>}
      {retry && (
        <button type="button" class="btn" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
