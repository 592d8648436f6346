// pages/crush/types.ts - GET .../crush/tree and .../crush/rules as fcgi/crush.c
// answers them.

export interface CrushOsd {
  id: number;
  name: string;
  type: 'osd';
  device_class: string | null;
  /** by convention the device's size in TiB */
  crush_weight: number;
  /** 0..1; 0 means out */
  reweight: number;
  /** up, down, destroyed... */
  status: string;
}

export interface CrushBucket {
  id: number;
  name: string;
  /** root, datacenter, rack, host... */
  type: string;
  children: CrushNode[];
}

export type CrushNode = CrushBucket | CrushOsd;

export interface CrushTree {
  roots: CrushNode[];
  /** OSDs outside the hierarchy: they get no data */
  stray: CrushOsd[];
}

export interface CrushStep {
  op: string;
  item?: number;
  item_name?: string;
  num?: number;
  type?: string;
}

export interface CrushRule {
  id: number;
  name: string;
  type: 'replicated' | 'erasure' | 'unknown';
  min_size: number;
  max_size: number;
  steps: CrushStep[];
  pools: string[];
}

export const isOsd = (n: CrushNode): n is CrushOsd => n.type === 'osd';
