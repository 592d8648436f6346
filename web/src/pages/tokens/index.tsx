// pages/tokens - long-lived API tokens for automation. Everyone (viewers too) manages
// their own; admins see and revoke everyone's. A new token's secret is shown once.
import { useState } from 'preact/hooks';
import { apiPath, list, mutate } from '../../api/client';
import { Confirm, Modal } from '../../components/Dialog';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { Time } from '../../components/Values';
import { absTime } from '../../lib/format';
import { useSession } from '../../lib/session';
import { CreateTokenForm, TokenSecret, type NewToken, type Token } from './form';

const expired = (t: Token) => Boolean(t.expires_at && Date.parse(t.expires_at) <= Date.now());

/** An expiry: its day when far off, relative when near, a badge once past. */
function Expiry({ at }: { at: string | null }) {
  if (!at) return <span class="muted">never</span>;
  const ms = Date.parse(at) - Date.now();
  if (ms <= 0)
    return (
      <span class="token-expiry">
        <Badge tone="err">expired</Badge> <Time at={at} />
      </span>
    );
  if (ms < 14 * 86400000)
    return (
      <span class="token-expiry">
        <Badge tone="warn">soon</Badge> <Time at={at} />
      </span>
    );
  return <time dateTime={at} title={absTime(at)}>{at.slice(0, 10)}</time>;
}

export function Tokens() {
  const s = useSession();
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<null | { kind: 'create' } | { kind: 'secret'; token: NewToken } | { kind: 'revoke'; token: Token }>(null);
  // The secret is forgotten with the dialog; the list reloads (it may have been used meanwhile).
  const closeSecret = () => (setDialog(null), setReload((x) => x + 1));

  const columns: Column<Token>[] = [
    { key: 'id', label: 'ID', sort: 'id', numeric: true, render: (t) => t.id },
    { key: 'description', label: 'Description', sort: 'description', render: (t) => <strong>{t.description}</strong> },
    ...(s.isAdmin
      ? [
          {
            key: 'username',
            label: 'Owner',
            sort: 'username',
            render: (t: Token) => (
              <>
                {t.username}
                {t.username === s.user.username && <span class="muted"> (you)</span>}
              </>
            ),
          },
        ]
      : []),
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (t) => <Time at={t.created_at} /> },
    { key: 'expires_at', label: 'Expires', render: (t) => <Expiry at={t.expires_at} /> },
    { key: 'last_used_at', label: 'Last used', render: (t) => (t.last_used_at ? <Time at={t.last_used_at} /> : <span class="muted">never</span>) },
  ];

  return (
    <Page
      title="API tokens"
      sub={
        s.isAdmin
          ? 'Bearer tokens for scripts and automation. A token acts with its owner’s role. As an administrator you see everyone’s.'
          : 'Bearer tokens for your scripts and automation. A token acts as you, with your role.'
      }
      actions={
        <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
          Create token
        </button>
      }
    >
      <Table<Token>
        id="tokens"
        urlState
        columns={columns}
        defaultSort="-created_at"
        searchLabel="Search descriptions"
        rowKey={(t) => String(t.id)}
        rowClass={(t) => (expired(t) ? 'row-disabled' : '')}
        reload={reload}
        pollMs={30000}
        load={(q, signal) => list<Token>(apiPath('tokens'), { ...q }, signal)}
        empty="Create a token for each script or tool that talks to the openATTIC API, so each can be revoked alone."
        actions={(t) => (
          <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'revoke', token: t })}>
            Revoke
          </button>
        )}
      />
      {dialog?.kind === 'create' && (
        <Modal title="Create API token" onClose={() => setDialog(null)}>
          <CreateTokenForm
            onDone={(t) => (setReload((x) => x + 1), setDialog({ kind: 'secret', token: t }))}
            onCancel={() => setDialog(null)}
          />
        </Modal>
      )}
      {dialog?.kind === 'secret' && (
        <Modal title="Your new API token" onClose={closeSecret} wide>
          <TokenSecret token={dialog.token} origin={location.origin} />
          <div class="actions">
            <button type="button" class="btn primary" onClick={closeSecret}>
              I have copied it
            </button>
          </div>
        </Modal>
      )}
      {dialog?.kind === 'revoke' && (
        <Confirm
          title={`Revoke API token #${dialog.token.id}`}
          name={dialog.token.description}
          consequence={
            <>
              Scripts and tools that use <strong>{dialog.token.description}</strong>
              {dialog.token.username !== s.user.username ? ` (owned by ${dialog.token.username})` : ''} get “not logged in” (401) from now on. A
              revoked token cannot be brought back; a new one has a new secret.
            </>
          }
          action="Revoke token"
          onConfirm={() => mutate({ method: 'DELETE', path: apiPath('tokens', dialog.token.id) }, `Revoke token #${dialog.token.id}`)}
          onClose={() => (setDialog(null), setReload((x) => x + 1))}
        />
      )}
    </Page>
  );
}
