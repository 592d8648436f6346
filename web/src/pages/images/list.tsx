// pages/images/list.tsx - the RBD images of one pool (and namespace): paged, sorted
// and searched by the server, so 10,000 images cost one page; the space used only
// on request (it reads each image's allocation map). A row some task works on
// shows the task's progress.
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { list } from '../../api/client';
import { activeFor, useTasks, useTasksMoved } from '../../api/tasks';
import { Modal } from '../../components/Dialog';
import { Page } from '../../components/Page';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Size, Time } from '../../components/Values';
import { bytes } from '../../lib/format';
import { clusterHref, useSession } from '../../lib/session';
import { ImageButtons, ImageDialog, TaskMeter, imageTarget, type ImageAction } from './actions';
import { CreateImageForm, imagePath } from './forms';
import { NamespaceButtons } from './namespaces';
import { PoolPicker, isRbd, nsQuery, nsSuffix, usePoolChoice, usePools } from './pools';
import type { Image } from './types';

export const imageHref = (fsid: string, pool: string, ns: string, name: string, tab?: string) =>
  clusterHref(fsid, 'images', pool, name, ...(tab ? [tab] : [])) + nsSuffix(ns);

/** pool/namespace/image@snapshot of a clone's parent; short drops what the clone shares. */
export function ParentLink({ fsid, image, short }: { fsid: string; image: Image; short?: boolean }) {
  const par = image.parent;
  if (!par) return <span class="muted">—</span>;
  const full = `${par.pool}/${par.namespace ? par.namespace + '/' : ''}${par.image}@${par.snapshot}`;
  const same = par.pool === image.pool && par.namespace === image.namespace;
  return (
    <a href={imageHref(fsid, par.pool, par.namespace, par.image, 'snapshots')} title={`${full}: the parent's snapshots`}>
      {short && same ? `${par.image}@${par.snapshot}` : full}
    </a>
  );
}

