// pages/config/edit.tsx - one option in a dialog: what it does (the cluster's own
// description, type, default, bounds, allowed values, who reads it, whether a change
// needs a restart), its values per section with a remove each, and a form that sets a
// value for a section, its control chosen by the type (a list for allowed values and
// booleans, a number field for numbers) and checked as you type.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, get, mutate } from '../../api/client';
import type { Body } from '../../api/openapi';
import { Confirm, Modal } from '../../components/Dialog';
import { FormView, NumberField, SelectField, TextField, useForm } from '../../components/Form';
import { Badge } from '../../components/Health';
import { ErrorBox, Loading } from '../../components/States';
import type { ConfigOptionDetail, ConfigValue } from './types';
import { SECTIONS, boundsText, defaultText, levelWord, sectionProblem, valueProblem, whereText } from './values';

const optPath = (fsid: string, name: string) => apiPath('clusters', fsid, 'config', name);

function About({ o }: { o: ConfigOptionDetail }) {
  const [tone, word] = levelWord(o.level);
  return (
    <div class="config-about" data-about={o.name}>
      {o.desc && <p>{o.desc}</p>}
      {o.long_desc && <p class="help">{o.long_desc}</p>}
      <dl class="props">
        <dt>Type</dt>
        <dd>{o.type ? <code>{o.type}</code> : <span class="muted">a manager module's option (Ceph checks its values)</span>}</dd>
        <dt>Level</dt>
        <dd>
          <Badge tone={tone}>{word}</Badge>
        </dd>
        <dt>Default</dt>
        <dd>{defaultText(o) ? <code>{defaultText(o)}</code> : <span class="muted">none</span>}</dd>
        {boundsText(o) && (
          <>
            <dt>Range</dt>
            <dd>{boundsText(o)}</dd>
          </>
        )}
        {o.enum_values.length > 0 && (
          <>
            <dt>Allowed</dt>
            <dd>{o.enum_values.join(', ')}</dd>
          </>
        )}
        <dt>Read by</dt>
        <dd>{o.services.length ? o.services.join(', ') : <span class="muted">not said</span>}</dd>
        <dt>Applies</dt>
        <dd data-runtime={o.can_update_at_runtime}>{o.can_update_at_runtime ? 'at once' : 'when the daemons restart'}</dd>
      </dl>
    </div>
  );
}

function SetValue({ fsid, o, canMutate, onSet }: { fsid: string; o: ConfigOptionDetail; canMutate: boolean; onSet: (o: ConfigOptionDetail) => void }) {
  const form = useForm({ section: 'global', value: '' }, (v) => ({
    section: sectionProblem(v.section.trim()),
    value: o.schema ? valueProblem(o, v.value) : v.value.trim() ? '' : 'Enter a value.',
  }));
  if (!canMutate) return <p class="muted">An operator can change it.</p>;
  const numeric = o.enum_values.length === 0 && ['int', 'uint', 'float'].includes(o.type || '');
  const choices = o.type === 'bool' ? ['true', 'false'] : o.enum_values;
  return (
    <FormView
      form={form}
      label="Set value"
      call={(v) => {
        const body: Body<'/api/clusters/{fsid}/config/{name}', 'PUT'> = { section: v.section.trim(), value: v.value.trim() };
        return { method: 'PUT', path: optPath(fsid, o.name), body };
      }}
      onDone={(out) => {
        onSet(out.data as ConfigOptionDetail);
        form.set('value', '');
      }}
    >
      <TextField form={form} name="section" label="Section" help={`Who reads this value: ${SECTIONS.join(', ')}, or one daemon or client (osd.3, client.rgw.a).`} />
      {choices.length > 0 ? (
        <SelectField form={form} name="value" label="Value" options={[{ value: '', label: 'Choose…' }, ...choices.map((c) => ({ value: c, label: c }))]} />
      ) : numeric ? (
        <NumberField form={form} name="value" label="Value" step={o.type === 'float' ? 'any' : 1} help={boundsText(o) ? `A number ${boundsText(o)}.` : undefined} />
      ) : (
        <TextField form={form} name="value" label="Value" type={o.secret ? 'password' : 'text'} help={o.type === 'size' ? 'Bytes, or with a unit: 64K, 1G, 1GiB.' : o.type === 'secs' ? 'Seconds, or with a unit: 30s, 5m, 1h.' : undefined} />
      )}
    </FormView>
  );
}

function Values({ fsid, o, canMutate, onRemoved }: { fsid: string; o: ConfigOptionDetail; canMutate: boolean; onRemoved: () => void }) {
  const [removing, setRemoving] = useState<ConfigValue | null>(null);
  if (o.values.length === 0) return <p class="muted">Not set anywhere: every daemon uses the default.</p>;
  return (
    <>
      <table class="table config-values">
        <thead>
          <tr>
            <th>Section</th>
            <th>Value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {o.values.map((v) => (
            <tr data-section={whereText(v)}>
              <td>{whereText(v)}</td>
              <td>
                <code>{v.value}</code>
              </td>
              <td class="row-actions">
                {canMutate && (
                  <button type="button" class="btn small danger" onClick={() => setRemoving(v)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing && (
        <Confirm
          title={`Remove ${o.name} for ${whereText(removing)}`}
          name={o.name}
          action="Remove value"
          consequence={
            <>
              <strong>{whereText(removing)}</strong> goes back to {defaultText(o) ? <code>{defaultText(o)}</code> : 'the default'} or to a value set for a wider section
              {o.can_update_at_runtime ? '.' : ', when its daemons restart.'}
            </>
          }
          onConfirm={async () => {
            await mutate(
              { method: 'DELETE', path: optPath(fsid, o.name), query: { section: removing.section, mask: removing.mask || undefined } },
              `Remove ${o.name} for ${whereText(removing)}`,
            );
            onRemoved();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </>
  );
}

export function ConfigEdit({ fsid, name, canMutate, onClose, onChanged }: { fsid: string; name: string; canMutate: boolean; onClose: () => void; onChanged: () => void }) {
  const [o, setO] = useState<ConfigOptionDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [restart, setRestart] = useState(false);
  useEffect(() => {
    get<ConfigOptionDetail>(optPath(fsid, name))
      .then((x) => (setO(x), setError(null)))
      .catch(setError);
  }, [fsid, name, tick]);
  return (
    <Modal title={name} onClose={onClose} wide>
      {error !== null && !o ? (
        <ErrorBox error={error} retry={() => setTick((x) => x + 1)} />
      ) : !o ? (
        <Loading what="Reading the option" />
      ) : (
        <>
          <About o={o} />
          {restart && (
            <div class="note-bar warn" role="status" data-restart>
              Saved. The daemons that read {o.name} take the new value when they restart.
            </div>
          )}
          <h3>Values</h3>
          <Values
            fsid={fsid}
            o={o}
            canMutate={canMutate}
            onRemoved={() => {
              setTick((x) => x + 1);
              onChanged();
            }}
          />
          <h3>Set a value</h3>
          <SetValue
            fsid={fsid}
            o={o}
            canMutate={canMutate}
            onSet={(x) => {
              setO(x);
              setRestart(Boolean(x.restart_needed));
              onChanged();
            }}
          />
        </>
      )}
    </Modal>
  );
}
