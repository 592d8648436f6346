// pages/crush/types.ts - GET .../crush/tree and .../crush/rules: the document's
// component schemas (api/openapi.ts). A node is a bucket (root, datacenter, rack,
// host...) with children, or an OSD (type osd) with its device class, CRUSH weight (by
// convention the device's size in TiB), reweight (0..1, 0 = out) and status (up,
// down, destroyed...); the document has both in one schema, those members optional.
// The tree's stray OSDs are outside the hierarchy: they get no data.
import type { Schema } from '../../api/openapi';

export type CrushNode = Schema<'CrushNode'>;
export type CrushTree = Schema<'CrushTree'>;
export type CrushRule = Schema<'CrushRule'>;
export type CrushStep = CrushRule['steps'][number];

export const isOsd = (n: CrushNode): boolean => n.type === 'osd';
