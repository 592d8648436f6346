// pages/mgrmodules/options.tsx - a module's options in a dialog: each with its
// description, default and value, an edit form whose control follows the type (a list
// for allowed values and booleans), checked as you type, and a reset to the default.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, get, mutate } from '../../api/client';
import type { Body } from '../../api/openapi';
import { Modal } from '../../components/Dialog';
import { FormView, SelectField, TextField, useForm } from '../../components/Form';
import { ErrorBox, Loading } from '../../components/States';
import type { MgrModuleDetail, ModuleOption } from './types';

const optPath = (fsid: string, m: string, o: string) => apiPath('clusters', fsid, 'mgr', 'modules', m, 'options', o);

/** What is wrong with value for o, or '' (the server checks again). */
export function optionProblem(o: ModuleOption, value: string): string {
  const v = value.trim();
  if (o.enum_values.length > 0 && !o.enum_values.includes(v)) return `One of ${o.enum_values.filter(Boolean).join(', ')}.`;
  if (o.type === 'bool' && !['true', 'false', '1', '0', 'yes', 'no'].includes(v)) return 'True or false.';
  if ((o.type === 'int' || o.type === 'uint' || o.type === 'secs') && !/^-?\d+$/.test(v)) return 'A whole number.';
  if (o.type === 'float' && !/^-?(\d+\.?\d*|\.\d+)$/.test(v)) return 'A number.';
  return v || o.enum_values.includes('') ? '' : 'Enter a value.';
}

function OptionForm({ fsid, module, o, onSaved }: { fsid: string; module: string; o: ModuleOption; onSaved: (m: MgrModuleDetail) => void }) {
  const form = useForm({ value: o.value ?? '' }, (v) => ({ value: optionProblem(o, v.value) }));
  const choices = o.type === 'bool' ? ['true', 'false'] : o.enum_values;
  return (
    <FormView
      form={form}
      label="Save"
      call={(v) => {
        const body: Body<'/api/clusters/{fsid}/mgr/modules/{name}/options/{option}', 'PUT'> = { value: v.value.trim() };
        return { method: 'PUT', path: optPath(fsid, module, o.name), body };
      }}
      onDone={(out) => onSaved(out.data as MgrModuleDetail)}
    >
      {choices.length > 0 ? (
        <SelectField form={form} name="value" label={o.name} options={choices.map((c) => ({ value: c, label: c || '(empty)' }))} />
      ) : (
        <TextField form={form} name="value" label={o.name} type={o.secret ? 'password' : 'text'} />
      )}
    </FormView>
  );
}

export function ModuleOptions({ fsid, name, isAdmin, onClose }: { fsid: string; name: string; isAdmin: boolean; onClose: () => void }) {
  const [m, setM] = useState<MgrModuleDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    get<MgrModuleDetail>(apiPath('clusters', fsid, 'mgr', 'modules', name))
      .then((x) => (setM(x), setError(null)))
      .catch(setError);
  }, [fsid, name, tick]);
  return (
    <Modal title={`Options of ${name}`} onClose={onClose} wide>
      {error !== null && !m ? (
        <ErrorBox error={error} retry={() => setTick((x) => x + 1)} />
      ) : !m ? (
        <Loading what="Reading the module" />
      ) : m.option_list.length === 0 ? (
        <p class="muted">This module has no options.</p>
      ) : (
        <table class="table module-options">
          <thead>
            <tr>
              <th>Option</th>
              <th>Value</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {m.option_list.map((o) => (
              <tr data-option={o.name}>
                <td>
                  <code>{o.name}</code> <span class="muted">{o.type}</span>
                  {o.desc && <div class="help">{o.desc}</div>}
                </td>
                <td>
                  {editing === o.name ? (
                    <OptionForm
                      fsid={fsid}
                      module={name}
                      o={o}
                      onSaved={(x) => {
                        setM(x);
                        setEditing(null);
                      }}
                    />
                  ) : o.value === null ? (
                    <span class="muted">default{o.default ? `: ${o.default}` : ''}</span>
                  ) : (
                    <code data-value>{o.value}</code>
                  )}
                </td>
                <td class="row-actions">
                  {isAdmin && editing !== o.name && (
                    <button type="button" class="btn small" onClick={() => setEditing(o.name)}>
                      Edit
                    </button>
                  )}
                  {isAdmin && o.value !== null && editing !== o.name && (
                    <button
                      type="button"
                      class="btn small"
                      onClick={async () => {
                        const out = await mutate<MgrModuleDetail>({ method: 'DELETE', path: optPath(fsid, name, o.name) }, `Reset ${name} ${o.name}`);
                        if (out.data) setM(out.data);
                      }}
                    >
                      Reset
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
