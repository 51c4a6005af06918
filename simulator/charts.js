// Hand-drawn building blocks for the sample dashboards: SVG bar and line charts, KPI tiles
// and tables, as HTML strings. No chart library: the share page must run under a strict CSP
// with nothing but its own script, and the output stays small and deterministic.

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(value) {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const numberFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const moneyFmt = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const compactFmt = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

export const formatNumber = (n) => numberFmt.format(n);
export const formatMoney = (n) => moneyFmt.format(n);
const formatCompact = (n) => compactFmt.format(n);

/** Rounds an axis maximum up to 1, 2, 2.5 or 5 × 10^k so gridlines land on round values. */
function niceScale(max, ticks = 4) {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw);
  return { top: step * Math.ceil(max / step), step };
}

/**
 * @typedef {{ label: string, data: { label: string, value: number }[],
 *   format?: (n: number) => string, width?: number }} ChartOptions
 */

const r1 = (n) => Math.round(n * 10) / 10;

function gridY({ top, step }, x0, x1, y, fmt) {
  let out = '';
  for (let v = 0; v <= top + step / 2; v += step) {
    const yy = r1(y(v));
    out += `<line class="bw-grid-line" x1="${x0}" x2="${x1}" y1="${yy}" y2="${yy}"/>`;
    out += `<text class="bw-axis" x="${x0 - 6}" y="${yy + 4}" text-anchor="end">${esc(fmt(v))}</text>`;
  }
  return out;
}

function svgOpen(label, w, h) {
  return `<svg class="bw-chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(label)}" preserveAspectRatio="xMidYMid meet">`;
}

/**
 * Vertical bar chart. Charts scale to their container, so `width` (viewBox units) should be
 * close to the expected rendered width to keep axis text near its nominal size.
 * @param {ChartOptions} o
 */
export function barChart({ label, data, format = formatNumber, width = 600 }) {
  const [w, h, left, right, top, bottom] = [width, 260, 56, 12, 14, 34];
  const scale = niceScale(Math.max(0, ...data.map((d) => d.value)));
  const y = (v) => top + (h - top - bottom) * (1 - v / scale.top);
  const band = (w - left - right) / Math.max(1, data.length);
  const barW = Math.min(64, band * 0.62);
  let out = svgOpen(label, w, h) + gridY(scale, left, w - right, y, formatCompact);
  data.forEach((d, i) => {
    const cx = left + band * (i + 0.5);
    const yy = r1(y(d.value));
    out += `<rect class="bw-bar" x="${r1(cx - barW / 2)}" y="${yy}" width="${r1(barW)}" height="${r1(h - bottom - yy)}" rx="3"><title>${esc(`${d.label}: ${format(d.value)}`)}</title></rect>`;
    out += `<text class="bw-axis" x="${r1(cx)}" y="${h - bottom + 18}" text-anchor="middle">${esc(d.label)}</text>`;
  });
  return out + '</svg>';
}

/**
 * Horizontal bar chart: suits long category names.
 * @param {ChartOptions} o
 */
export function hBarChart({ label, data, format = formatNumber, width = 600 }) {
  const [w, left, right, rowH, top] = [width, 110, 70, 28, 6];
  const h = top * 2 + rowH * Math.max(1, data.length);
  const max = Math.max(1, ...data.map((d) => d.value));
  let out = svgOpen(label, w, h);
  data.forEach((d, i) => {
    const y = top + i * rowH;
    const len = r1(((w - left - right) * d.value) / max);
    out += `<text class="bw-axis" x="${left - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(d.label)}</text>`;
    out += `<rect class="bw-bar bw-bar-alt" x="${left}" y="${y + 5}" width="${len}" height="${rowH - 10}" rx="3"><title>${esc(`${d.label}: ${format(d.value)}`)}</title></rect>`;
    out += `<text class="bw-value" x="${r1(left + len + 6)}" y="${y + rowH / 2 + 4}">${esc(format(d.value))}</text>`;
  });
  return out + '</svg>';
}

/**
 * Line chart with a soft area fill and a dot per point.
 * @param {ChartOptions} o
 */
export function lineChart({ label, data, format = formatNumber, width = 600 }) {
  const [w, h, left, right, top, bottom] = [width, 240, 56, 16, 14, 34];
  const scale = niceScale(Math.max(0, ...data.map((d) => d.value)));
  const y = (v) => top + (h - top - bottom) * (1 - v / scale.top);
  const x = (i) => left + ((w - left - right) * i) / Math.max(1, data.length - 1);
  const pts = data.map((d, i) => `${r1(x(i))},${r1(y(d.value))}`);
  let out = svgOpen(label, w, h) + gridY(scale, left, w - right, y, formatCompact);
  if (data.length) {
    const base = r1(y(0));
    out += `<polygon class="bw-area" points="${r1(x(0))},${base} ${pts.join(' ')} ${r1(x(data.length - 1))},${base}"/>`;
    out += `<polyline class="bw-line" points="${pts.join(' ')}"/>`;
  }
  data.forEach((d, i) => {
    out += `<circle class="bw-dot" cx="${r1(x(i))}" cy="${r1(y(d.value))}" r="3.5"><title>${esc(`${d.label}: ${format(d.value)}`)}</title></circle>`;
    out += `<text class="bw-axis" x="${r1(x(i))}" y="${h - bottom + 18}" text-anchor="middle">${esc(d.label)}</text>`;
  });
  return out + '</svg>';
}

/** @param {{ label: string, value: string, hint?: string, name?: string }} o */
export function kpiTile({ label, value, hint, name = '' }) {
  return `<div class="bw-kpi" data-kpi="${esc(name)}"><div class="bw-kpi-label">${esc(label)}</div><div class="bw-kpi-value">${esc(value)}</div>${hint ? `<div class="bw-kpi-hint">${esc(hint)}</div>` : ''}</div>`;
}

/**
 * @param {{ caption: string, columns: { key: string, label: string, numeric?: boolean,
 *   format?: (v: unknown) => string }[], rows: Record<string, unknown>[] }} o
 */
export function table({ caption, columns, rows }) {
  const th = columns.map(
    (c) => `<th scope="col"${c.numeric ? ' class="bw-num"' : ''}>${esc(c.label)}</th>`,
  );
  const body = rows.length
    ? rows
        .map(
          (row) =>
            `<tr>${columns.map((c) => `<td${c.numeric ? ' class="bw-num"' : ''}>${esc(c.format ? c.format(row[c.key]) : row[c.key])}</td>`).join('')}</tr>`,
        )
        .join('')
    : `<tr><td colspan="${columns.length}" class="bw-empty">No data</td></tr>`;
  return `<table class="bw-table"><caption class="bw-sr">${esc(caption)}</caption><thead><tr>${th.join('')}</tr></thead><tbody>${body}</tbody></table>`;
}
