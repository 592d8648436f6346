// pages/rgw/types.ts - the Object Gateway's daemons, users and buckets as
// /api/clusters/{fsid}/rgw answers them (the contract of issue 12). A secret key is
// answered only by the call that made it, and by the admins' audited "reveal".

export interface RgwDaemon {
  id: string;
  gid: number;
  hostname: string;
  endpoint: string;
  version: string;
  zone: string;
  zonegroup: string;
  realm: string;
  frontend: string;
}

export type KeyType = 's3' | 'swift';

export interface RgwKey {
  /** the user, or the subuser ("alice:swift") a swift key belongs to */
  user: string;
  access_key: string;
  type: KeyType;
  /** only in the answer that made the key, or to an admin's reveal */
  secret_key?: string;
}

export type SubuserAccess = 'none' | 'read' | 'write' | 'readwrite' | 'full';

export interface Subuser {
  /** "alice:swift" */
  id: string;
  /** "swift" */
  name: string;
  access: SubuserAccess;
}

export type CapType = 'users' | 'buckets' | 'metadata' | 'usage' | 'zone';
export type CapPerm = 'read' | 'write' | '*';

export interface Cap {
  type: CapType;
  perm: CapPerm;
}

/** max_size in bytes, max_objects a count; -1 = unlimited. */
export interface Quota {
  enabled: boolean;
  max_size: number;
  max_objects: number;
}

export interface RgwUser {
  /** the full id, "tenant$name" for a tenant's user */
  uid: string;
  tenant: string;
  user_id: string;
  display_name: string;
  email: string;
  suspended: boolean;
  max_buckets: number;
  op_mask: string;
  system: boolean;
  admin: boolean;
  keys: RgwKey[];
  subusers: Subuser[];
  caps: Cap[];
  quota: { user: Quota; bucket: Quota };
  /** GET of one user only */
  usage?: { size: number; size_actual: number; objects: number };
}

export type Versioning = 'off' | 'enabled' | 'suspended';
export type LockMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface Retention {
  mode: LockMode;
  days?: number;
  years?: number;
}

export interface Bucket {
  /** "tenant/name" for a tenant's bucket */
  name: string;
  tenant: string;
  bucket: string;
  id: string;
  owner: string;
  objects: number;
  size: number;
  size_actual: number;
  quota: Quota;
  versioning: Versioning;
  object_lock: boolean;
  placement: string;
  created_at: string | null;
  /** GET of one bucket only: the NFS exports serving it */
  nfs_exports?: number[];
  /** GET of one bucket only */
  object_lock_retention?: Retention | null;
}
