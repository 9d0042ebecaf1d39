/**
 * Small, headless plotting: line plots, stacked panels and spike rasters
 * rendered to SVG with Vega-Lite + Vega (no browser, no canvas).
 *
 * ```ts
 * import { plot } from 'somata';
 * const svg = await plot.linePlot({ series: [{ x: r.times, y: r.v!, name: 'v' }], xLabel: 'Time (ms)', yLabel: 'v (mV)' });
 * await plot.writeSvg('out/v.svg', svg);
 * ```
 *
 * Long traces are reduced to at most `maxPoints` points per series
 * (min/max per bucket, so spike peaks and troughs survive) before plotting.
 * Vega and Vega-Lite are ES modules; they are loaded on first use with a
 * dynamic `import()`, which is why the renderers return promises.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

/** One line of a {@link linePlot}. */
export interface Series {
  /** x values (e.g. time in ms). */
  x: ArrayLike<number>;
  /** y values, as many as `x`. */
  y: ArrayLike<number>;
  /** Legend label (a legend is drawn when any series is named). */
  name?: string;
}

/** Options of {@link linePlot}. */
export interface LinePlotOptions {
  /** The lines to draw. */
  series: Series[];
  /** x-axis title, with its unit. */
  xLabel?: string;
  /** y-axis title, with its unit. */
  yLabel?: string;
  /** Plot title. */
  title?: string;
  /** Fixed x-axis range (default: fitted to the data). */
  xDomain?: [number, number];
  /** Fixed y-axis range (default: fitted to the data). */
  yDomain?: [number, number];
  /** Draw a marker at every point (for scans with few points; default false). */
  points?: boolean;
  /** Width in pixels (default 640). */
  width?: number;
  /** Height in pixels (default 220). */
  height?: number;
  /** Points kept per series after downsampling (default 4000). */
  maxPoints?: number;
}

/** Options of {@link raster}. */
export interface RasterOptions {
  /** Spike times (e.g. ms). */
  times: ArrayLike<number>;
  /** The neuron that fired each spike, as many as `times`. */
  senders: ArrayLike<number>;
  /** x-axis title (default `'Time (ms)'`). */
  xLabel?: string;
  /** y-axis title (default `'Neuron'`). */
  yLabel?: string;
  /** First and last neuron to show (default: those that fired). */
  yDomain?: [number, number];
  /** Plot title. */
  title?: string;
  /** Width in pixels (default 640). */
  width?: number;
  /** Height in pixels (default 220). */
  height?: number;
}

/** A panel of {@link panels}: a line plot or a raster. */
export type Panel = LinePlotOptions | RasterOptions;

/** Options of {@link panels}. */
export interface PanelsOptions {
  /** Overall title above the stack. */
  title?: string;
  /** Give every panel the same x scale (default true). */
  shareX?: boolean;
}

/**
 * Reduces `(x, y)` to at most about `maxPoints` points: the samples are cut
 * into `maxPoints / 2` buckets and each bucket keeps its minimum and maximum
 * in their original order, so narrow spikes keep their full height. Shorter
 * inputs are returned as copies.
 */
export function downsample(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints = 4000): { x: Float64Array; y: Float64Array } {
  if (x.length !== y.length) throw new TypeError(`plot: x has ${x.length} values but y has ${y.length}`);
  if (!Number.isInteger(maxPoints) || maxPoints < 4) throw new RangeError(`plot: maxPoints must be an integer >= 4, got ${maxPoints}`);
  const n = x.length;
  if (n <= maxPoints) return { x: Float64Array.from(x), y: Float64Array.from(y) };
  const buckets = Math.floor(maxPoints / 2);
  const ox: number[] = [];
  const oy: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let iMin = lo;
    let iMax = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (y[i]! < y[iMin]!) iMin = i;
      if (y[i]! > y[iMax]!) iMax = i;
    }
    for (const i of iMin === iMax ? [iMin] : iMin < iMax ? [iMin, iMax] : [iMax, iMin]) {
      ox.push(x[i]!);
      oy.push(y[i]!);
    }
  }
  return { x: Float64Array.from(ox), y: Float64Array.from(oy) };
}

type UnitSpec = Record<string, unknown>;