export function Images() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const loc = useLocation();
  const s = useSession();
  const { active } = useTasks();
  const { pools, error, retry } = usePools(fsid);
  const { pool, namespace, choose } = usePoolChoice();
  const used = loc.query?.used === '1';
  const [reload, setReload] = useState(0);
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<null | { action: ImageAction; image: Image }>(null);

  // Without ?pool=, the first pool with the rbd application (replacing the URL).
  useEffect(() => {
    if (pools && !pool && pools.length && isRbd(pools[0])) choose(pools[0].name, '', true);
  }, [pools, pool]);
  // A task on images ended: the list changed.
  const rbdTasks = useTasksMoved(active, 'rbd.');

  const setUsed = (on: boolean) => {
    const u = new URLSearchParams(location.search);
    if (on) u.set('used', '1');
    else u.delete('used');
    loc.route(location.pathname + '?' + u.toString(), true);
  };
  const working = (img: Image) => activeFor(active, imageTarget(fsid, img));

  const columns: Column<Image>[] = [
    {
      key: 'name',
      label: 'Name',
      sort: 'name',
      render: (img) => (
        <>
          <a href={imageHref(fsid, img.pool, img.namespace, img.name)}>{img.name}</a>
          {working(img) && (
            <div class="img-task">
              <TaskMeter task={working(img)} />
            </div>
          )}
        </>
      ),
    },
    { key: 'size', label: 'Size', sort: 'size', numeric: true, render: (img) => <Size bytes={img.size} /> },
    ...(used
      ? [
          {
            key: 'used',
            label: 'Used',
            numeric: true,
            render: (img: Image) =>
              img.used === null || img.used === undefined ? (
                <span class="muted" title="Only images with a valid fast-diff map can tell without reading every object">
                  unknown
                </span>
              ) : (
                <Size bytes={img.used} />
              ),
          },
        ]
      : []),
    {
      key: 'features',
      label: 'Features',
      render: (img) =>
        img.features.length ? (
          <span class="img-feats">
            {img.features.map((f, i) => (
              <>
                <span>{f}</span>
                {i < img.features.length - 1 ? ', ' : ''}
              </>
            ))}
          </span>
        ) : (
          <span class="muted">none</span>
        ),
    },
    { key: 'parent', label: 'Parent', render: (img) => <ParentLink fsid={fsid} image={img} short /> },
    { key: 'snapshots', label: 'Snapshots', sort: 'snapshot_count', numeric: true, render: (img) => img.snapshot_count },
    { key: 'created', label: 'Created', sort: 'created_at', render: (img) => <Time at={img.created_at} /> },
    { key: 'data_pool', label: 'Data pool', optional: true, render: (img) => img.data_pool || <span class="muted">—</span> },
    { key: 'obj_size', label: 'Object size', sort: 'obj_size', numeric: true, optional: true, render: (img) => <Size bytes={img.obj_size} /> },
    { key: 'num_objs', label: 'Objects', sort: 'num_objs', numeric: true, optional: true, render: (img) => img.num_objs.toLocaleString('en-US') },
    {
      key: 'striping',
      label: 'Striping',
      optional: true,
      render: (img) =>
        img.stripe_count > 1 || img.stripe_unit !== img.obj_size ? `${bytes(img.stripe_unit)} × ${img.stripe_count}` : <span class="muted">none</span>,
    },
    { key: 'id', label: 'ID', sort: 'id', optional: true, render: (img) => <code>{img.id}</code> },
  ];

  const current = pools?.find((p) => p.name === pool);
  const done = () => (setDialog(null), setReload((x) => x + 1));
  return (
    <Page
      title="Images"
      sub="RBD block devices: thin-provisioned disks for VMs, iSCSI and kernel clients. Snapshots and clones are on each image's page."
      actions={
        s.canMutate &&
        pool && (
          <button type="button" class="btn primary" onClick={() => setCreating(true)}>
            Create image
          </button>
        )
      }
    >
      {error !== null && !pools ? (
        <ErrorBox error={error} retry={retry} />
      ) : !pools ? (
        <Loading what="Loading the pools" />
      ) : pools.length === 0 ? (
        <Empty title="This cluster has no pools">
          Images live in a pool with the rbd application. <a href={clusterHref(fsid, 'pools')}>Create one on the Pools page.</a>
        </Empty>
      ) : (
        <>
          <div class="img-bar">
            <PoolPicker fsid={fsid} pools={pools} pool={pool} namespace={namespace} onChange={choose} />
            {s.canMutate && <NamespaceButtons fsid={fsid} pool={pool} namespace={namespace} onChange={(ns) => choose(pool, ns)} />}
            <label class="inline img-used" title="Reads each listed image's allocation map (fast-diff): a page takes noticeably longer">
              <input type="checkbox" checked={used} onChange={(e) => setUsed((e.target as HTMLInputElement).checked)} /> Show used space
              <span class="help">(slower: reads each image's allocation map)</span>
            </label>
            <a class="img-trash-link" href={clusterHref(fsid, 'trash') + (pool ? `?pool=${encodeURIComponent(pool)}${namespace ? '&namespace=' + encodeURIComponent(namespace) : ''}` : '')}>
              Trash of this pool
            </a>
          </div>
          {current && !isRbd(current) && (
            <p class="img-note" role="note">
              Pool <strong>{pool}</strong> does not have the rbd application enabled; images work there, but Ceph warns about pools used without their
              application. Enable it on the <a href={clusterHref(fsid, 'pools', pool)}>pool's page</a>.
            </p>
          )}
          {!pool && (
            <Empty title="No pool has the rbd application yet">
              Pick a pool above, or create one with the rbd application on the <a href={clusterHref(fsid, 'pools')}>Pools page</a>.
            </Empty>
          )}
          {pool && (
            <Table<Image>
              id="images"
              urlState
              columns={columns}
              defaultSort="name"
              searchLabel="Search images by name"
              emptyTitle="No images yet"
              rowKey={(img) => img.name}
              rowClass={(img) => (working(img) ? 'working' : '')}
              reload={`${pool}|${namespace}|${used}|${reload}|${rbdTasks}`}
              pollMs={used ? undefined : 15000}
              load={(q, signal) => list<Image>(imagePath(fsid, pool), { ...q, ...nsQuery(namespace), ...(used ? { fields: 'used' } : {}) }, signal)}
              empty={
                <>
                  Pool <strong>{pool}</strong>
                  {namespace ? ` (namespace ${namespace})` : ''} has no images.{' '}
                  {s.canMutate ? 'Create one with “Create image”.' : 'An operator can create images.'}
                </>
              }
              actions={
                s.canMutate
                  ? (img) => !working(img) && <ImageButtons image={img} onAction={(action) => setDialog({ action, image: img })} />
                  : undefined
              }
            />
          )}
        </>
      )}
      {creating && pools && (
        <Modal title="Create image" onClose={() => setCreating(false)} wide>
          <CreateImageForm
            fsid={fsid}
            pool={pool}
            namespace={namespace}
            pools={pools}
            onDone={() => (setCreating(false), setReload((x) => x + 1))}
            onCancel={() => setCreating(false)}
          />
        </Modal>
      )}
      {dialog && pools && (
        <ImageDialog fsid={fsid} image={dialog.image} action={dialog.action} pools={pools} onClose={() => setDialog(null)} onChanged={done} />
      )}
    </Page>
  );
}
