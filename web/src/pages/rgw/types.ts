// pages/rgw/types.ts - the Object Gateway's daemons, users and buckets as
// /api/clusters/{fsid}/rgw answers them: the document's component schemas
// (api/openapi.ts). A secret key is answered only by the call that made it (New*), and
// by the admins' audited "reveal". A user's uid is "tenant$name" for a tenant's user,
// a bucket's name "tenant/name" for a tenant's bucket; a quota's max_size is bytes and
// max_objects a count, -1 = unlimited.
import type { Body, Schema } from '../../api/openapi';

export type RgwDaemon = Schema<'RgwDaemon'>;

/** A key of a user, or of a subuser ("alice:swift") for a swift key. */
export type RgwKey = Schema<'RgwKey'>;
/** A key with its secret: in the answer that made it, or to an admin's reveal. */
export type NewRgwKey = Schema<'NewRgwKey'>;
export type KeyType = RgwKey['type'];

/** A subuser: id "alice:swift", name "swift". */
export type Subuser = Schema<'RgwSubuser'>;
/** The answer that made a subuser: with its Swift key's secret, when one was made. */
export type NewSubuser = Schema<'NewRgwSubuser'>;
export type SubuserAccess = Subuser['access'];

export type Quota = Schema<'RgwQuota'>;

/** A user of the list. */
export type RgwUser = Schema<'RgwUser'>;
/** One user (GET .../users/{uid}, and the answer to a change): with its usage. */
export type RgwUserDetail = Schema<'RgwUserDetail'>;
/** The answer that made a user: its keys with their secrets. */
export type NewRgwUser = Schema<'NewRgwUser'>;
/** A cap as the gateway answers it: a type (users, buckets, ...) and read, write or *. */
export type Cap = RgwUser['caps'][number];

/** The caps the console sets: one of these types, with read, write or both (*). */
export type CapType = 'users' | 'buckets' | 'metadata' | 'usage' | 'zone';
export type CapPerm = 'read' | 'write' | '*';

/** A bucket of the list. */
export type Bucket = Schema<'RgwBucket'>;
/** One bucket (GET .../buckets/{name}): with the NFS exports serving it and its default retention. */
export type BucketDetail = Schema<'RgwBucketDetail'>;
export type Versioning = Bucket['versioning'];
export type Retention = NonNullable<BucketDetail['object_lock_retention']>;
export type LockMode = Retention['mode'];

/** POST .../rgw/users: a new user. */
export type NewUserBody = Body<'/api/clusters/{fsid}/rgw/users', 'POST'>;
/** PATCH .../rgw/users/{uid}: details, suspension, quotas. */
export type UserChanges = Body<'/api/clusters/{fsid}/rgw/users/{uid}', 'PATCH'>;
/** POST .../rgw/buckets: a new bucket. */
export type NewBucketBody = Body<'/api/clusters/{fsid}/rgw/buckets', 'POST'>;
/** PATCH .../rgw/buckets/{name}: owner, quota, versioning, default retention. */
export type BucketChanges = Body<'/api/clusters/{fsid}/rgw/buckets/{name}', 'PATCH'>;
