// components/Dialog.tsx - modal dialogs on the native <dialog> element (focus stays
// inside, Esc closes), and the one confirmation for destructive actions: it names
// the object and what will be lost, and for pools and images wants the name typed.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client';

export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      class={props.wide ? 'modal wide' : 'modal'}
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="modal-head">
        <h2>{props.title}</h2>
        <button type="button" class="icon-btn" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </header>
      <div class="modal-body">{props.children}</div>
    </dialog>
  );
}

export interface ConfirmFormProps {
  title: string;
  /** the danger button's words */
  action: string;
  /** whether the action may be taken now (the name typed, a box ticked) */
  ready: boolean;
  /** no action button: the body says why it cannot be done now */
  blocked?: boolean;
  /** an error in words (default: the API's message) */
  message?: (e: unknown) => string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  children: ComponentChildren;
}

/**
 * The frame of every confirmation: its body, the API's error, Cancel and the danger
 * button; runs onConfirm once and closes when it resolves.
 */
export function ConfirmForm(p: ConfirmFormProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async (e: Event) => {
    e.preventDefault();
    if (!p.ready || p.blocked || busy) return;
    setBusy(true);
    setError(null);
    try {
      await p.onConfirm();
      p.onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Modal title={p.title} onClose={p.onClose}>
      <form onSubmit={go} class="confirm">
        {p.children}
        {error !== null && (
          <div class="form-error" role="alert">
            {(p.message || messageOf)(error)}
          </div>
        )}
        <div class="actions">
          <button type="button" class="btn" onClick={p.onClose}>
            Cancel
          </button>
          {!p.blocked && (
            <button type="submit" class="btn danger" disabled={!p.ready || busy}>
              {busy ? 'Working…' : p.action}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}

/** The field a confirmation wants the object's name typed into. */
export function TypeName({ name, typed, onInput }: { name: string; typed: string; onInput: (v: string) => void }) {
  return (
    <label class="field">
      <span class="label">
        Type <code>{name}</code> to confirm
      </span>
      <input
        type="text"
        name="confirm"
        autocomplete="off"
        spellcheck={false}
        value={typed}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
      />
    </label>
  );
}

export interface ConfirmProps {
  /** "Delete pool", "Roll back image" */
  title: string;
  /** the object's name, shown and (with typeName) to be typed */
  name: string;
  /** what will be lost */
  consequence: ComponentChildren;
  typeName?: boolean;
  action?: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}

/** Confirms a destructive action; runs onConfirm and closes when it resolves. */
export function Confirm(p: ConfirmProps) {
  const [typed, setTyped] = useState('');
  return (
    <ConfirmForm
      title={p.title}
      action={p.action || 'Delete'}
      ready={!p.typeName || typed === p.name}
      onConfirm={p.onConfirm}
      onClose={p.onClose}
    >
      <p class="danger-text">{p.consequence}</p>
      {p.typeName && <TypeName name={p.name} typed={typed} onInput={setTyped} />}
    </ConfirmForm>
  );
}
