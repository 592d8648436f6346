// components/Health.tsx - health and state badges: colour and word together, never
// colour alone (OK green, WARN amber, ERR red).

const WORDS: Record<string, [string, string]> = {
  HEALTH_OK: ['ok', 'OK'],
  HEALTH_WARN: ['warn', 'Warning'],
  HEALTH_ERR: ['err', 'Error'],
  UNREACHABLE: ['err', 'Unreachable'],
};

export function HealthBadge({ health }: { health: string | null | undefined }) {
  const [cls, word] = WORDS[health || ''] || ['unknown', health ? health.replace(/^HEALTH_/, '').toLowerCase() : 'unknown'];
  return (
    <span class={`badge ${cls}`} title={health || 'unknown'}>
      {word}
    </span>
  );
}

/** A state word with its colour: tone is ok, warn, err, info or muted. */
export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'err' | 'info' | 'muted'; children: string }) {
  return <span class={`badge ${tone}`}>{children}</span>;
}

/** A 0..1 fraction as a bar with its number (capacity, progress). */
export function Meter({ fraction, label }: { fraction: number; label?: string }) {
  const f = Math.max(0, Math.min(1, isFinite(fraction) ? fraction : 0));
  const tone = f >= 0.85 ? 'err' : f >= 0.7 ? 'warn' : 'ok';
  const text = label ?? `${(f * 100).toFixed(1).replace(/\.0$/, '')}%`;
  return (
    <span class="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(f * 100)} aria-label={text}>
      <span class={`meter-fill ${tone}`} style={{ width: `${f * 100}%` }} />
      <span class="meter-text">{text}</span>
    </span>
  );
}
