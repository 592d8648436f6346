// pages/images/logic.ts - the checks and request bodies of the image forms, kept
// apart from the components so they can be unit-tested. They mirror the server's
// (fcgi/rbd_images.c, rbd_meta.c): names, sizes typed as "10G", the feature
// dependencies, object size and striping.
import { bytes, parseSize } from '../../lib/format';
import type { Image, ImageChanges, NewImage } from './types';

/** The features a user may choose, in dependency order. */
export const FEATURES = ['layering', 'exclusive-lock', 'object-map', 'fast-diff', 'deep-flatten', 'journaling'] as const;
export type Feature = (typeof FEATURES)[number];

export const FEATURE_HELP: Record<Feature, string> = {
  layering: 'snapshots can be cloned',
  'exclusive-lock': 'one client writes at a time',
  'object-map': 'tracks which objects exist (needs exclusive-lock)',
  'fast-diff': 'quick used-space and diffs (needs object-map)',
  'deep-flatten': 'flattening also covers snapshots',
  journaling: 'for mirroring (needs exclusive-lock)',
};

/** What each feature needs switched on. */
export const REQUIRES: Partial<Record<Feature, Feature[]>> = {
  'object-map': ['exclusive-lock'],
  'fast-diff': ['object-map'],
  journaling: ['exclusive-lock'],
};

/** The server's default for a new image: all but journaling. */
export const DEFAULT_FEATURES: Feature[] = ['layering', 'exclusive-lock', 'object-map', 'fast-diff', 'deep-flatten'];

const isFeature = (s: string): s is Feature => (FEATURES as readonly string[]).includes(s);

/** Keeps only the features a user chooses, in canonical order. */
export function userFeatures(list: readonly string[]): Feature[] {
  return FEATURES.filter((f) => list.includes(f));
}

/** Everything f needs, transitively (without f). */
export function requirementsOf(f: Feature): Feature[] {
  const out = new Set<Feature>();
  const walk = (x: Feature): void => {
    for (const r of REQUIRES[x] || [])
      if (!out.has(r)) {
        out.add(r);
        walk(r);
      }
  };
  walk(f);
  return FEATURES.filter((x) => out.has(x));
}

/** Everything that needs f, transitively (without f). */
export function dependentsOf(f: Feature): Feature[] {
  return FEATURES.filter((x) => x !== f && requirementsOf(x).includes(f));
}

/**
 * Switches feature f on or off in cur: on brings what it needs along, off takes what
 * needs it along, so the set stays one the server accepts.
 */
export function toggleFeature(cur: readonly string[], f: Feature, on: boolean): Feature[] {
  const set = new Set(userFeatures(cur));
  if (on) [f, ...requirementsOf(f)].forEach((x) => set.add(x));
  else [f, ...dependentsOf(f)].forEach((x) => set.delete(x));
  return FEATURES.filter((x) => set.has(x));
}

/** The server's complaint about a feature set, or ''. */
export function featureError(list: readonly string[]): string {
  for (const f of list) {
    if (!isFeature(f)) return `Unknown feature ${f}.`;
    for (const r of REQUIRES[f] || []) if (!list.includes(r)) return `${f} needs ${r}.`;
  }
  return '';
}

/** image_valid_name: 1-95 bytes, no '/', '@' or control characters, not starting with '.'. */
export function nameError(name: string, what = 'An image'): string {
  if (!name) return `${what} needs a name.`;
  if (new TextEncoder().encode(name).length > 95) return 'At most 95 bytes.';
  if (name.startsWith('.')) return "A name may not start with '.'.";
  // eslint-disable-next-line no-control-regex
  if (/[/@\x00-\x1f\x7f]/.test(name)) return "No '/', '@' or control characters.";
  return '';
}

const MAX_SIZE = 2 ** 53;

/** The error of a typed size ('' if fine); zero allowed only when allowZero. */
export function sizeError(s: string, allowZero = false): string {
  if (!s.trim()) return 'A size is needed, such as 10G.';
  const n = parseSize(s);
  if (isNaN(n)) return 'A size such as 10G, 512M or 1.5T (binary units: G = GiB).';
  if (n > MAX_SIZE) return 'At most 8 PiB.';
  if (n === 0 && !allowZero) return 'The size must be above zero.';
  return '';
}

/** A size as a person would type it, exactly: 10737418240 → "10G", 1000 → "1000". */
export function sizeText(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  for (let u = units.length; u >= 1; u--) {
    const m = 1024 ** u;
    if (n >= m && n % m === 0) return `${n / m}${units[u - 1]}`;
  }
  return String(n);
}

