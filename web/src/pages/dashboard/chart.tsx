// pages/dashboard/chart.tsx - a live line chart (uPlot) that fills its box and
// follows it when the window changes (ResizeObserver), with axis text sized from
// the page's rem so it reads the same at 1366×768 and on a 4K screen. Below it the
// values in words: the newest ones, or those under the mouse.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { bytes } from '../../lib/format';
import { xWindow, type Columns } from './ring';

export interface Line {
  label: string;
  /** a class of app.css giving the swatch its colour (chart-read, chart-write...) */
  swatch: string;
  color: string;
  dash?: number[];
}

export type Unit = 'bytes' | 'ops' | 'objects';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A value of the unit for people: "1.5 MiB/s", "1.2K ops/s". */
export function formatValue(v: number | null | undefined, unit: Unit, short = false): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (unit === 'bytes') return bytes(v) + '/s';
  const n = v < 10 && v !== Math.round(v) ? v.toFixed(1) : compact.format(v);
  return short ? n : `${n} ${unit === 'ops' ? 'ops' : 'objects'}/s`;
}

/** Binary steps for a byte axis: ticks at 256 KiB, 512 KiB, 1 MiB... */
const BYTE_INCRS: number[] = [];
for (let k = 0; k <= 5; k++) for (let m = 1; m <= 512; m *= 2) BYTE_INCRS.push(m * Math.pow(1024, k));

function remPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 15;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, 24-hour: "03:12" or "03:12:05" (ms since the epoch). */
export function hms(ms: number, withSeconds = true): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}` + (withSeconds ? `:${pad(d.getSeconds())}` : '');
}

function clock(sec: number, withSeconds: boolean): string {
  return hms(sec * 1000, withSeconds);
}

function show(u: uPlot, data: Columns) {
  const [min, max] = xWindow(data[0], Date.now() / 1000);
  u.batch(() => {
    u.setData(data as uPlot.AlignedData);
    u.setScale('x', { min, max });
  });
}

function options(lines: Line[], unit: Unit, width: number, height: number, px: number, onCursor: (idx: number | null) => void): uPlot.Options {
  const font = `${Math.round(px * 0.8)}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`;
  const s = px / 15;
  const axisStroke = '#5a6675';
  const grid = { stroke: '#e3e8ed', width: 1 };
  const ticks = { stroke: '#c5cdd6', width: 1, size: Math.round(4 * s) };
  const floor = unit === 'bytes' ? 1024 : 10;
  // Width of the y axis from its longest label (uPlot's own recipe).
  const ySize = (u: uPlot, values: string[] | null, i: number, cycle: number): number => {
    const axis = u.axes[i];
    if (cycle > 1) return (axis as unknown as { _size: number })._size;
    let size = (axis.ticks?.size || 0) + (axis.gap || 0);
    const longest = (values || []).reduce((a, v) => (v.length > a.length ? v : a), '');
    if (longest) {
      u.ctx.font = font;
      size += u.ctx.measureText(longest).width / devicePixelRatio;
    }
    return Math.ceil(size) + 2;
  };
  return {
    width,
    height,
    pxAlign: false,
    padding: [Math.round(px * 0.6), Math.round(px * 1.8), 0, 0],
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: Math.round(7 * s) } },
    scales: {
      x: { time: true },
      y: { range: (_u, _min, max) => [0, max && max > 0 ? max * 1.15 : floor] },
    },
    axes: [
      {
        font,
        stroke: axisStroke,
        grid,
        ticks,
        gap: Math.round(4 * s),
        size: Math.round(px * 1.9),
        space: Math.round(px * 6),
        values: (u, splits) => {
          const span = (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0);
          return splits.map((v) => clock(v, span <= 180));
        },
      },
      {
        font,
        stroke: axisStroke,
        grid,
        ticks,
        gap: Math.round(4 * s),
        space: Math.round(px * 2.4),
        size: ySize,
        incrs: unit === 'bytes' ? BYTE_INCRS : undefined,
        values: (_u, splits) => splits.map((v) => (unit === 'bytes' ? bytes(v) + '/s' : formatValue(v, unit, true))),
      },
    ],
    series: [
      {},
      ...lines.map((l) => ({
        label: l.label,
        stroke: l.color,
        width: Math.max(1.5, 1.6 * s),
        dash: l.dash ? l.dash.map((d) => d * s) : undefined,
        // A dot while there are too few points for a line.
        points: { show: (_u: uPlot, _si: number, i0: number, i1: number) => i1 - i0 < 1, size: Math.round(6 * s) },
        value: (_u: uPlot, v: number | null) => formatValue(v, unit),
      })),
    ],
    hooks: {
      setCursor: [(u) => onCursor(u.cursor.idx ?? null)],
    },
  };
}

export function Chart({ title, lines, data, unit, note }: { title: string; lines: Line[]; data: Columns; unit: Unit; note?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [px, setPx] = useState(remPx);
  const [idx, setIdx] = useState<number | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  // The chart itself, made again when the rem changes (a media query crossed).
  useEffect(() => {
    const el = box.current!;
    const u = new uPlot(options(lines, unit, Math.max(el.clientWidth, 50), Math.max(el.clientHeight, 50), px, setIdx), dataRef.current as uPlot.AlignedData, el);
    show(u, dataRef.current);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const now = remPx();
      if (now !== px) return setPx(now);
      const w = Math.floor(el.clientWidth);
      const h = Math.floor(el.clientHeight);
      if (w > 0 && h > 0 && (w !== u.width || h !== u.height)) u.setSize({ width: w, height: h });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [px, unit]);

  useEffect(() => {
    if (plot.current) show(plot.current, data);
  }, [data]);

  const n = data[0].length;
  const at = idx !== null && idx < n ? idx : null;
  // The newest point that has a value (the last one may be a gap).
  let shown = at;
  if (shown === null) for (let i = n - 1; i >= 0 && shown === null; i--) if (data[1][i] !== null) shown = i;
  const minutes = n > 1 ? Math.max(1, Math.round((data[0][n - 1] - data[0][0]) / 60)) : 0;
  return (
    <section class="card dash-chart" aria-label={title} data-points={n}>
      <div class="dash-chart-head">
        <h2>{title}</h2>
        <span class="muted">{at !== null ? `at ${clock(data[0][at], true)}` : n ? `now · last ${minutes || 1} min` : 'waiting for data'}</span>
      </div>
      <div class="dash-chart-plot" ref={box} role="img" aria-label={`${title}, the last ${minutes || 1} minutes`} />
      <ul class="dash-chart-values">
        {lines.map((l, i) => (
          <li>
            <span class={`swatch ${l.swatch}`} aria-hidden="true" />
            {l.label} <strong>{shown === null ? '—' : formatValue(data[i + 1][shown], unit)}</strong>
          </li>
        ))}
        {note && <li class="muted">{note}</li>}
      </ul>
    </section>
  );
}
