// components/Form.tsx - the one form pattern: fields with labels and help, checks
// while typing (shown once a field was touched or a submit tried), the server's
// field errors at the field, submit disabled while in flight, and "copy as curl"
// of the exact call the form will make.
//
//   const form = useForm({ name: '', size: 3 }, (v) => ({ name: v.name ? '' : 'Required' }));
//   <FormView form={form} call={(v) => ({ method: 'POST', path, body: v })} label="Create pool"
//             onDone={(outcome) => ...}>
//     <TextField form={form} name="name" label="Name" help="..." />
//   </FormView>
import type { ComponentChildren, JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { ApiError, mutate, messageOf, sentence, type Call, type Outcome } from '../api/client';
import { curlFor } from '../api/curl';
import { CopyButton } from './Copy';

export type Errors<V> = Partial<Record<keyof V & string, string | undefined | null | false>>;

export interface FormState<V extends Record<string, unknown>> {
  values: V;
  set: <K extends keyof V>(k: K, v: V[K]) => void;
  errors: Errors<V>;
  /** the message to show at a field now ('' if none) */
  errorOf: (k: keyof V & string) => string;
  touch: (k: keyof V & string) => void;
  serverError: ApiError | null;
  setServerError: (e: ApiError | null) => void;
  tried: boolean;
  setTried: (b: boolean) => void;
  valid: boolean;
}

/** `deps`: what else the checks read (e.g. a list loaded later); they run again when it changes. */
export function useForm<V extends Record<string, unknown>>(initial: V, validate: (v: V) => Errors<V>, deps: unknown[] = []): FormState<V> {
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [tried, setTried] = useState(false);
  const errors = useMemo(() => validate(values), [values, ...deps]);
  const valid = Object.values(errors).every((e) => !e);
  return {
    values,
    set: (k, v) => {
      setValues((old) => ({ ...old, [k]: v }));
      setTouched((t) => ({ ...t, [k as string]: true }));
      if (serverError?.field === k) setServerError(null);
    },
    errors,
    errorOf: (k) => {
      if (serverError?.field === k) return sentence(serverError.message);
      return (touched[k] || tried) && errors[k] ? String(errors[k]) : '';
    },
    touch: (k) => setTouched((t) => ({ ...t, [k]: true })),
    serverError,
    setServerError,
    tried,
    setTried,
    valid,
  };
}

export interface FormViewProps<V extends Record<string, unknown>> {
  form: FormState<V>;
  /** the API call for the current values */
  call: (v: V) => Call;
  /** the submit button's words, also the task's label on a 202 unless taskLabel says */
  label: string;
  /** the task toast's words for these values ("Copy image a to b") */
  taskLabel?: (v: V) => string;
  onDone: (o: Outcome<unknown>) => void;
  onCancel?: () => void;
  /** fields the server may blame that this form does not show: their errors go on top */
  children: ComponentChildren;
  /** server error fields the form shows itself (nested rows such as "portals[0].ip"): not repeated on top */
  claims?: (field: string) => boolean;
}

export function FormView<V extends Record<string, unknown>>(p: FormViewProps<V>) {
  const [busy, setBusy] = useState(false);
  const f = p.form;
  const submit = async (e: Event) => {
    e.preventDefault();
    f.setTried(true);
    if (!f.valid || busy) return;
    setBusy(true);
    f.setServerError(null);
    try {
      const o = await mutate(p.call(f.values), p.taskLabel ? p.taskLabel(f.values) : p.label);
      setBusy(false);
      p.onDone(o);
    } catch (err) {
      setBusy(false);
      f.setServerError(err instanceof ApiError ? err : new ApiError(0, 'error', messageOf(err)));
    }
  };
  const se = f.serverError;
  const fieldShown = se?.field && (se.field in f.values || Boolean(p.claims?.(se.field)));
  const curl = curlFor(p.call(f.values), location.origin);
  return (
    <form class="form" onSubmit={submit} noValidate>
      {se && !fieldShown && (
        <div class="form-error" role="alert">
          {messageOf(se)}
        </div>
      )}
      {p.children}
      <div class="actions">
        <details class="curl">
          <summary>Copy as curl</summary>
          <pre>{curl}</pre>
          <CopyButton text={curl} label="Copy command" />
          <p class="help">Set OA_TOKEN to an API token (Administration → API tokens).</p>
        </details>
        {p.onCancel && (
          <button type="button" class="btn" onClick={p.onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" class="btn primary" disabled={busy || (f.tried && !f.valid)}>
          {busy ? 'Working…' : p.label}
        </button>
      </div>
    </form>
  );
}

interface FieldProps<V extends Record<string, unknown>> {
  form: FormState<V>;
  name: keyof V & string;
  label: string;
  help?: ComponentChildren;
}

/**
 * The frame of every field: the wrapper (a div, or a fieldset for a group of
 * controls) named by data-field, the label and control(s) given as children, then the
 * help, or the error once there is one (ids h-<name>, e-<name>, which aria() names).
 */
export function FieldShell(p: { name: string; class: string; error: string; help?: ComponentChildren; group?: boolean; children: ComponentChildren }) {
  const Tag = p.group ? 'fieldset' : 'div';
  return (
    <Tag class={p.error ? `${p.class} invalid` : p.class} data-field={p.name}>
      {p.children}
      {p.help && !p.error && (
        <div class="help" id={`h-${p.name}`}>
          {p.help}
        </div>
      )}
      {p.error && (
        <div class="field-error" id={`e-${p.name}`} role="alert">
          {p.error}
        </div>
      )}
    </Tag>
  );
}

/** Label, control, help and error in the house layout. */
export function Field<V extends Record<string, unknown>>(p: FieldProps<V> & { children: ComponentChildren }) {
  return (
    <FieldShell name={p.name} class="field" error={p.form.errorOf(p.name)} help={p.help}>
      <label class="label" for={`f-${p.name}`}>
        {p.label}
      </label>
      {p.children}
    </FieldShell>
  );
}

function aria<V extends Record<string, unknown>>(p: FieldProps<V>) {
  const err = p.form.errorOf(p.name);
  return {
    id: `f-${p.name}`,
    name: p.name,
    'aria-invalid': err ? true : undefined,
    'aria-describedby': err ? `e-${p.name}` : p.help ? `h-${p.name}` : undefined,
    onBlur: () => p.form.touch(p.name),
  };
}

export function TextField<V extends Record<string, unknown>>(
  p: FieldProps<V> & { type?: string; placeholder?: string; autoFocus?: boolean; autocomplete?: string },
) {
  return (
    <Field {...p}>
      <input
        {...aria(p)}
        type={p.type || 'text'}
        value={String(p.form.values[p.name] ?? '')}
        placeholder={p.placeholder}
        autoFocus={p.autoFocus}
        autocomplete={p.autocomplete || 'off'}
        spellcheck={false}
        onInput={(e) => p.form.set(p.name, (e.target as HTMLInputElement).value as V[typeof p.name])}
      />
    </Field>
  );
}

/** A number kept as the typed string (so "" and "1e" can be reported), parsed on submit. */
export function NumberField<V extends Record<string, unknown>>(p: FieldProps<V> & { min?: number; max?: number; step?: number | 'any' }) {
  return (
    <Field {...p}>
      <input
        {...aria(p)}
        type="number"
        inputMode="numeric"
        min={p.min}
        max={p.max}
        step={p.step}
        value={String(p.form.values[p.name] ?? '')}
        onInput={(e) => p.form.set(p.name, (e.target as HTMLInputElement).value as V[typeof p.name])}
      />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField<V extends Record<string, unknown>>(p: FieldProps<V> & { options: Option[] }) {
  return (
    <Field {...p}>
      <select
        {...aria(p)}
        value={String(p.form.values[p.name] ?? '')}
        onChange={(e) => p.form.set(p.name, (e.target as HTMLSelectElement).value as V[typeof p.name])}
      >
        {p.options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    </Field>
  );
}

export function CheckField<V extends Record<string, unknown>>(p: FieldProps<V>) {
  return (
    <FieldShell name={p.name} class="field check" error={p.form.errorOf(p.name)} help={p.help}>
      <label>
        <input
          {...aria(p)}
          type="checkbox"
          checked={Boolean(p.form.values[p.name])}
          onChange={(e) => p.form.set(p.name, (e.target as HTMLInputElement).checked as V[typeof p.name])}
        />{' '}
        {p.label}
      </label>
    </FieldShell>
  );
}

/** A set of checkboxes for a string[] value (features, applications, protocols). */
export function MultiCheckField<V extends Record<string, unknown>>(p: FieldProps<V> & { options: Option[] }) {
  const cur = (p.form.values[p.name] as unknown as string[]) || [];
  const toggle = (v: string, on: boolean) =>
    p.form.set(p.name, (on ? [...cur, v] : cur.filter((x) => x !== v)) as unknown as V[typeof p.name]);
  return (
    <FieldShell name={p.name} class="field multi" error={p.form.errorOf(p.name)} help={p.help} group>
      <legend class="label">{p.label}</legend>
      {p.options.map((o) => (
        <label class="inline">
          <input
            type="checkbox"
            name={p.name}
            value={o.value}
            checked={cur.includes(o.value)}
            onChange={(e) => toggle(o.value, (e.target as HTMLInputElement).checked)}
          />{' '}
          {o.label}
        </label>
      ))}
    </FieldShell>
  );
}

export type InputEvent = JSX.TargetedEvent<HTMLInputElement, Event>;
