// pages/images/types.ts - RBD images, snapshots and trash entries as the API answers
// them: the document's component schemas (api/openapi.ts), named for this page.
import type { Body, Schema } from '../../api/openapi';

/** An image of a list; used (null with used_unknown: fast-diff cannot tell) only with ?fields=used. */
export type Image = Schema<'Image'>;
/** One image (GET .../images/{image}): the list item, its watchers and locks. */
export type ImageDetail = Schema<'ImageDetail'>;
export type Snapshot = Schema<'ImageSnapshot'>;
export type TrashEntry = Schema<'TrashEntry'>;

/** What the pickers need of a pool (GET .../pools). */
export type PoolLite = Pick<Schema<'Pool'>, 'name' | 'type' | 'applications'>;

/** POST .../pools/{pool}/images: a new image. */
export type NewImage = Body<'/api/clusters/{fsid}/pools/{pool}/images', 'POST'>;
/** PATCH .../images/{image}: rename, resize, features. */
export type ImageChanges = Body<'/api/clusters/{fsid}/pools/{pool}/images/{image}', 'PATCH'>;
