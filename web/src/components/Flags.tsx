// components/Flags.tsx - the cluster-wide OSD flags editor: one checkbox per flag with
// what it does, the dangerous ones said in words, the current set, and a Save that PUTs
// the whole wanted set; read-only for viewers. The body of the flags page and of the
// OSDs page's "Cluster flags" dialog.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, get, type Outcome } from '../api/client';
import type { FlagsState } from '../api/types';
import { FLAGS, FLAG_NAMES, flagChanges, flagInfo, flagsBody } from '../lib/flags';
import { FieldShell, FormView, useForm } from './Form';
import { Badge } from './Health';
import { ErrorBox, Loading } from './States';

/** The flags set now, as badges (dangerous ones red), or a word that none are. */
export function CurrentFlags({ flags, label = 'Set now:' }: { flags: string[]; label?: string }) {
  return (
    <p class="flags-now" data-flags-now={flags.join(' ')}>
      <span class="muted">{label}</span>{' '}
      {flags.length === 0 ? (
        <Badge tone="ok">none</Badge>
      ) : (
        flags.map((f) => (
          <>
            <Badge tone={flagInfo(f)?.danger ? 'err' : 'warn'}>{f}</Badge>{' '}
          </>
        ))
      )}
    </p>
  );
}

function list(names: string[]): string {
  return names.length <= 1 ? names.join('') : names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
}

interface Values extends Record<string, unknown> {
  flags: string[];
}

function FlagsForm(p: { fsid: string; current: string[]; onDone: (o: Outcome<unknown>) => void; onCancel?: () => void }) {
  const form = useForm<Values>({ flags: p.current }, () => ({}));
  const wanted = form.values.flags;
  const ch = flagChanges(p.current, wanted);
  const toggle = (f: string, on: boolean) => form.set('flags', on ? [...wanted, f] : wanted.filter((x) => x !== f));
  const dangerous = ch.set.filter((f) => flagInfo(f)?.danger);
  return (
    <FormView
      form={form}
      call={(v) => ({ method: 'PUT', path: apiPath('clusters', p.fsid, 'flags'), body: flagsBody(v.flags) })}
      label="Save flags"
      onDone={p.onDone}
      onCancel={p.onCancel}
    >
      <FieldShell name="flags" class="field flag-list" error={form.errorOf('flags')} group>
        <legend class="sr-only">Cluster flags</legend>
        <ul>
          {FLAGS.map((f) => (
            <li class={wanted.includes(f.name) ? 'flag-row on' : 'flag-row'} data-flag={f.name}>
              <input
                type="checkbox"
                id={`flag-${f.name}`}
                name="flags"
                value={f.name}
                checked={wanted.includes(f.name)}
                aria-describedby={`flag-${f.name}-d`}
                onChange={(e) => toggle(f.name, (e.target as HTMLInputElement).checked)}
              />
              <div>
                <label for={`flag-${f.name}`}>
                  <code>{f.name}</code>
                </label>
                {f.danger && (
                  <>
                    {' '}
                    <Badge tone="err">{`Dangerous: ${f.danger}`}</Badge>
                  </>
                )}
                <div class="help" id={`flag-${f.name}-d`}>
                  {f.text}
                </div>
              </div>
            </li>
          ))}
        </ul>
      </FieldShell>
      <p class="flag-changes" aria-live="polite">
        {ch.set.length === 0 && ch.clear.length === 0 ? (
          <span class="muted">No changes yet.</span>
        ) : (
          <>
            Saving will {ch.set.length > 0 && <>set <strong>{list(ch.set)}</strong></>}
            {ch.set.length > 0 && ch.clear.length > 0 && ' and '}
            {ch.clear.length > 0 && <>clear <strong>{list(ch.clear)}</strong></>}.
            {dangerous.length > 0 && (
              <span class="danger-note">
                {' '}
                Careful: {dangerous.map((f) => `${f} ${flagInfo(f)!.danger}`).join('; ')}.
              </span>
            )}
          </>
        )}
      </p>
    </FormView>
  );
}

function ReadOnlyFlags({ current }: { current: string[] }) {
  return (
    <ul class="flag-list read-only">
      {FLAGS.map((f) => (
        <li class="flag-row" data-flag={f.name}>
          <Badge tone={current.includes(f.name) ? (f.danger ? 'err' : 'warn') : 'muted'}>{current.includes(f.name) ? 'set' : 'not set'}</Badge>
          <div>
            <code>{f.name}</code>
            {f.danger && (
              <>
                {' '}
                <Badge tone="err">{`Dangerous: ${f.danger}`}</Badge>
              </>
            )}
            <div class="help">{f.text}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}

/**
 * The flags of cluster fsid: loads them, shows them, and (unless readOnly) edits
 * them. onSaved gets the set the server answered with after a save.
 */
export function FlagsEditor(p: { fsid: string; readOnly: boolean; onSaved?: (flags: string[]) => void; onCancel?: () => void }) {
  const [current, setCurrent] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [saved, setSaved] = useState(0);
  useEffect(() => {
    get<FlagsState>(apiPath('clusters', p.fsid, 'flags'))
      .then((r) => (setCurrent(r.flags), setError(null)))
      .catch(setError);
  }, [p.fsid, tick]);
  if (error !== null) return <ErrorBox error={error} retry={() => setTick((x) => x + 1)} />;
  if (!current) return <Loading what="Loading flags" />;
  const done = (o: Outcome<unknown>) => {
    const now = ((o.data as FlagsState | null)?.flags || []).filter((f) => FLAG_NAMES.includes(f));
    setCurrent(now);
    setSaved((x) => x + 1);
    p.onSaved?.(now);
  };
  return (
    <div class="flags-editor">
      <CurrentFlags flags={current} />
      {saved > 0 && (
        <p class="note-bar ok" role="status">
          Saved.
        </p>
      )}
      {p.readOnly ? (
        <ReadOnlyFlags current={current} />
      ) : (
        <FlagsForm key={`${saved}:${current.join(',')}`} fsid={p.fsid} current={current} onDone={done} onCancel={p.onCancel} />
      )}
    </div>
  );
}
