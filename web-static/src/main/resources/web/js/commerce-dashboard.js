// The live room's dashboard (issue I): the current host's figures from `commerce.stats` (the host
// and the lecturers get them at most once a second) and a plot of orders and turnover over time.
//   const d = new CommerceDashboard(container); d.update(stats); d.show(roomId); d.forget(roomId); d.reset();
import { el } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { yuan, percentOf } from './commerce-common.js';
import { hhmm } from './interaction-common.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MAX_POINTS = 600;

function s(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

const FIGURES = [
  ['viewers', (v) => String(v ?? 0)],
  ['likes', (v) => String(v ?? 0)],
  ['orders', (v) => String(v ?? 0)],
  ['units', (v) => String(v ?? 0)],
  ['turnoverFen', (v) => yuan(v ?? 0)],
  ['buyers', (v) => String(v ?? 0)],
  ['conversion', (v) => percentOf(v ?? 0)],
];

export class CommerceDashboard {
  /** @param {HTMLElement} node where the figures and the plot go */
  constructor(node) {
    this.node = node;
    this.series = new Map();  // roomId -> {key: roomId/hostId, stats, points: [{at: epoch ms, orders, turnoverFen}]}
    this.shown = null;        // the roomId shown (null: the last updated)
    onLangChange(() => this.render());
    this.render();
  }

  reset() { this.series.clear(); this.shown = null; this.render(); }

  /** Shows one room's figures and plot (a lecturer with several group rooms picks one). */
  show(roomId) { if (this.shown !== roomId) { this.shown = roomId; this.render(); } }

  forget(roomId) { this.series.delete(roomId); this.render(); }

  get current() { return this.series.get(this.shown) || (this.shown ? null : this.last) || null; }

  update(stats) {
    if (!stats) return;
    const key = `${stats.roomId}/${stats.hostId ?? ''}`;
    let sr = this.series.get(stats.roomId);
    if (!sr || sr.key !== key) { sr = { key, stats: null, points: [] }; this.series.set(stats.roomId, sr); }
    sr.stats = stats;
    this.last = sr;
    const points = sr.points;
    const last = points[points.length - 1];
    const p = { at: Date.now(), orders: Number(stats.orders) || 0, turnoverFen: Number(stats.turnoverFen) || 0 };
    if (!last) points.push({ ...p, orders: 0, turnoverFen: 0, at: p.at - 1000 });
    points.push(p);
    if (points.length > MAX_POINTS) points.splice(0, points.length - MAX_POINTS);
    if (!this.shown || this.shown === stats.roomId) this.render();
  }

  render() {
    if (this.last && !this.series.has(this.last.stats?.roomId)) this.last = null;
    const st = this.current?.stats || null;
    const figures = el('dl', { class: 'cm-figures', 'data-testid': 'cm-figures' });
    for (const [key, fmt] of FIGURES) {
      figures.append(el('div', { class: 'cm-figure', 'data-field': key, 'data-value': st ? String(st[key] ?? 0) : '' },
        el('dt', {}, t(`cm.stat.${key}`)), el('dd', {}, st ? fmt(st[key]) : '—')));
    }
    const plots = el('div', { class: 'cm-plots' },
      this.plot('orders', t('cm.plot.orders'), (v) => String(v)),
      this.plot('turnoverFen', t('cm.plot.turnover'), (v) => yuan(v)));
    this.node.replaceChildren(figures, plots);
    this.node.dataset.orders = st ? String(st.orders ?? 0) : '';
    this.node.dataset.turnoverFen = st ? String(st.turnoverFen ?? 0) : '';
  }

  /** A step line of one figure over time, 320 x 110 user units, scaled to its box. */
  plot(field, label, fmt) {
    const W = 320, H = 110, left = 52, right = 8, top = 14, bottom = 20;
    const pts = this.current?.points || [];
    const last = pts.length ? pts[pts.length - 1][field] : 0;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'cm-plot', role: 'img', 'data-field': field,
      'aria-label': `${label}: ${fmt(last)}` });
    svg.append(s('title', {}, `${label}: ${fmt(last)}`));
    const max = Math.max(1, ...pts.map((p) => p[field]));
    const t0 = pts.length ? pts[0].at : 0;
    const t1 = pts.length ? Math.max(t0 + 1000, pts[pts.length - 1].at) : 1;
    const x = (at) => left + ((at - t0) / (t1 - t0)) * (W - left - right);
    const y = (v) => top + (1 - v / max) * (H - top - bottom);
    svg.append(s('text', { x: left, y: 10, class: 'cm-plot-label' }, label));
    svg.append(s('line', { x1: left, x2: W - right, y1: y(0), y2: y(0), class: 'cm-plot-axis' }));
    svg.append(s('line', { x1: left, x2: left, y1: top, y2: y(0), class: 'cm-plot-axis' }));
    svg.append(s('text', { x: left - 4, y: top + 4, 'text-anchor': 'end', class: 'cm-plot-tick' }, fmt(max)));
    svg.append(s('text', { x: left - 4, y: y(0), 'text-anchor': 'end', class: 'cm-plot-tick' }, fmt(0)));
    if (pts.length) {
      svg.append(s('text', { x: left, y: H - 4, class: 'cm-plot-tick' }, hhmm(new Date(t0).toISOString())));
      svg.append(s('text', { x: W - right, y: H - 4, 'text-anchor': 'end', class: 'cm-plot-tick' },
        hhmm(new Date(t1).toISOString())));
      let d = '';
      pts.forEach((p, i) => {
        d += i === 0 ? `M${x(p.at).toFixed(1)},${y(p[field]).toFixed(1)}`
          : `H${x(p.at).toFixed(1)}V${y(p[field]).toFixed(1)}`;
      });
      svg.append(s('path', { d, class: 'cm-plot-line' }));
    }
    return svg;
  }
}
