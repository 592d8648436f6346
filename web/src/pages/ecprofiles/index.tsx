// pages/ecprofiles - the erasure-code profiles of a cluster: how each splits objects
// (k data + m coding chunks), over which failure domain, and the pools using it;
// create through a form checked as you type, delete with a confirmation (refused,
// with the reason, while pools use the profile).
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { apiPath, list, mutate } from '../../api/client';
import { Confirm, Modal } from '../../components/Dialog';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { NoteBar } from '../../components/NoteBar';
import { percent } from '../../lib/format';
import { clusterHref, useSession } from '../../lib/session';
import { EcProfileForm } from './form';
import type { EcProfile } from './types';

const dash = (v: string | number | null, dflt?: string) =>
  v === null || v === '' ? <span class="muted">{dflt || '—'}</span> : String(v);

export function EcProfiles() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const s = useSession();
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<null | { kind: 'create' } | { kind: 'delete'; profile: EcProfile }>(null);
  const [notice, setNotice] = useState('');

  const columns: Column<EcProfile>[] = [
    { key: 'name', label: 'Name', sort: 'name', render: (p) => <strong>{p.name}</strong> },
    { key: 'k', label: 'k (data)', sort: 'k', numeric: true, render: (p) => dash(p.k) },
    { key: 'm', label: 'm (coding)', sort: 'm', numeric: true, render: (p) => dash(p.m) },
    {
      key: 'usable',
      label: 'Usable',
      render: (p) =>
        p.k && p.m ? <span title={`${p.k} of every ${p.k + p.m} chunks are data; survives ${p.m} failure${p.m === 1 ? '' : 's'}`}>{percent(p.k / (p.k + p.m), 0)}</span> : dash(null),
    },
    { key: 'plugin', label: 'Plugin', sort: 'plugin', render: (p) => dash(p.plugin, 'jerasure') },
    { key: 'technique', label: 'Technique', render: (p) => dash(p.technique, 'plugin default') },
    { key: 'crush_failure_domain', label: 'Failure domain', sort: 'crush_failure_domain', render: (p) => dash(p.crush_failure_domain, 'host (default)') },
    { key: 'crush_device_class', label: 'Device class', sort: 'crush_device_class', render: (p) => dash(p.crush_device_class, 'any') },
    { key: 'crush_root', label: 'CRUSH root', optional: true, render: (p) => dash(p.crush_root, 'default') },
    {
      key: 'pools_using',
      label: 'Used by pools',
      render: (p) =>
        p.pools_using.length === 0 ? (
          <span class="muted">none</span>
        ) : (
          p.pools_using.map((n, i) => (
            <>
              {i > 0 && ', '}
              <a href={clusterHref(fsid, 'pools', n)}>{n}</a>
            </>
          ))
        ),
    },
  ];

  return (
    <Page
      title="Erasure-code profiles"
      sub="How erasure-coded pools cut objects into k data and m coding chunks, spread over a failure domain."
      actions={
        s.canMutate && (
          <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'create' })}>
            Create profile
          </button>
        )
      }
    >
      {notice && <NoteBar onDismiss={() => setNotice('')}>{notice}</NoteBar>}
      <Table<EcProfile>
        id="ecprofiles"
        urlState
        columns={columns}
        defaultSort="name"
        searchLabel="Search profiles by name, plugin or failure domain"
        rowKey={(p) => p.name}
        reload={reload}
        load={(q, signal) => list<EcProfile>(apiPath('clusters', fsid, 'erasure-code-profiles'), { ...q }, signal)}
        empty={s.canMutate ? 'Create a profile before creating erasure-coded pools.' : 'An operator can create profiles.'}
        actions={
          s.canMutate
            ? (p) => {
                const used = p.pools_using.length > 0;
                const why = used ? `Used by ${p.pools_using.join(', ')}: delete ${p.pools_using.length === 1 ? 'that pool' : 'those pools'} first.` : undefined;
                return (
                  <>
                    <button
                      type="button"
                      class="btn small danger"
                      disabled={used}
                      title={why}
                      aria-describedby={used ? `why-${p.name}` : undefined}
                      onClick={() => setDialog({ kind: 'delete', profile: p })}
                    >
                      Delete
                    </button>
                    {used && (
                      <span class="sr-only" id={`why-${p.name}`}>
                        {why}
                      </span>
                    )}
                  </>
                );
              }
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title="Create erasure-code profile" onClose={() => setDialog(null)} wide>
          <EcProfileForm
            fsid={fsid}
            onDone={(p) => {
              setDialog(null);
              setReload((x) => x + 1);
              if (p) setNotice(`Profile ${p.name} created: choose it when you create an erasure-coded pool.`);
            }}
            onCancel={() => setDialog(null)}
          />
        </Modal>
      )}
      {dialog?.kind === 'delete' && (
        <Confirm
          title={`Delete profile ${dialog.profile.name}`}
          name={dialog.profile.name}
          consequence={
            <>
              The erasure-code profile <strong>{dialog.profile.name}</strong> (k={dialog.profile.k ?? '?'}, m={dialog.profile.m ?? '?'},{' '}
              {dialog.profile.plugin || 'jerasure'}) will be removed: new pools can no longer use it. No pool uses it now, so no data is affected.
            </>
          }
          action="Delete profile"
          onConfirm={async () => {
            await mutate(
              { method: 'DELETE', path: apiPath('clusters', fsid, 'erasure-code-profiles', dialog.profile.name) },
              `Delete profile ${dialog.profile.name}`,
            ).finally(() => setReload((x) => x + 1));
            setNotice(`Profile ${dialog.profile.name} deleted.`);
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Page>
  );
}
