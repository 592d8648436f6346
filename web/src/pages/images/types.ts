// pages/images/types.ts - RBD images, snapshots and trash entries as the API answers
// them (fcgi/rbd_meta.c, rbd.c, rbd_snaps.c, rbd_trash.c).

export interface ParentRef {
  pool: string;
  namespace: string;
  image: string;
  snapshot: string;
}

export interface Image {
  name: string;
  pool: string;
  namespace: string;
  id: string;
  size: number;
  obj_size: number;
  num_objs: number;
  features: string[];
  data_pool: string | null;
  stripe_unit: number;
  stripe_count: number;
  parent: ParentRef | null;
  snapshot_count: number;
  created_at: string | null;
  /** only with ?fields=used; null with used_unknown when fast-diff cannot tell */
  used?: number | null;
  used_unknown?: boolean;
}

export interface Watcher {
  address: string;
  client_id: number;
  cookie: number;
}

export interface Lock {
  client: string;
  cookie: string;
  address: string;
  exclusive: boolean;
  tag: string;
}

/** One image (GET .../images/{image}): the list item and more. */
export interface ImageDetail extends Image {
  block_name_prefix: string;
  watchers: Watcher[];
  locks: Lock[];
}

export interface Snapshot {
  name: string;
  id: number;
  size: number;
  protected: boolean;
  created_at: string | null;
}

export interface TrashEntry {
  id: string;
  name: string;
  deleted_at: string | null;
  deferment_end: string | null;
  source: string;
}

/** What the pickers need of a pool. */
export interface PoolLite {
  name: string;
  type: 'replicated' | 'erasure';
  applications: string[];
}
