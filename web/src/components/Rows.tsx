// components/Rows.tsx - dynamic rows in a form (iSCSI portals, disks and ACLs; NFS
// client blocks): a fieldset with one row per item, a Remove button on each, an Add
// button that focuses the new row, and errors per cell (a server error such as
// "portals[1].ip" lands on its row) or about the whole list.
//
//   <Rows name="portals" legend="Portals" rows={v.portals} blank={() => ({host: '', ip: ''})}
//         onChange={(r) => form.set('portals', r)} addLabel="Add portal" rowLabel={(i) => `Portal ${i + 1}`}>
//     {(row, i, set) => (
//       <SelectCell label="IP address" name={`portals[${i}].ip`} error={err(`portals[${i}].ip`)}
//                   value={row.ip} options={...} onChange={(ip) => set({ ip })} />
//     )}
//   </Rows>
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { sentence } from '../api/client';
import type { FormState, Option } from './Form';

export interface RowsProps<R> {
  /** data-field of the fieldset, the API's name of the list */
  name: string;
  legend: string;
  help?: ComponentChildren;
  rows: R[];
  onChange: (rows: R[]) => void;
  blank: () => R;
  addLabel: string;
  /** "Portal 2": names a row for its Remove button */
  rowLabel: (i: number) => string;
  /** at least this many rows stay (no Remove below it) */
  min?: number;
  max?: number;
  /** an error about the list as a whole */
  error?: string;
  /** an error about row i as a whole (e.g. "portals[1]": given twice) */
  rowError?: (i: number) => string | undefined;
  /** shown when there are no rows */
  empty?: ComponentChildren;
  children: (row: R, i: number, set: (patch: Partial<R>) => void) => ComponentChildren;
}

export function Rows<R>(p: RowsProps<R>) {
  const list = useRef<HTMLOListElement>(null);
  const added = useRef(false);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    const last = list.current?.lastElementChild;
    (last?.querySelector('input, select') as HTMLElement | null)?.focus();
  }, [p.rows.length]);
  const set = (i: number, patch: Partial<R>) => p.onChange(p.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const remove = (i: number) => p.onChange(p.rows.filter((_, j) => j !== i));
  const add = () => {
    added.current = true;
    p.onChange([...p.rows, p.blank()]);
  };
  const canAdd = p.max === undefined || p.rows.length < p.max;
  return (
    <fieldset class="field gw-rows" data-field={p.name}>
      <legend class="label">{p.legend}</legend>
      {p.help && <div class="help">{p.help}</div>}
      {p.rows.length === 0 && p.empty && <div class="gw-rows-empty muted">{p.empty}</div>}
      {p.rows.length > 0 && (
        <ol class="gw-rows-list" ref={list}>
          {p.rows.map((r, i) => {
            const err = p.rowError?.(i);
            return (
              <li class="gw-row" data-row={i}>
                <div class="gw-row-cells">
                  {p.children(r, i, (patch) => set(i, patch))}
                  {p.rows.length > (p.min || 0) && (
                    <button type="button" class="btn small gw-row-remove" aria-label={`Remove ${p.rowLabel(i).toLowerCase()}`} onClick={() => remove(i)}>
                      Remove
                    </button>
                  )}
                </div>
                {err && (
                  <div class="field-error" role="alert">
                    {err}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {p.error && (
        <div class="field-error" role="alert">
          {p.error}
        </div>
      )}
      {canAdd && (
        <div>
          <button type="button" class="btn small" onClick={add}>
            {p.addLabel}
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** The id, name and ARIA attributes of a row's control: `<input {...cell('portals[0].ip', err)} />`. */
function cell(name: string, error?: string) {
  return {
    id: `f-${name}`,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `e-${name}` : undefined,
  };
}

/** One labelled control of a row (its control spreads cell(name, error)), with its error. */
export function RowCell(p: { label: string; name: string; error?: string; help?: ComponentChildren; grow?: boolean; children: ComponentChildren }) {
  return (
    <div class={`gw-cell${p.grow ? ' grow' : ''}${p.error ? ' invalid' : ''}`} data-cell={p.name}>
      <label class="gw-cell-label" for={`f-${p.name}`}>
        {p.label}
      </label>
      {p.children}
      {p.help && !p.error && <div class="help">{p.help}</div>}
      {p.error && (
        <div class="field-error" id={`e-${p.name}`} role="alert">
          {p.error}
        </div>
      )}
    </div>
  );
}

/**
 * The message at a nested field ("portals[0].ip") of form, whose checks are keyed by
 * such paths: the server's, else the check's once a submit was tried or the field typed.
 */
export function cellErrors<V extends Record<string, unknown>>(form: FormState<V>, checks: Record<string, string>) {
  const se = form.serverError;
  return (path: string, typed: string): string => {
    if (se?.field === path) return sentence(se.message);
    return (form.tried || typed !== '') && checks[path] ? checks[path] : '';
  };
}

interface CellProps {
  label: string;
  /** the API's name of the field ("disks[0].pool"): names the control and its error */
  name: string;
  error?: string;
  /** takes the row's spare width */
  grow?: boolean;
  value: string;
}

/** A row's select: an empty choice first when placeholder says its words, then the options. */
export function SelectCell(p: CellProps & { placeholder?: string; options: Option[]; onChange: (value: string) => void }) {
  return (
    <RowCell label={p.label} name={p.name} error={p.error} grow={p.grow}>
      <select {...cell(p.name, p.error)} value={p.value} onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}>
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    </RowCell>
  );
}

/** A row's text input (no spell check or autocomplete: names, addresses, ids). */
export function TextCell(p: CellProps & { placeholder?: string; class?: string; inputMode?: 'numeric'; onInput: (value: string) => void }) {
  return (
    <RowCell label={p.label} name={p.name} error={p.error} grow={p.grow}>
      <input
        class={p.class}
        {...cell(p.name, p.error)}
        type="text"
        inputMode={p.inputMode}
        spellcheck={false}
        autocomplete="off"
        value={p.value}
        placeholder={p.placeholder}
        onInput={(e) => p.onInput((e.target as HTMLInputElement).value)}
      />
    </RowCell>
  );
}

/**
 * Brings the first error of a form into view after the server refused a save (the
 * submit button is at the bottom, the message may be far above it). Render the
 * returned sentinel anywhere inside the form.
 */
export function ErrorScroller({ error }: { error: unknown }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!error) return;
    const form = ref.current?.closest('form');
    const first = form?.querySelector('.form-error, .field-error');
    first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [error]);
  return <span ref={ref} hidden />;
}