/** "= 10 GiB" for the help line under a size field; '' when not a size. */
export function sizeEcho(s: string): string {
  const n = parseSize(s);
  return isNaN(n) ? '' : `= ${bytes(n)} (${n.toLocaleString('en-US')} bytes)`;
}

/** The object sizes librbd allows: powers of two, 4 KiB to 32 MiB. */
export const OBJ_SIZES = Array.from({ length: 14 }, (_, i) => 4096 * 2 ** i);
export const DEFAULT_OBJ_SIZE = 4 * 1024 * 1024;

export interface CreateValues extends Record<string, unknown> {
  name: string;
  size: string;
  features: string[];
  advanced: boolean;
  data_pool: string;
  obj_size: string;
  stripe_unit: string;
  stripe_count: string;
}

export const createInitial = (): CreateValues => ({
  name: '',
  size: '',
  features: [...DEFAULT_FEATURES],
  advanced: false,
  data_pool: '',
  obj_size: String(DEFAULT_OBJ_SIZE),
  stripe_unit: '',
  stripe_count: '',
});

export function validateCreate(v: CreateValues): Partial<Record<keyof CreateValues & string, string>> {
  const e: Partial<Record<keyof CreateValues & string, string>> = {};
  e.name = nameError(v.name);
  e.size = sizeError(v.size);
  e.features = featureError(v.features);
  const os = Number(v.obj_size) || DEFAULT_OBJ_SIZE;
  if (v.stripe_unit.trim()) {
    const su = parseSize(v.stripe_unit);
    if (isNaN(su)) e.stripe_unit = 'A size such as 64K.';
    else if (su < 4096 || os % su !== 0) e.stripe_unit = `At least 4K and a divisor of the object size (${bytes(os)}).`;
  }
  if (v.stripe_count.trim() && !(/^\d+$/.test(v.stripe_count.trim()) && parseInt(v.stripe_count, 10) >= 1))
    e.stripe_count = 'A whole number, 1 or more.';
  return e;
}

/** The POST body of a new image. */
export function createBody(v: CreateValues): NewImage {
  const b: NewImage = { name: v.name, size: parseSize(v.size), features: userFeatures(v.features) };
  if (v.advanced) {
    if (v.data_pool) b.data_pool = v.data_pool;
    if (Number(v.obj_size) && Number(v.obj_size) !== DEFAULT_OBJ_SIZE) b.obj_size = Number(v.obj_size);
    if (v.stripe_unit.trim()) b.stripe_unit = parseSize(v.stripe_unit);
    if (v.stripe_count.trim()) b.stripe_count = parseInt(v.stripe_count, 10);
  }
  return b;
}

export interface EditValues extends Record<string, unknown> {
  name: string;
  size: string;
  allow_shrink: boolean;
  features: string[];
}

export const editInitial = (img: Image): EditValues => ({
  name: img.name,
  size: sizeText(img.size),
  allow_shrink: false,
  features: userFeatures(img.features),
});

/** Whether the typed size is smaller than the image is now. */
export const shrinking = (v: EditValues, img: Image) => {
  const n = parseSize(v.size);
  return !isNaN(n) && n < img.size;
};

export function validateEdit(v: EditValues, img: Image): Partial<Record<keyof EditValues & string, string>> {
  const e: Partial<Record<keyof EditValues & string, string>> = {};
  e.name = nameError(v.name);
  e.size = sizeError(v.size, true);
  if (!e.size && shrinking(v, img) && !v.allow_shrink)
    e.size = `Smaller than now (${bytes(img.size)}): tick "Allow shrinking" below to confirm.`;
  e.features = featureError(v.features);
  return e;
}

/** The PATCH body: only what changed (an empty body changes nothing). */
export function patchBody(v: EditValues, img: Image): ImageChanges {
  const b: ImageChanges = {};
  const size = parseSize(v.size);
  if (!isNaN(size) && size !== img.size) {
    b.size = size;
    if (size < img.size) b.allow_shrink = true;
  }
  const want = userFeatures(v.features);
  if (want.join() !== userFeatures(img.features).join()) b.features = want;
  if (v.name !== img.name) b.name = v.name;
  return b;
}

/** Trash deferment choices, in seconds. */
export const DELAYS: { value: string; label: string }[] = [
  { value: '0', label: 'None: it can be purged at once' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
  { value: '2592000', label: '30 days' },
];

/** Whether a trash entry's deferment has not ended yet (at now). */
export function deferred(end: string | null | undefined, now = Date.now()): boolean {
  if (!end) return false;
  const t = Date.parse(end);
  return !isNaN(t) && t > now;
}
