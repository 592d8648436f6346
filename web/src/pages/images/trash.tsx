// pages/images/trash.tsx - the RBD trash of one pool: images moved there wait for
// their deferment to end; they can be restored (under a new name if wanted) or
// purged, which deletes every object and runs as a task. Purging early needs an
// explicit force, offered with its warning.
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { apiPath, list, mutate } from '../../api/client';
import { activeFor, useTasks, useTasksMoved } from '../../api/tasks';
import { ConfirmForm, Modal } from '../../components/Dialog';
import { Page } from '../../components/Page';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Time } from '../../components/Values';
import { absTime, relTime } from '../../lib/format';
import { clusterHref, useSession } from '../../lib/session';
import { TaskMeter } from './actions';
import { RestoreForm } from './forms';
import { deferred } from './logic';
import { imageHref } from './list';
import { PoolPicker, isRbd, nsQuery, usePoolChoice, usePools } from './pools';
import type { TrashEntry } from './types';

function Deferment({ end }: { end: string | null }) {
  if (!deferred(end))
    return (
      <span class="img-purgeable" title={end ? `Deferment ended ${absTime(end)}` : undefined}>
        can be purged now
      </span>
    );
  return (
    <span title={absTime(end)}>
      can be purged after {absTime(end)} <span class="muted">({relTime(end)})</span>
    </span>
  );
}

export function Trash() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const s = useSession();
  const { active } = useTasks();
  const { pools, error, retry } = usePools(fsid);
  const { pool, namespace, choose } = usePoolChoice();
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<null | { kind: 'restore' | 'purge'; entry: TrashEntry }>(null);
  const [restored, setRestored] = useState('');

  useEffect(() => {
    if (pools && !pool && pools.length && isRbd(pools[0])) choose(pools[0].name, '', true);
  }, [pools, pool]);
  const rbdTasks = useTasksMoved(active, 'rbd.');

  const working = (e: TrashEntry) => activeFor(active, { fsid, pool, namespace, id: e.id });
  const columns: Column<TrashEntry>[] = [
    {
      key: 'name',
      label: 'Name',
      sort: 'name',
      render: (e) => (
        <>
          <strong>{e.name}</strong>
          {working(e) && (
            <div class="img-task">
              <TaskMeter task={working(e)} />
            </div>
          )}
        </>
      ),
    },
    { key: 'id', label: 'ID', sort: 'id', render: (e) => <code>{e.id}</code> },
    { key: 'deleted_at', label: 'Moved to trash', sort: 'deleted_at', render: (e) => <Time at={e.deleted_at} /> },
    { key: 'deferment_end', label: 'Deferment', sort: 'deferment_end', render: (e) => <Deferment end={e.deferment_end} /> },
    { key: 'source', label: 'Moved by', optional: true, render: (e) => e.source.replace('_', ' ') },
  ];
  const base = apiPath('clusters', fsid, 'pools', pool, 'trash');
  return (
    <Page title="Trash" sub="RBD images moved to a pool's trash: restore them, or purge them for good once their deferment ends.">
      {error !== null && !pools ? (
        <ErrorBox error={error} retry={retry} />
      ) : !pools ? (
        <Loading what="Loading the pools" />
      ) : pools.length === 0 ? (
        <Empty title="This cluster has no pools">Images and their trash live in pools.</Empty>
      ) : (
        <>
          <div class="img-bar">
            <PoolPicker fsid={fsid} pools={pools} pool={pool} namespace={namespace} onChange={choose} />
            <a class="img-trash-link" href={clusterHref(fsid, 'images') + (pool ? `?pool=${encodeURIComponent(pool)}${namespace ? '&namespace=' + encodeURIComponent(namespace) : ''}` : '')}>
              Images of this pool
            </a>
          </div>
          {restored && (
            <p class="img-note ok" role="status">
              Restored <a href={imageHref(fsid, pool, namespace, restored)}>{restored}</a>.
            </p>
          )}
          {!pool && <Empty title="No pool has the rbd application yet">Pick a pool above to see its trash.</Empty>}
          {pool && (
            <Table<TrashEntry>
              id="trash"
              urlState
              columns={columns}
              defaultSort="-deleted_at"
              searchLabel="Search by name or id"
              emptyTitle="The trash is empty"
              rowKey={(e) => e.id}
              rowClass={(e) => (working(e) ? 'working' : '')}
              reload={`${pool}|${namespace}|${reload}|${rbdTasks}`}
              pollMs={30000}
              load={(q, signal) => list<TrashEntry>(base, { ...q, ...nsQuery(namespace) }, signal)}
              empty={
                <>
                  The trash of pool <strong>{pool}</strong> is empty. Images get here with <em>Trash</em> on the{' '}
                  <a href={clusterHref(fsid, 'images') + `?pool=${encodeURIComponent(pool)}`}>Images</a> page.
                </>
              }
              actions={
                s.canMutate
                  ? (e) =>
                      !working(e) && (
                        <>
                          <button type="button" class="btn small" onClick={() => setDialog({ kind: 'restore', entry: e })}>
                            Restore
                          </button>
                          <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'purge', entry: e })}>
                            Purge
                          </button>
                        </>
                      )
                  : undefined
              }
            />
          )}
        </>
      )}
      {dialog?.kind === 'restore' && (
        <Modal title={`Restore ${dialog.entry.name}`} onClose={() => setDialog(null)}>
          <RestoreForm
            fsid={fsid}
            pool={pool}
            namespace={namespace}
            entry={dialog.entry}
            onDone={(_o, name) => (setDialog(null), setRestored(name), setReload((x) => x + 1))}
            onCancel={() => setDialog(null)}
          />
        </Modal>
      )}
      {dialog?.kind === 'purge' && (
        <Purge
          entry={dialog.entry}
          onClose={() => setDialog(null)}
          purge={(force) =>
            mutate(
              { method: 'DELETE', path: `${base}/${encodeURIComponent(dialog.entry.id)}`, query: { ...nsQuery(namespace), ...(force ? { force: true } : {}) } },
              `Purge ${dialog.entry.name}`,
            ).then(() => setReload((x) => x + 1))
          }
        />
      )}
    </Page>
  );
}

/** Purge confirmation; before the deferment ends it wants "purge anyway" ticked. */
function Purge({ entry, purge, onClose }: { entry: TrashEntry; purge: (force: boolean) => Promise<unknown>; onClose: () => void }) {
  const early = deferred(entry.deferment_end);
  const [force, setForce] = useState(false);
  return (
    <ConfirmForm
      title={`Purge ${entry.name}`}
      action={early ? 'Purge now' : 'Purge'}
      ready={!early || force}
      onConfirm={() => purge(early && force)}
      onClose={onClose}
    >
      <p class="danger-text">
        Every block of <strong>{entry.name}</strong> (id <code>{entry.id}</code>) is destroyed; it can no longer be restored. This cannot be undone.
      </p>
      {early && (
        <div class="img-force">
          <p>
            Its deferment lasts until <strong>{absTime(entry.deferment_end)}</strong> ({relTime(entry.deferment_end)}): whoever moved it wanted it kept
            until then.
          </p>
          <label class="inline">
            <input type="checkbox" name="force" checked={force} onChange={(e) => setForce((e.target as HTMLInputElement).checked)} /> Purge it now anyway
            (force)
          </label>
        </div>
      )}
    </ConfirmForm>
  );
}
