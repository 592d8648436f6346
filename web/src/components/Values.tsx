// components/Values.tsx - sizes and times as people read them, the exact value on
// hover: <Size bytes={n}/>, <Time at={iso}/>.
import { absTime, bytes, exactBytes, relTime } from '../lib/format';

export function Size({ bytes: n }: { bytes: number | null | undefined }) {
  return <span title={exactBytes(n)}>{bytes(n)}</span>;
}

export function Time({ at }: { at: string | null | undefined }) {
  if (!at) return <span class="muted">—</span>;
  return (
    <time dateTime={at} title={absTime(at)}>
      {relTime(at)}
    </time>
  );
}
