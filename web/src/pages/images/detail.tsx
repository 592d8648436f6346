// pages/images/detail.tsx - one RBD image, a tab per URL: Details (every property,
// who has it open, its locks, its parent) and Snapshots (create, rename, protect,
// roll back with the task's progress, clone, delete).
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { get, list, mutate, messageOf } from '../../api/client';
import { activeFor, useTasks } from '../../api/tasks';
import { Confirm, Modal } from '../../components/Dialog';
import { Badge } from '../../components/Health';
import { Page, Tabs } from '../../components/Page';
import { RbdSettings } from '../../components/RbdSettings';
import { ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Size, Time } from '../../components/Values';
import { bytes } from '../../lib/format';
import { clusterHref, useSession } from '../../lib/session';
import { ImageButtons, ImageDialog, TaskMeter, imageTarget, type ImageAction } from './actions';
import { CloneForm, SnapshotForm, imagePath } from './forms';
import { ParentLink, imageHref } from './list';
import { nsQuery, usePools } from './pools';
import type { ImageDetail as Detail, PoolLite, Snapshot } from './types';

const listHref = (fsid: string, pool: string, ns: string) =>
  clusterHref(fsid, 'images') + `?pool=${encodeURIComponent(pool)}` + (ns ? `&namespace=${encodeURIComponent(ns)}` : '');

