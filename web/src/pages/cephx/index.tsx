// pages/cephx - the cluster's cephx users with their caps (never their keys). Admins
// create clients from presets or caps (the key shown once), replace caps, export a
// keyring (audited) and delete clients; daemons' keys, client.admin and openATTIC's own
// key are shown, not changed. Operators and viewers read.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { apiPath, list, mutate } from '../../api/client';
import { Confirm, Modal } from '../../components/Dialog';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { useSession } from '../../lib/session';
import { CreateClient, EditCaps, ExportKeyring, ShownOnce } from './forms';
import { SERVICES, type CephxUser } from './types';

type Dialog =
  | { kind: 'create' }
  | { kind: 'caps'; user: CephxUser }
  | { kind: 'delete'; user: CephxUser }
  | { kind: 'export'; user: CephxUser }
  | { kind: 'secret'; title: string; what: string; text: string };

export function Cephx() {
  const fsid = useRoute().params.fsid;
  const s = useSession();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [reload, setReload] = useState(0);
  const close = () => setDialog(null);
  const again = () => setReload((x) => x + 1);
  const columns: Column<CephxUser>[] = [
    {
      key: 'entity',
      label: 'Entity',
      sort: 'entity',
      render: (u) => (
        <>
          <strong>{u.entity}</strong>
          {u.protected && (
            <div class="help" data-protected>
              {u.type === 'client' ? 'not changed here' : "goes with its daemon"}
            </div>
          )}
        </>
      ),
    },
    { key: 'type', label: 'Type', sort: 'type', render: (u) => u.type },
    {
      key: 'caps',
      label: 'Caps',
      render: (u) =>
        SERVICES.filter((x) => u.caps[x]).map((x) => (
          <div data-cap={x}>
            <span class="muted">{x}:</span> <code>{u.caps[x]}</code>
          </div>
        )),
    },
  ];
  return (
    <Page
      title="Cephx users"
      sub="Who may talk to the cluster and what each may do. Keys are never shown here, except once when a client is made or its keyring exported."
      actions={
        s.isAdmin && (
          <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
            Create client
          </button>
        )
      }
    >
      <Table<CephxUser>
        id="cephx"
        urlState
        columns={columns}
        defaultSort="entity"
        searchLabel="Search by name"
        rowKey={(u) => u.entity}
        reload={reload}
        load={(q, signal) => list<CephxUser>(apiPath('clusters', fsid, 'cephx', 'users'), { ...q }, signal)}
        empty="The cluster has no cephx users: it may run without cephx."
        actions={
          s.isAdmin
            ? (u) =>
                !u.protected && (
                  <>
                    <button type="button" class="btn small" onClick={() => setDialog({ kind: 'caps', user: u })}>
                      Edit caps
                    </button>
                    <button type="button" class="btn small" onClick={() => setDialog({ kind: 'export', user: u })}>
                      Keyring
                    </button>
                    <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', user: u })}>
                      Delete
                    </button>
                  </>
                )
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title="Create client" onClose={close} wide>
          <CreateClient
            fsid={fsid}
            onCancel={close}
            onDone={(u) => {
              again();
              setDialog({ kind: 'secret', title: `Key of ${u.entity}`, what: 'key', text: u.key });
            }}
          />
        </Modal>
      )}
      {dialog?.kind === 'caps' && (
        <Modal title={`Caps of ${dialog.user.entity}`} onClose={close} wide>
          <EditCaps
            fsid={fsid}
            user={dialog.user}
            onCancel={close}
            onDone={() => {
              again();
              close();
            }}
          />
        </Modal>
      )}
      {dialog?.kind === 'export' && (
        <ExportKeyring
          fsid={fsid}
          user={dialog.user}
          onClose={() => setDialog((d) => (d?.kind === 'export' ? null : d))}
          onExported={(text) => setDialog({ kind: 'secret', title: `Keyring of ${dialog.user.entity}`, what: 'keyring', text })}
        />
      )}
      {dialog?.kind === 'secret' && <ShownOnce title={dialog.title} what={dialog.what} text={dialog.text} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <Confirm
          title={`Delete ${dialog.user.entity}`}
          name={dialog.user.entity}
          typeName
          action="Delete client"
          consequence={
            <>
              <strong>{dialog.user.entity}</strong> and its key are removed: every program that uses it loses the cluster at its next connection. This cannot be
              undone; a new client gets a new key.
            </>
          }
          onConfirm={async () => {
            await mutate({ method: 'DELETE', path: apiPath('clusters', fsid, 'cephx', 'users', dialog.user.entity) }, `Delete ${dialog.user.entity}`);
            again();
          }}
          onClose={close}
        />
      )}
    </Page>
  );
}
