// pages/dashboard/ring.ts - the dashboard's short memory: a fixed-size ring buffer
// of samples (the last 10 minutes of 5-second polls) and the conversion of its
// samples into uPlot's columns, older ones dropped and a gap (a hidden tab, failed
// polls) left as a gap instead of a straight line across it.

/** A fixed-capacity buffer: pushing beyond capacity drops the oldest item. */
export class Ring<T> {
  private buf: (T | undefined)[];
  private start = 0;
  private n = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('ring capacity must be a positive integer');
    this.buf = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.n;
  }

  push(item: T): void {
    if (this.n < this.capacity) {
      this.buf[(this.start + this.n) % this.capacity] = item;
      this.n++;
    } else {
      this.buf[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.n ? this.buf[(this.start + this.n - 1) % this.capacity] : undefined;
  }

  /** The items, oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.n; i++) out.push(this.buf[(this.start + i) % this.capacity] as T);
    return out;
  }

  clear(): void {
    this.buf = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.n = 0;
  }
}

/** One poll's rates, at t (milliseconds since the epoch). */
export interface Sample {
  t: number;
  readBytes: number;
  writeBytes: number;
  readOps: number;
  writeOps: number;
  recoveryBytes: number;
  recoveryObjects: number;
}

export type Field = Exclude<keyof Sample, 't'>;

/** uPlot's aligned data: x in seconds, then one column per field (null = gap). */
export type Columns = [number[], ...(number | null)[][]];

/**
 * The samples of the last windowMs before now as uPlot columns of the fields asked
 * for. Where two samples are more than gapMs apart a null point is put between them
 * so that the line breaks there.
 */
export function columns(samples: Sample[], fields: Field[], now: number, windowMs: number, gapMs: number): Columns {
  const xs: number[] = [];
  const ys: (number | null)[][] = fields.map(() => []);
  let prev: number | null = null;
  for (const s of samples) {
    if (s.t < now - windowMs || s.t > now) continue;
    if (prev !== null && s.t - prev > gapMs) {
      xs.push((prev + s.t) / 2 / 1000);
      ys.forEach((col) => col.push(null));
    }
    xs.push(s.t / 1000);
    fields.forEach((f, i) => ys[i].push(Number.isFinite(s[f]) ? s[f] : null));
    prev = s.t;
  }
  return [xs, ...ys];
}

/** The x window: the data's own span, at least a minute (uPlot makes one point a day). */
export function xWindow(xs: number[], nowSec: number): [number, number] {
  if (!xs.length) return [nowSec - 60, nowSec];
  const lo = xs[0];
  const hi = xs[xs.length - 1];
  return hi - lo < 60 ? [hi - 60, hi] : [lo, hi];
}
