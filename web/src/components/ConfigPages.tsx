// components/ConfigPages.tsx - the list and detail pages of the versioned objects the
// gateways serve (iSCSI targets, NFS exports): the table with the gateways' deploy
// status, and the create, edit, delete and Deploy… dialogs. Pages give a ConfigObjects.
import type { ComponentChildren, ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { apiPath, list, mutate, sentence, type Outcome } from '../api/client';
import { useGet } from '../api/useGet';
import { clusterHref, useSession } from '../lib/session';
import type { ConfigFormProps } from './ConfigForm';
import { DeployDialog, type GatewayKind } from './Deploy';
import { DeployStatus } from './DeployStatus';
import { Confirm, Modal } from './Dialog';
import { Page } from './Page';
import { EditDelete } from './RowActions';
import { ErrorBox, Loading } from './States';
import { Table, type Column } from './Table';

/** What one kind of object is called, where the API keeps it, its form, and what deleting it loses. */
export interface ConfigObjects<T extends { version: number }> {
  /** the gateways that serve it: the API's folder, the deploy kind, the table's id */
  kind: GatewayKind;
  /** the collection under /api/clusters/{fsid}/<kind>/ */
  items: string;
  /** "iSCSI targets": the list page's title, "All iSCSI targets" */
  plural: string;
  /** "iSCSI target": "Create iSCSI target", the detail page's title */
  singular: string;
  /** "target": "Create target", "Reading the target" */
  noun: string;
  editTitle: (id: string) => string;
  /** the id in URLs and rows (an IQN, an export's number) */
  id: (item: T) => string;
  Form: ComponentType<ConfigFormProps<T>>;
  /** the delete confirmation's words: what goes, what stays */
  consequence: (item: T) => ComponentChildren;
  /** the delete's label in the task and error toasts */
  deleteLabel: (item: T) => string;
}

/** What a save answered beyond the object: the check's warnings (a gateway that did not answer). */
function Warnings({ warnings, onDismiss }: { warnings: string[]; onDismiss: () => void }) {
  if (!warnings.length) return null;
  return (
    <div class="gw-notice warn dismissable" role="status">
      <div>
        <strong>Saved, with warnings:</strong>
        <ul>
          {warnings.map((w) => (
            <li>{sentence(w)}</li>
          ))}
        </ul>
      </div>
      <button type="button" class="icon-btn" aria-label="Dismiss the warnings" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

const warningsOf = (o: Outcome<unknown>) => (o.data as { warnings?: string[] } | null)?.warnings || [];

/** Edit an object: reads it fresh (the version a PUT must name), and again after a conflict. */
function EditDialog<T extends { version: number }>(p: { of: ConfigObjects<T>; fsid: string; id: string; onDone: (o: Outcome<T>) => void; onClose: () => void }) {
  const { data: item, error, reload, n: gen } = useGet<T>(apiPath('clusters', p.fsid, p.of.kind, p.of.items, p.id), { fresh: true });
  const Form = p.of.Form;
  return (
    <Modal title={p.of.editTitle(p.id)} onClose={p.onClose} wide>
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !item ? (
        <Loading what={`Reading the ${p.of.noun}`} />
      ) : (
        <Form key={`${gen}-${item.version}`} fsid={p.fsid} item={item} onDone={p.onDone} onCancel={p.onClose} onReload={() => reload()} />
      )}
    </Modal>
  );
}

/** Delete an object, naming the version it shows (a changed one is refused). */
function DeleteDialog<T extends { version: number }>(p: { of: ConfigObjects<T>; fsid: string; item: T; onClose: () => void; onDeleted: () => void }) {
  const { of, item } = p;
  return (
    <Confirm
      title={`Delete ${of.singular}`}
      name={of.id(item)}
      consequence={of.consequence(item)}
      action={`Delete ${of.noun}`}
      onConfirm={async () => {
        await mutate({ method: 'DELETE', path: apiPath('clusters', p.fsid, of.kind, of.items, of.id(item)), query: { version: item.version } }, of.deleteLabel(item));
        p.onDeleted();
      }}
      onClose={p.onClose}
    />
  );
}

type Dialog<T> = null | { kind: 'create' } | { kind: 'deploy' } | { kind: 'edit' | 'delete'; item: T };

/** The list page: deploy status, the table (polled), and its dialogs. `empty` is said to operators, `emptyViewer` to the others. */
export function ConfigList<T extends { version: number }>(p: {
  of: ConfigObjects<T>;
  fsid: string;
  sub: string;
  columns: Column<T>[];
  defaultSort: string;
  searchLabel: string;
  empty: string;
  emptyViewer: string;
}) {
  const { of, fsid } = p;
  const s = useSession();
  const [reload, setReload] = useState(0);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog<T>>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const again = () => setReload((x) => x + 1);
  const close = () => setDialog(null);
  const saved = (o: Outcome<T>) => {
    close();
    setWarnings(warningsOf(o));
    again();
  };
  const Form = of.Form;
  return (
    <Page
      title={of.plural}
      sub={p.sub}
      actions={
        s.canMutate && (
          <>
            <button type="button" class="btn" onClick={() => setDialog({ kind: 'deploy' })}>
              Deploy…
            </button>
            <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
              {`Create ${of.noun}`}
            </button>
          </>
        )
      }
    >
      <Warnings warnings={warnings} onDismiss={() => setWarnings([])} />
      <DeployStatus fsid={fsid} kind={of.kind} reload={reload} />
      <Table<T>
        id={of.kind}
        urlState
        columns={p.columns}
        defaultSort={p.defaultSort}
        searchLabel={p.searchLabel}
        rowKey={of.id}
        reload={reload}
        pollMs={15000}
        load={(q, signal) =>
          list<T>(apiPath('clusters', fsid, of.kind, of.items), { ...q }, signal).then((r) => {
            if (!q.search) setTotal(r.total);
            return r;
          })
        }
        empty={s.canMutate ? p.empty : p.emptyViewer}
        actions={
          s.canMutate
            ? (item) => <EditDelete onEdit={() => setDialog({ kind: 'edit', item })} onDelete={() => setDialog({ kind: 'delete', item })} />
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title={`Create ${of.singular}`} onClose={close} wide>
          <Form fsid={fsid} onDone={saved} onCancel={close} />
        </Modal>
      )}
      {dialog?.kind === 'edit' && <EditDialog of={of} fsid={fsid} id={of.id(dialog.item)} onDone={saved} onClose={close} />}
      {dialog?.kind === 'delete' && <DeleteDialog of={of} fsid={fsid} item={dialog.item} onClose={close} onDeleted={again} />}
      {dialog?.kind === 'deploy' && <DeployDialog fsid={fsid} kind={of.kind} count={total} onClose={close} onStarted={again} />}
    </Page>
  );
}

/** The detail page of object id: Deploy…, Edit and Delete, what children make of it, its deploy status. */
export function ConfigDetail<T extends { version: number }>(p: { of: ConfigObjects<T>; fsid: string; id: string; children: (item: T) => ComponentChildren }) {
  const { of, fsid } = p;
  const s = useSession();
  const loc = useLocation();
  const { data: item, error, reload, n } = useGet<T>(apiPath('clusters', fsid, of.kind, of.items, p.id));
  const [dialog, setDialog] = useState<null | 'edit' | 'delete' | 'deploy'>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const close = () => setDialog(null);
  return (
    <Page
      title={`${of.singular} ${p.id}`}
      sub={<a href={clusterHref(fsid, of.kind)}>{`All ${of.plural}`}</a>}
      actions={
        s.canMutate &&
        item && (
          <>
            <button type="button" class="btn" onClick={() => setDialog('deploy')}>
              Deploy…
            </button>
            <button type="button" class="btn" onClick={() => setDialog('edit')}>
              Edit
            </button>
            <button type="button" class="btn danger" onClick={() => setDialog('delete')}>
              Delete
            </button>
          </>
        )
      }
    >
      <Warnings warnings={warnings} onDismiss={() => setWarnings([])} />
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !item ? (
        <Loading />
      ) : (
        <>
          {p.children(item)}
          <DeployStatus fsid={fsid} kind={of.kind} reload={n} />
        </>
      )}
      {dialog === 'edit' && item && (
        <EditDialog of={of} fsid={fsid} id={of.id(item)} onDone={(o) => (close(), setWarnings(warningsOf(o)), reload())} onClose={close} />
      )}
      {dialog === 'delete' && item && <DeleteDialog of={of} fsid={fsid} item={item} onClose={close} onDeleted={() => loc.route(clusterHref(fsid, of.kind))} />}
      {dialog === 'deploy' && <DeployDialog fsid={fsid} kind={of.kind} onClose={close} onStarted={() => reload()} />}
    </Page>
  );
}
