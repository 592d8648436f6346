// components/NoteBar.tsx - the one dismissable notice above a page's content: what an
// action did (ok), what needs a look (warn), or what failed (err, read out at once).
import type { ComponentChildren } from 'preact';

export function NoteBar({ tone = 'ok', onDismiss, children }: { tone?: 'ok' | 'warn' | 'err'; onDismiss: () => void; children: ComponentChildren }) {
  return (
    <div class={`note-bar ${tone}`} role={tone === 'err' ? 'alert' : 'status'}>
      <span>{children}</span>
      <button type="button" class="icon-btn" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
