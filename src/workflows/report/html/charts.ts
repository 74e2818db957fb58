/**
 * Trend charts as inline SVG: one line chart per series over the project's past runs, with a
 * title and description for screen readers, a `<title>` on every point (its value on hover,
 * no script), and a data table beside it as the accessible fallback.
 *
 * @module
 */
import { escapeHtml } from './escape.js';

/** One point of a series: when, and the value (null: not measured in that run). */
export interface TrendPoint {
  timestamp: string;
  value: number | null;
}

/** A chart to draw. */
export interface TrendSeries {
  /** Stable id (used in element ids and `data-series`). */
  id: string;
  title: string;
  unit: string;
  points: TrendPoint[];
  /** Fixed range of the y axis (e.g. 0-100 for coverage); else from the data. */
  range?: { min: number; max: number };
}

const WIDTH = 500;
const HEIGHT = 200;
const PAD = { left: 48, right: 16, top: 16, bottom: 28 };

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, '');
}

function axisRange(series: TrendSeries, values: number[]): { min: number; max: number } {
  if (series.range) return series.range;
  const max = Math.max(1, ...values);
  return { min: 0, max: max * 1.1 };
}

/** The SVG of one series (points of not-measured runs are left out and the line is broken there). */
export function trendChart(series: TrendSeries): string {
  const measured = series.points.filter((p): p is { timestamp: string; value: number } => p.value !== null);
  const titleId = `chart-${series.id}-title`;
  const descId = `chart-${series.id}-desc`;
  const last = measured.at(-1);
  const desc =
    measured.length === 0
      ? `No measured value in ${series.points.length} run(s).`
      : `${measured.length} measured value(s) over ${series.points.length} run(s); latest ${fmt(last!.value)}${series.unit}.`;
  const { min, max } = axisRange(
    series,
    measured.map((p) => p.value),
  );
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const n = series.points.length;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => PAD.top + plotH - ((v - min) / (max - min || 1)) * plotH;
  const segments: string[][] = [];
  let current: string[] = [];
  const circles: string[] = [];
  series.points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length > 0) segments.push(current);
      current = [];
      return;
    }
    const cx = x(i).toFixed(1);
    const cy = y(p.value).toFixed(1);
    current.push(`${cx},${cy}`);
    circles.push(
      `<circle class="point" cx="${cx}" cy="${cy}" r="3.5" data-value="${p.value}" data-timestamp="${escapeHtml(p.timestamp)}"><title>${escapeHtml(p.timestamp)}: ${fmt(p.value)}${escapeHtml(series.unit)}</title></circle>`,
    );
  });
  if (current.length > 0) segments.push(current);
  const lines = segments
    .filter((s) => s.length > 1)
    .map((s) => `<polyline class="line" points="${s.join(' ')}"/>`)
    .join('');
  const ticks = [min, (min + max) / 2, max]
    .map((v) => `<text class="tick" x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(Math.round(v * 10) / 10)}</text><line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`)
    .join('');
  const first = series.points[0]?.timestamp.slice(0, 10) ?? '';
  const lastDay = series.points.at(-1)?.timestamp.slice(0, 10) ?? '';
  return [
    `<svg class="chart" data-series="${escapeHtml(series.id)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${titleId} ${descId}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${titleId}">${escapeHtml(series.title)}</title>`,
    `<desc id="${descId}">${escapeHtml(desc)}</desc>`,
    ticks,
    `<text class="tick" x="${PAD.left}" y="${HEIGHT - 8}">${escapeHtml(first)}</text>`,
    `<text class="tick" x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end">${escapeHtml(lastDay)}</text>`,
    lines,
    circles.join(''),
    '</svg>',
  ].join('');
}

/** The data table of the charts (one row per run, one column per series): the accessible fallback. */
export function trendTable(series: readonly TrendSeries[]): string {
  const runs = series[0]?.points.length ?? 0;
  const head = `<tr><th scope="col">Run</th>${series.map((s) => `<th scope="col">${escapeHtml(s.title)}</th>`).join('')}</tr>`;
  const rows: string[] = [];
  for (let i = 0; i < runs; i++) {
    const when = series[0]?.points[i]?.timestamp ?? '';
    const cells = series
      .map((s) => {
        const v = s.points[i]?.value ?? null;
        return `<td data-series="${escapeHtml(s.id)}">${v === null ? 'not measured' : `${fmt(v)}${escapeHtml(s.unit)}`}</td>`;
      })
      .join('');
    rows.push(`<tr><th scope="row">${escapeHtml(when)}</th>${cells}</tr>`);
  }
  return `<table class="trend-table"><caption>Past runs, oldest first</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}