export function ImageDetail() {
  const { params } = useRoute();
  const { fsid, pool, image } = params;
  const tab = params.tab || '';
  const loc = useLocation();
  const ns = loc.query?.namespace || '';
  const s = useSession();
  const { active } = useTasks();
  const { pools } = usePools(fsid);
  const [img, setImg] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [withUsed, setWithUsed] = useState(false);
  const [dialog, setDialog] = useState<ImageAction | null>(null);

  const target = imageTarget(fsid, { pool, namespace: ns, name: image });
  const task = activeFor(active, target);
  // Reload when a task on this image starts or ends (flatten, rollback, copy).
  const mine = active.filter((t) => activeFor([t], target)).length;
  useEffect(() => setTick((x) => x + 1), [mine]);
  useEffect(() => {
    const ac = new AbortController();
    get<Detail>(imagePath(fsid, pool, image), { ...nsQuery(ns), ...(withUsed ? { fields: 'used' } : {}) }, ac.signal)
      .then((d) => (setImg(d), setError(null)))
      .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [fsid, pool, image, ns, tick, withUsed]);

  const base = imageHref(fsid, pool, ns, image);
  const tabs = [
    { href: base, label: 'Details' },
    { href: imageHref(fsid, pool, ns, image, 'snapshots'), label: `Snapshots${img ? ` (${img.snapshot_count})` : ''}` },
    { href: imageHref(fsid, pool, ns, image, 'settings'), label: 'Settings' },
  ];
  const current = tab === 'snapshots' ? tabs[1].href : tab === 'settings' ? tabs[2].href : base;
  const changed = (a: ImageAction, _o: unknown, name?: string) => {
    setDialog(null);
    if (a === 'delete') loc.route(listHref(fsid, pool, ns));
    else if (a === 'trash') loc.route(clusterHref(fsid, 'trash') + `?pool=${encodeURIComponent(pool)}` + (ns ? `&namespace=${encodeURIComponent(ns)}` : ''));
    else if (a === 'edit' && name && name !== image) loc.route(imageHref(fsid, pool, ns, name, tab || undefined), true);
    else setTick((x) => x + 1);
  };
  return (
    <Page
      title={`Image ${image}`}
      sub={
        <>
          <a href={listHref(fsid, pool, ns)}>
            Images of pool {pool}
            {ns ? ` / ${ns}` : ''}
          </a>
        </>
      }
      actions={s.canMutate && img && !task && <ImageButtons image={img} small={false} onAction={setDialog} />}
    >
      {task && (
        <div class="img-busy" role="status">
          <TaskMeter task={task} />
        </div>
      )}
      <Tabs tabs={tabs} current={current} />
      {error !== null ? (
        <ErrorBox error={error} retry={() => setTick((x) => x + 1)} />
      ) : !img ? (
        <Loading />
      ) : tab === 'snapshots' ? (
        <Snapshots fsid={fsid} image={img} pools={pools || []} reloadImage={() => setTick((x) => x + 1)} />
      ) : tab === 'settings' ? (
        <RbdSettings path={imagePath(fsid, pool, image, 'rbd-config')} ns={ns || undefined} scope="image" canMutate={s.canMutate} />
      ) : (
        <Details fsid={fsid} img={img} withUsed={withUsed} showUsed={() => setWithUsed(true)} />
      )}
      {dialog && img && <ImageDialog fsid={fsid} image={img} action={dialog} pools={pools || []} onClose={() => setDialog(null)} onChanged={changed} />}
    </Page>
  );
}

function Details({ fsid, img, withUsed, showUsed }: { fsid: string; img: Detail; withUsed: boolean; showUsed: () => void }) {
  const striped = img.stripe_count > 1 || img.stripe_unit !== img.obj_size;
  return (
    <div class="img-grid">
      <section class="card img-props">
        <h2>Properties</h2>
        <dl class="props">
          <dt>Pool</dt>
          <dd>
            <a href={clusterHref(fsid, 'pools', img.pool)}>{img.pool}</a>
            {img.namespace && ` / namespace ${img.namespace}`}
          </dd>
          <dt>Size</dt>
          <dd>
            <Size bytes={img.size} /> <span class="muted">({img.size.toLocaleString('en-US')} bytes)</span>
          </dd>
          <dt>Used</dt>
          <dd>
            {!withUsed ? (
              <button type="button" class="btn small" onClick={showUsed}>
                Show used space
              </button>
            ) : img.used === undefined ? (
              <span class="muted">reading…</span>
            ) : img.used === null ? (
              <span class="muted">unknown (needs a valid fast-diff map)</span>
            ) : (
              <Size bytes={img.used} />
            )}
          </dd>
          <dt>Objects</dt>
          <dd>
            {img.num_objs.toLocaleString('en-US')} of <Size bytes={img.obj_size} />
          </dd>
          <dt>Striping</dt>
          <dd>{striped ? `stripe unit ${bytes(img.stripe_unit)}, count ${img.stripe_count}` : 'none (one object at a time)'}</dd>
          <dt>Data pool</dt>
          <dd>{img.data_pool || <span class="muted">none: data with the metadata</span>}</dd>
          <dt>Features</dt>
          <dd>
            {img.features.length ? (
              <ul class="img-taglist">
                {img.features.map((f) => (
                  <li>
                    <code>{f}</code>
                  </li>
                ))}
              </ul>
            ) : (
              'none'
            )}
          </dd>
          <dt>Created</dt>
          <dd>
            <Time at={img.created_at} />
          </dd>
          <dt>ID</dt>
          <dd>
            <code>{img.id}</code>
          </dd>
          <dt>Block name prefix</dt>
          <dd>
            <code>{img.block_name_prefix}</code>
          </dd>
        </dl>
      </section>
      <section class="card" data-card="parent">
        <h2>Parent</h2>
        {img.parent ? (
          <>
            <p>
              A clone of <ParentLink fsid={fsid} image={img} />.
            </p>
            <p class="help">It reads unchanged data from that snapshot. Flatten it to make it independent.</p>
          </>
        ) : (
          <p class="muted">Not a clone: it holds all of its own data.</p>
        )}
      </section>
      <section class="card" data-card="watchers">
        <h2>Watchers</h2>
        {img.watchers.length === 0 ? (
          <p class="muted">No client has the image open.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>Client</th>
                <th>Address</th>
              </tr>
            </thead>
            <tbody>
              {img.watchers.map((w) => (
                <tr>
                  <td>client.{w.client_id}</td>
                  <td>
                    <code>{w.address}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" data-card="locks">
        <h2>Locks</h2>
        {img.locks.length === 0 ? (
          <p class="muted">No locks are held.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>Holder</th>
                <th>Address</th>
                <th>Kind</th>
              </tr>
            </thead>
            <tbody>
              {img.locks.map((l) => (
                <tr>
                  <td title={`cookie ${l.cookie}`}>{l.client}</td>
                  <td>
                    <code>{l.address}</code>
                  </td>
                  <td>
                    {l.exclusive ? 'exclusive' : 'shared'}
                    {l.tag ? ` (${l.tag})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

type SnapDialog = { kind: 'create' } | { kind: 'rename' | 'rollback' | 'clone' | 'delete'; snap: Snapshot };

function Snapshots({ fsid, image, pools, reloadImage }: { fsid: string; image: Detail; pools: PoolLite[]; reloadImage: () => void }) {
  const s = useSession();
  const loc = useLocation();
  const { active } = useTasks();
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<SnapDialog | null>(null);
  const [problem, setProblem] = useState<string>('');
  const [busy, setBusy] = useState('');
  const base = imagePath(fsid, image.pool, image.name, 'snapshots');
  const where = nsQuery(image.namespace);
  const target = imageTarget(fsid, image);
  const rolling = (sn: Snapshot) => activeFor(active, { ...target, snapshot: sn.name });
  const anyTask = activeFor(active, target);
  const done = () => {
    setDialog(null);
    setReload((x) => x + 1);
    reloadImage();
  };
  const protect = async (sn: Snapshot, on: boolean) => {
    setProblem('');
    setBusy(sn.name);
    try {
      await mutate({ method: 'PATCH', path: `${base}/${encodeURIComponent(sn.name)}`, query: where, body: { protected: on } }, `${on ? 'Protect' : 'Unprotect'} ${sn.name}`);
    } catch (e) {
      setProblem(`${on ? 'Protecting' : 'Unprotecting'} ${sn.name} failed: ${messageOf(e)}`);
    }
    setBusy('');
    setReload((x) => x + 1);
  };
  const columns: Column<Snapshot>[] = [
    {
      key: 'name',
      label: 'Name',
      sort: 'name',
      render: (sn) => (
        <>
          <strong>{sn.name}</strong>
          {rolling(sn) && (
            <div class="img-task">
              <TaskMeter task={rolling(sn)} />
            </div>
          )}
        </>
      ),
    },
    { key: 'size', label: 'Size', sort: 'size', numeric: true, render: (sn) => <Size bytes={sn.size} /> },
    {
      key: 'protected',
      label: 'Protection',
      render: (sn) => (sn.protected ? <Badge tone="info">protected</Badge> : <Badge tone="muted">unprotected</Badge>),
    },
    { key: 'created', label: 'Created', sort: 'created_at', render: (sn) => <Time at={sn.created_at} /> },
    { key: 'id', label: 'ID', sort: 'id', optional: true, numeric: true, render: (sn) => sn.id },
  ];
  return (
    <>
      {problem && (
        <div class="form-error img-problem" role="alert">
          {problem}{' '}
          <button type="button" class="icon-btn" aria-label="Dismiss" onClick={() => setProblem('')}>
            ×
          </button>
        </div>
      )}
      <Table<Snapshot>
        id="snapshots"
        urlState
        columns={columns}
        defaultSort="id"
        searchLabel="Search snapshots by name"
        emptyTitle="No snapshots yet"
        rowKey={(sn) => sn.name}
        rowClass={(sn) => (rolling(sn) ? 'working' : '')}
        reload={`${image.name}|${reload}|${Boolean(anyTask)}`}
        load={(q, signal) => list<Snapshot>(base, { ...q, ...where }, signal)}
        toolbar={
          s.canMutate && (
            <button type="button" class="btn primary small" onClick={() => setDialog({ kind: 'create' })}>
              Create snapshot
            </button>
          )
        }
        empty={
          <>
            <strong>{image.name}</strong> has no snapshots. {s.canMutate ? 'Create one before a risky change: you can roll back to it or clone it.' : ''}
          </>
        }
        actions={
          s.canMutate
            ? (sn) =>
                !anyTask && (
                  <>
                    <button type="button" class="btn small" onClick={() => setDialog({ kind: 'rename', snap: sn })}>
                      Rename
                    </button>
                    <button type="button" class="btn small" disabled={busy === sn.name} onClick={() => protect(sn, !sn.protected)}>
                      {sn.protected ? 'Unprotect' : 'Protect'}
                    </button>
                    <button type="button" class="btn small" onClick={() => setDialog({ kind: 'clone', snap: sn })}>
                      Clone
                    </button>
                    <button type="button" class="btn small" onClick={() => setDialog({ kind: 'rollback', snap: sn })}>
                      Roll back
                    </button>
                    <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', snap: sn })}>
                      Delete
                    </button>
                  </>
                )
            : undefined
        }
      />
      {dialog?.kind === 'create' && (
        <Modal title={`Snapshot image ${image.name}`} onClose={() => setDialog(null)}>
          <SnapshotForm fsid={fsid} image={image} onDone={done} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'rename' && (
        <Modal title={`Rename snapshot ${dialog.snap.name}`} onClose={() => setDialog(null)}>
          <SnapshotForm fsid={fsid} image={image} snap={dialog.snap} onDone={done} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'clone' && (
        <Modal title={`Clone snapshot ${dialog.snap.name}`} onClose={() => setDialog(null)} wide>
          <CloneForm
            fsid={fsid}
            image={image}
            snap={dialog.snap}
            pools={pools}
            onDone={(_o, pool, ns, name) => (setDialog(null), loc.route(imageHref(fsid, pool, ns, name)))}
            onCancel={() => setDialog(null)}
          />
        </Modal>
      )}
      {dialog?.kind === 'rollback' && (
        <Confirm
          title={`Roll back image ${image.name}`}
          name={dialog.snap.name}
          action="Roll back"
          consequence={
            <>
              <strong>{image.name}</strong> becomes what it was at snapshot <strong>{dialog.snap.name}</strong>
              {dialog.snap.created_at ? (
                <>
                  {' '}
                  (<Time at={dialog.snap.created_at} />)
                </>
              ) : null}
              : everything written since is lost. Clients must not have the image open. Runs as a task.
            </>
          }
          onConfirm={() =>
            mutate({ method: 'POST', path: `${base}/${encodeURIComponent(dialog.snap.name)}/rollback`, query: where }, `Roll back ${image.name} to ${dialog.snap.name}`).then(
              () => setReload((x) => x + 1),
            )
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <Confirm
          title={`Delete snapshot ${dialog.snap.name}`}
          name={dialog.snap.name}
          action="Delete snapshot"
          consequence={
            <>
              Snapshot <strong>{dialog.snap.name}</strong> of <strong>{image.name}</strong> is deleted: you can no longer roll back to it or clone it.
              {dialog.snap.protected && ' It is protected: unprotect it first.'}
            </>
          }
          onConfirm={() => mutate({ method: 'DELETE', path: `${base}/${encodeURIComponent(dialog.snap.name)}`, query: where }, `Delete snapshot ${dialog.snap.name}`).then(done)}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
