// Small inline-SVG charts for the regulator desk; no library.
//   barChart(svg, items, opts)   horizontal bars with value labels (rates 0..1)
//   timeStrip(svg, lesson, segments, opts)   one lesson's present / away / absent time

const SVG_NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Cut a label to about `max` display columns (CJK characters count double). */
export function shorten(text, max) {
  const str = String(text ?? '');
  let cols = 0;
  let out = '';
  for (const ch of str) {
    const w = /[\u1100-\uFFFF]/.test(ch) ? 2 : 1;
    if (cols + w > max) return out + '…';
    cols += w;
    out += ch;
  }
  return out;
}

/**
 * Horizontal bar chart of rates (0..1).
 * @param {SVGSVGElement} svg
 * @param {{key:string,label:string,value:number|null,title?:string}[]} items  drawn in this order
 * @param {object} opts
 * @param {number} opts.width            pixel width to lay out for
 * @param {(v:number|null)=>string} opts.format   value label
 * @param {number|null} [opts.reference] a dashed reference line (e.g. the overall rate)
 * @param {string} [opts.referenceLabel]
 * @param {string} [opts.noValue]        label for a missing value
 * @param {(key:string)=>void} [opts.onSelect]
 * @param {(p:number)=>string} [opts.tick]  axis label at 0, .25, .5, .75, 1 (default a percentage)
 */
export function barChart(svg, items, opts) {
  const width = Math.max(320, Math.floor(opts.width || 640));
  const rowH = 28;
  const barH = 18;
  const top = 26;
  const bottom = 8;
  const labelCols = width < 520 ? 16 : 28;
  const labelW = Math.min(Math.round(width * 0.34), labelCols * 7.5 + 12);
  const valueW = 64;
  const plotX = labelW;
  const plotW = Math.max(60, width - labelW - valueW);
  const height = top + items.length * rowH + bottom;
  const x = (v) => plotX + Math.max(0, Math.min(1, v)) * plotW;

  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.classList.add('bar-chart');

  // Grid and axis labels at 0, 25, 50, 75, 100 %.
  const grid = s('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    grid.append(s('line', { x1: x(p), x2: x(p), y1: top - 4, y2: height - bottom, class: p === 0 ? 'axis' : 'gridline' }));
    grid.append(s('text', { x: x(p), y: top - 10, 'text-anchor': p === 0 ? 'start' : p === 1 ? 'end' : 'middle', class: 'tick' },
      opts.tick ? opts.tick(p) : `${Math.round(p * 100)}%`));
  }
  svg.append(grid);

  // The overall rate, behind the bars.
  if (typeof opts.reference === 'number' && Number.isFinite(opts.reference) && items.length) {
    const rx = x(opts.reference);
    const ref = s('g', { class: 'reference', 'data-value': String(opts.reference) },
      s('line', { x1: rx, x2: rx, y1: top - 4, y2: height - bottom }));
    if (opts.referenceLabel) ref.append(s('title', {}, opts.referenceLabel));
    svg.append(ref);
  }
  items.forEach((it, i) => {
    const y = top + i * rowH + (rowH - barH) / 2;
    const has = typeof it.value === 'number' && Number.isFinite(it.value);
    const w = has ? Math.round((x(it.value) - plotX) * 10) / 10 : 0;
    const g = s('g', { class: `bar${opts.onSelect ? ' selectable' : ''}`, 'data-key': it.key });
    const title = s('title', {}, it.title || `${it.label}: ${has ? opts.format(it.value) : (opts.noValue || '—')}`);
    g.append(title);
    g.append(s('text', { x: plotX - 8, y: y + barH / 2, 'text-anchor': 'end', 'dominant-baseline': 'central', class: 'bar-label' },
      shorten(it.label, labelCols)));
    g.append(s('rect', { x: plotX, y: y - (rowH - barH) / 2, width: plotW, height: rowH, class: 'bar-hit' }));
    g.append(s('rect', {
      x: plotX, y, width: Math.max(has && it.value > 0 ? 1 : 0, w), height: barH, rx: 3,
      class: 'bar-value', 'data-key': it.key, 'data-value': has ? String(it.value) : '',
    }));
    g.append(s('text', { x: plotX + w + 6, y: y + barH / 2, 'dominant-baseline': 'central', class: 'bar-text' },
      has ? opts.format(it.value) : (opts.noValue || '—')));
    if (opts.onSelect) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', title.textContent);
      g.addEventListener('click', () => opts.onSelect(it.key));
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); opts.onSelect(it.key); } });
    }
    svg.append(g);
  });


}

/**
 * One lesson as a strip: absent (background), present, away (present but the page hidden).
 * @param {SVGSVGElement} svg
 * @param {{start:number,end:number}} lesson   epoch ms
 * @param {{kind:'present'|'away',from:number,to:number}[]} segments  already clipped to the lesson
 * @param {object} opts {width, ticks: [{at:number,label:string}], labelFor(segment) -> string}
 */
export function timeStrip(svg, lesson, segments, opts) {
  const width = Math.max(240, Math.floor(opts.width || 600));
  const h = 18;
  const top = 2;
  const height = top + h + 16;
  const span = Math.max(1, lesson.end - lesson.start);
  const x = (t) => ((Math.max(lesson.start, Math.min(lesson.end, t)) - lesson.start) / span) * width;

  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.classList.add('time-strip');
  svg.append(s('rect', { x: 0, y: top, width, height: h, class: 'seg seg-absent', 'data-kind': 'absent' }));
  for (const seg of segments) {
    const x1 = x(seg.from);
    const x2 = x(seg.to);
    if (x2 - x1 <= 0) continue;
    const r = s('rect', { x: x1, y: top, width: Math.max(1, x2 - x1), height: h, class: `seg seg-${seg.kind}`, 'data-kind': seg.kind });
    if (opts.labelFor) r.append(s('title', {}, opts.labelFor(seg)));
    svg.append(r);
  }
  for (const tick of opts.ticks || []) {
    const tx = x(tick.at);
    svg.append(s('line', { x1: tx, x2: tx, y1: top, y2: top + h + 3, class: 'strip-tick' }));
    svg.append(s('text', { x: tx, y: top + h + 13, class: 'tick',
      'text-anchor': tx < 20 ? 'start' : tx > width - 20 ? 'end' : 'middle' }, tick.label));
  }
}
