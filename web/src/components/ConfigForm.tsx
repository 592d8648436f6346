// components/ConfigForm.tsx - the frame of a form that creates (POST) or replaces (PUT
// naming the version it read) a versioned configuration object: an iSCSI target, an NFS
// export. A 409 conflict (someone else saved meanwhile) says so and offers a reload.
import type { ComponentChildren } from 'preact';
import { apiPath, sentence, type Call, type Outcome } from '../api/client';
import { FormView, type FormState } from './Form';
import { ErrorScroller } from './Rows';

/** The props of a page's form for such an object (what ConfigPages renders). */
export interface ConfigFormProps<T> {
  fsid: string;
  /** the object to edit; none to create */
  item?: T;
  onDone: (o: Outcome<T>) => void;
  onCancel: () => void;
  /** reads the object again (after a conflict) */
  onReload?: () => void;
}

export function ConfigForm<V extends Record<string, unknown>, T>(p: {
  form: FormState<V>;
  /** the collection under /api: ['clusters', fsid, 'iscsi', 'targets'] */
  path: (string | number)[];
  /** the object's id when editing (PUT .../id); none when creating (POST) */
  id?: string | number;
  body: (v: V) => Record<string, unknown>;
  /** 'target': "Create target", "Save target", "Reload the target" */
  noun: string;
  onDone: (o: Outcome<T>) => void;
  onCancel: () => void;
  onReload?: () => void;
  /** server error fields the form shows itself (besides version) */
  claims: (field: string) => boolean;
  children: ComponentChildren;
}) {
  const se = p.form.serverError;
  const call = (v: V): Call =>
    p.id === undefined ? { method: 'POST', path: apiPath(...p.path), body: p.body(v) } : { method: 'PUT', path: apiPath(...p.path, p.id), body: p.body(v) };
  const conflict = se?.status === 409 && se.code === 'conflict' && se.field === 'version';
  return (
    <FormView
      form={p.form}
      call={call}
      label={p.id === undefined ? `Create ${p.noun}` : `Save ${p.noun}`}
      onDone={(o) => p.onDone(o as Outcome<T>)}
      onCancel={p.onCancel}
      claims={(f) => f === 'version' || p.claims(f)}
    >
      <ErrorScroller error={se} />
      {conflict && (
        <div class="form-error gw-conflict" role="alert">
          <p>
            Someone else changed this {p.noun} since you opened it, so nothing was saved. ({sentence(se.message)})
          </p>
          {p.onReload && (
            <p>
              <button type="button" class="btn" onClick={p.onReload}>
                Reload the {p.noun}
              </button>{' '}
              <span class="gw-conflict-note">Reloading shows their version; your edits here are discarded.</span>
            </p>
          )}
        </div>
      )}
      {p.children}
    </FormView>
  );
}
