// pages/iscsi/choices.ts - what the iSCSI target form's selects offer: the nodes (the
// gateways are those with the role iscsi), the pools with the application rbd, and each
// pool's images, read when a disk row first names the pool.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, list, sentence } from '../../api/client';
import type { Schema } from '../../api/openapi';
import type { Node } from '../../api/types';
import { withRole } from '../../lib/nodes';

/** The nodes, pools and per-pool images the selects offer. */
export function useChoices(fsid: string) {
  const [nodes, setNodes] = useState<Node[] | null>(null);
  const [nodesError, setNodesError] = useState('');
  const [pools, setPools] = useState<string[] | null>(null);
  const [images, setImages] = useState<Record<string, string[] | 'loading' | 'error'>>({});
  useEffect(() => {
    list<Node>(apiPath('nodes'), { limit: 1000 })
      .then((r) => setNodes(r.items))
      .catch((e) => (setNodes([]), setNodesError(sentence((e as Error).message || 'the gateways could not be listed'))));
    list<Pick<Schema<'Pool'>, 'name' | 'applications'>>(apiPath('clusters', fsid, 'pools'), { limit: 1000 })
      .then((r) => setPools(r.items.filter((p) => p.applications.includes('rbd')).map((p) => p.name)))
      .catch(() => setPools([]));
  }, [fsid]);
  const imagesOf = (pool: string) => {
    if (!pool || images[pool]) return;
    setImages((m) => ({ ...m, [pool]: 'loading' }));
    list<Pick<Schema<'Image'>, 'name'>>(apiPath('clusters', fsid, 'pools', pool, 'images'), { limit: 1000, sort: 'name' })
      .then((r) => setImages((m) => ({ ...m, [pool]: r.items.map((i) => i.name) })))
      .catch(() => setImages((m) => ({ ...m, [pool]: 'error' })));
  };
  const gateways = nodes ? withRole(nodes, 'iscsi') : [];
  const nodeOf = (id: string) => nodes?.find((n) => n.id === id);
  return { nodes, nodesError, gateways, nodeOf, pools, images, imagesOf };
}

export type Choices = ReturnType<typeof useChoices>;
