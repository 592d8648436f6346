// pages/ecprofiles/types.ts - an erasure-code profile as GET
// /api/clusters/{fsid}/erasure-code-profiles answers it (fcgi/ecprofiles.c), and the
// CRUSH tree of GET .../crush/tree the form counts failure domains in.

export interface EcProfile {
  name: string;
  k: number | null;
  m: number | null;
  plugin: string | null;
  technique: string | null;
  crush_failure_domain: string | null;
  crush_device_class: string | null;
  crush_root: string | null;
  pools_using: string[];
}

export interface CrushNode {
  id: number;
  name: string;
  type: string;
  device_class?: string;
  children?: CrushNode[];
}

export interface CrushTree {
  roots: CrushNode[];
  stray: CrushNode[];
}
