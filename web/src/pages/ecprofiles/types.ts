// pages/ecprofiles/types.ts - an erasure-code profile as GET
// /api/clusters/{fsid}/erasure-code-profiles answers it (settings it does not set are
// null), and the CRUSH tree of GET .../crush/tree the form counts failure domains in:
// the document's component schemas (api/openapi.ts).
import type { Body, Schema } from '../../api/openapi';

export type EcProfile = Schema<'EcProfile'>;
export type NewEcProfile = Body<'/api/clusters/{fsid}/erasure-code-profiles', 'POST'>;
export type CrushNode = Schema<'CrushNode'>;
export type CrushTree = Schema<'CrushTree'>;
