// pages/mgrmodules - the manager's modules: which run (always on, enabled), which
// cannot run and why; admins enable and disable them and change their options
// (options.tsx). Operators and viewers read.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { apiPath, list, messageOf, mutate } from '../../api/client';
import { Confirm } from '../../components/Dialog';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { NoteBar } from '../../components/NoteBar';
import { useSession } from '../../lib/session';
import { ModuleOptions } from './options';
import type { MgrModule } from './types';

function State({ m }: { m: MgrModule }) {
  if (m.always_on) return <Badge tone="info">always on</Badge>;
  if (m.enabled) return <Badge tone="ok">enabled</Badge>;
  return <Badge tone="muted">off</Badge>;
}

export function MgrModules() {
  const fsid = useRoute().params.fsid;
  const s = useSession();
  const [open, setOpen] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');
  const [disabling, setDisabling] = useState<MgrModule | null>(null);
  const patch = (m: MgrModule, enabled: boolean) =>
    mutate({ method: 'PATCH', path: apiPath('clusters', fsid, 'mgr', 'modules', m.name), body: { enabled } }, `${enabled ? 'Enable' : 'Disable'} ${m.name}`).finally(() =>
      setReload((x) => x + 1),
    );
  const enable = async (m: MgrModule) => {
    try {
      await patch(m, true);
      setNotice(`Module ${m.name} enabled.`);
    } catch (e) {
      setNotice(messageOf(e));
    }
  };
  const columns: Column<MgrModule>[] = [
    { key: 'name', label: 'Module', sort: 'name', render: (m) => <strong>{m.name}</strong> },
    { key: 'enabled', label: 'State', sort: 'enabled', render: (m) => <State m={m} /> },
    {
      key: 'can_run',
      label: 'Can run',
      render: (m) => (m.can_run ? <span class="muted">yes</span> : <span class="field-error">{m.error || 'no'}</span>),
    },
    {
      key: 'options',
      label: 'Options',
      numeric: true,
      render: (m) =>
        m.options > 0 ? (
          <button type="button" class="btn small" onClick={() => setOpen(m.name)}>
            {m.options} options
          </button>
        ) : (
          <span class="muted">none</span>
        ),
    },
  ];
  return (
    <Page title="Manager modules" sub="What the manager runs beside its core: the balancer, the autoscaler, metrics exporters and more.">
      {notice && <NoteBar onDismiss={() => setNotice('')}>{notice}</NoteBar>}
      <Table<MgrModule>
        id="mgrmodules"
        urlState
        columns={columns}
        defaultSort="name"
        searchLabel="Search modules"
        rowKey={(m) => m.name}
        reload={reload}
        load={(q, signal) => list<MgrModule>(apiPath('clusters', fsid, 'mgr', 'modules'), { ...q }, signal)}
        empty="The manager lists no modules."
        actions={
          s.isAdmin
            ? (m) =>
                !m.always_on &&
                (m.can_run || m.enabled) && (
                  <button type="button" class={m.enabled ? 'btn small danger' : 'btn small'} onClick={() => (m.enabled ? setDisabling(m) : enable(m))}>
                    {m.enabled ? 'Disable' : 'Enable'}
                  </button>
                )
            : undefined
        }
      />
      {open && <ModuleOptions fsid={fsid} name={open} isAdmin={s.isAdmin} onClose={() => setOpen(null)} />}
      {disabling && (
        <Confirm
          title={`Disable ${disabling.name}`}
          name={disabling.name}
          action="Disable module"
          consequence={
            <>
              The manager stops <strong>{disabling.name}</strong>: what it does (metrics it serves, balancing, scheduling...) stops until it is enabled again. Its
              options are kept.
            </>
          }
          onConfirm={async () => {
            await patch(disabling, false);
            setNotice(`Module ${disabling.name} disabled.`);
          }}
          onClose={() => setDisabling(null)}
        />
      )}
    </Page>
  );
}
