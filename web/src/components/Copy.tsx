// components/Copy.tsx - a copy-to-clipboard button that says it worked. Without the
// clipboard API (plain http on another host) it selects the text for Ctrl+C instead.
import { useState } from 'preact/hooks';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('Copied');
    } catch {
      setDone('Press Ctrl+C');
      const pre = document.activeElement?.parentElement?.querySelector('pre, code');
      if (pre) getSelection()?.selectAllChildren(pre);
    }
    setTimeout(() => setDone(''), 2500);
  };
  return (
    <button type="button" class="btn small" onClick={copy} aria-live="polite">
      {done || label}
    </button>
  );
}
