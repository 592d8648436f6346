// pages/images/actions.tsx - what an operator can do to an image, shared by the list
// rows and the detail page: edit (resize, features, rename), copy, flatten a clone,
// move to the trash, delete with the name typed. Long work comes back as a task.
import { apiPath, mutate, type Outcome } from '../../api/client';
import { taskVerb } from '../../api/tasks';
import type { Task } from '../../api/types';
import { Confirm, Modal } from '../../components/Dialog';
import { Meter } from '../../components/Health';
import { Size } from '../../components/Values';
import { CopyImageForm, EditImageForm, TrashForm, imagePath } from './forms';
import { nsQuery } from './pools';
import type { Image, PoolLite } from './types';

export type ImageAction = 'edit' | 'copy' | 'flatten' | 'trash' | 'delete';

/** "deleting… 40%" for an image (or snapshot) some task is working on. */
export function TaskMeter({ task }: { task: Task | undefined }) {
  if (!task) return null;
  return <Meter fraction={task.progress / 100} label={`${taskVerb(task.kind)}… ${task.state === 'queued' ? 'queued' : task.progress + '%'}`} />;
}

/** The target keys rbd_tasks.c and rbd_copy.c give an image's tasks. */
export const imageTarget = (fsid: string, img: Pick<Image, 'pool' | 'namespace' | 'name'>) => ({
  fsid,
  pool: img.pool,
  namespace: img.namespace || '',
  image: img.name,
});

export function ImageButtons({ image, onAction, small = true }: { image: Image; onAction: (a: ImageAction) => void; small?: boolean }) {
  const cls = small ? 'btn small' : 'btn';
  return (
    <>
      <button type="button" class={cls} onClick={() => onAction('edit')}>
        Edit
      </button>
      <button type="button" class={cls} onClick={() => onAction('copy')}>
        Copy
      </button>
      {image.parent && (
        <button type="button" class={cls} onClick={() => onAction('flatten')}>
          Flatten
        </button>
      )}
      <button type="button" class={cls} onClick={() => onAction('trash')}>
        Trash
      </button>
      <button type="button" class={`${cls} danger`} onClick={() => onAction('delete')}>
        Delete
      </button>
    </>
  );
}

export interface ImageDialogProps {
  fsid: string;
  image: Image;
  action: ImageAction;
  pools: PoolLite[];
  onClose: () => void;
  /** after a change: the action, the outcome, and the new name (edit) */
  onChanged: (a: ImageAction, o: Outcome<unknown> | null, name?: string) => void;
}

export function ImageDialog(p: ImageDialogProps) {
  const img = p.image;
  const where = { query: nsQuery(img.namespace) };
  switch (p.action) {
    case 'edit':
      return (
        <Modal title={`Edit image ${img.name}`} onClose={p.onClose} wide>
          <EditImageForm fsid={p.fsid} image={img} onDone={(o, name) => p.onChanged('edit', o, name)} onCancel={p.onClose} />
        </Modal>
      );
    case 'copy':
      return (
        <Modal title={`Copy image ${img.name}`} onClose={p.onClose} wide>
          <CopyImageForm fsid={p.fsid} image={img} pools={p.pools} onDone={(o) => p.onChanged('copy', o)} onCancel={p.onClose} />
        </Modal>
      );
    case 'trash':
      return (
        <Modal title={`Move image ${img.name} to the trash`} onClose={p.onClose}>
          <TrashForm fsid={p.fsid} image={img} onDone={(o) => p.onChanged('trash', o)} onCancel={p.onClose} />
        </Modal>
      );
    case 'flatten':
      return (
        <Confirm
          title={`Flatten clone ${img.name}`}
          name={img.name}
          action="Flatten"
          consequence={
            <>
              Copies the data <strong>{img.name}</strong> still shares with its parent{' '}
              {img.parent && (
                <code>
                  {img.parent.pool}/{img.parent.image}@{img.parent.snapshot}
                </code>
              )}{' '}
              into it: it then uses more space but no longer depends on the parent, whose snapshot can be unprotected and deleted. Runs as a task.
            </>
          }
          onConfirm={async () => {
            const o = await mutate({ method: 'POST', path: imagePath(p.fsid, img.pool, img.name, 'flatten'), ...where }, `Flatten ${img.name}`);
            p.onChanged('flatten', o);
          }}
          onClose={p.onClose}
        />
      );
    case 'delete':
      return (
        <Confirm
          title={`Delete image ${img.name}`}
          name={img.name}
          typeName
          action="Delete image"
          consequence={
            <>
              Every block of <strong>{img.name}</strong> (<Size bytes={img.size} /> provisioned) in pool <strong>{img.pool}</strong> is destroyed. This
              cannot be undone; <em>Trash</em> keeps a way back instead.
              {img.snapshot_count > 0 && (
                <>
                  {' '}
                  It has {img.snapshot_count} snapshot{img.snapshot_count === 1 ? '' : 's'}: delete {img.snapshot_count === 1 ? 'it' : 'them'} first.
                </>
              )}
            </>
          }
          onConfirm={async () => {
            const o = await mutate({ method: 'DELETE', path: apiPath('clusters', p.fsid, 'pools', img.pool, 'images', img.name), ...where }, `Delete image ${img.name}`);
            p.onChanged('delete', o);
          }}
          onClose={p.onClose}
        />
      );
  }
}