function lineSpec(o: LinePlotOptions): UnitSpec {
  if (!o || !Array.isArray(o.series) || o.series.length === 0) throw new TypeError('plot.linePlot: series must be a non-empty array of { x, y, name? }');
  const named = o.series.some((s) => s.name !== undefined);
  const values: Array<{ x: number; y: number; series: string }> = [];
  o.series.forEach((s, k) => {
    const d = downsample(s.x, s.y, o.maxPoints ?? 4000);
    const name = s.name ?? `series ${k + 1}`;
    for (let i = 0; i < d.x.length; i++) if (Number.isFinite(d.y[i]!)) values.push({ x: d.x[i]!, y: d.y[i]!, series: name });
  });
  const encoding: Record<string, unknown> = {
    x: { field: 'x', type: 'quantitative', title: o.xLabel ?? null, scale: o.xDomain ? { domain: o.xDomain } : { zero: false } },
    y: { field: 'y', type: 'quantitative', title: o.yLabel ?? null, scale: o.yDomain ? { domain: o.yDomain } : { zero: false } },
  };
  if (named || o.series.length > 1) encoding.color = { field: 'series', type: 'nominal', title: null, sort: null };
  else encoding.detail = { field: 'series', type: 'nominal' };
  return {
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? 640,
    height: o.height ?? 220,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.2, clip: true, ...(o.points ? { point: true } : {}) },
    encoding,
  };
}

function rasterSpec(o: RasterOptions): UnitSpec {
  if (!o || o.times === undefined || o.senders === undefined) throw new TypeError('plot.raster: expected { times, senders }');
  if (o.times.length !== o.senders.length) throw new TypeError(`plot.raster: times has ${o.times.length} values but senders has ${o.senders.length}`);
  const values = Array.from({ length: o.times.length }, (_, i) => ({ t: o.times[i]!, n: o.senders[i]! }));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v.n);
    hi = Math.max(hi, v.n);
  }
  if (!values.length) [lo, hi] = [0, 0];
  if (o.yDomain) [lo, hi] = o.yDomain;
  const height = o.height ?? 220;
  // One row per neuron: ticks fill 80% of a row, at least 1 px.
  const tick = Math.max(1, Math.min(14, (0.8 * height) / (hi - lo + 1)));
  return {
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? 640,
    height,
    data: { values },
    mark: { type: 'tick', orient: 'vertical', thickness: 1, size: tick, color: 'black' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: o.xLabel ?? 'Time (ms)' },
      y: {
        field: 'n',
        type: 'quantitative',
        title: o.yLabel ?? 'Neuron',
        scale: { domain: [lo - 0.5, hi + 0.5], nice: false, zero: false },
        axis: { format: 'd', tickMinStep: 1 },
      },
    },
  };
}

function panelSpec(p: Panel): UnitSpec {
  return 'series' in p ? lineSpec(p) : rasterSpec(p);
}

/** Renders any Vega-Lite spec to an SVG string, headlessly. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function topLevel(s: UnitSpec): TopLevelSpec {
  return { background: 'white', ...s } as TopLevelSpec;
}

/** A line plot of one or more series, as SVG. */
export async function linePlot(opts: LinePlotOptions): Promise<string> {
  return renderSvg(topLevel(lineSpec(opts)));
}

/** A spike raster (one tick per spike, neuron on the y axis), as SVG. */
export async function raster(opts: RasterOptions): Promise<string> {
  return renderSvg(topLevel(rasterSpec(opts)));
}

/** Line plots and rasters stacked vertically (sharing the x scale by default), as SVG. */
export async function panels(list: Panel[], opts: PanelsOptions = {}): Promise<string> {
  if (!Array.isArray(list) || list.length === 0) throw new TypeError('plot.panels: expected a non-empty array of panels');
  const shareX = opts.shareX ?? true;
  const spec: UnitSpec = {
    ...(opts.title ? { title: opts.title } : {}),
    vconcat: list.map(panelSpec),
    ...(shareX ? { resolve: { scale: { x: 'shared' } } } : {}),
  };
  return renderSvg(topLevel(spec));
}

/** Writes an SVG string to `path`, creating missing directories. */
export async function writeSvg(path: string, svg: string): Promise<void> {
  if (typeof svg !== 'string' || !svg.includes('<svg')) throw new TypeError('plot.writeSvg: expected an SVG string');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, svg, 'utf8');
}
