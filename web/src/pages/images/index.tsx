// pages/images - RBD images (issue 6): the list of a pool's images, an image's
// details and snapshots, and a pool's trash. See list.tsx, detail.tsx, trash.tsx.
export { Images } from './list';
export { ImageDetail } from './detail';
export { Trash } from './trash';
