// The regulator desk (监管台): read-only figures per class, region, time range and institution
// (Art. 24(3)), drill-down to a class and to one trainee's timeline, CSV / trace-bundle export.
// API: docs/protocol.md, "The regulator desk (REST, read-only)". Every call is a GET.
//
// View state lives in the URL hash (#from=…&to=…&region=…&inst=…&class=…&user=…&group=…&sort=…);
// `from`/`to` are the API's dates (`to` exclusive); the "to" field on screen is inclusive.
// Test hooks: window.regulatorDesk = { state(), lastResponse(path) }.

import { t, has, getLang, applyI18n, mountLangSwitch, onLangChange } from './i18n.js';
import { takeCredentials, whoami, ErrorBanner, el } from './classroom-page.js';
import { ProtocolError } from './classroom-client.js';
import { barChart, timeStrip } from './charts.js';
import { regionLabel } from './regions.js';

const API = '/api/regulator';
const ZONE = 'Asia/Shanghai';          // dates are the class's zone; Asia/Shanghai by default
const DESK_ROLES = new Set(['regulator', 'admin']);
const DEFAULT_DAYS = 30;
const SILENCE_MS = 90_000;              // docs/attendance-rules.md heartbeatTimeout
const GROUPS = ['class', 'institution', 'region'];

applyI18n();
mountLangSwitch(document.getElementById('lang-switch'));

const $ = (id) => document.getElementById(id);
const nodes = {
  desk: $('desk'), loading: $('loading'), me: $('me'), crumbs: $('crumbs'),
  filters: $('filters'), from: $('filter-from'), to: $('filter-to'), region: $('filter-region'),
  institution: $('filter-institution'), regionOptions: $('region-options'), institutionOptions: $('institution-options'),
  filterError: $('filter-error'), refresh: $('btn-refresh'), reset: $('btn-reset'),
  overview: $('overview'), overviewMeta: $('overview-meta'), summary: $('summary'),
  chartGroup: $('chart-group'), chartWrap: $('chart-wrap'), chart: $('attendance-chart'), chartNote: $('chart-note'),
  overviewTable: $('overview-table'), overviewEmpty: $('overview-empty'),
  classDetail: $('class-detail'), classTitle: $('class-title'), classMeta: $('class-meta'),
  lessonsTable: $('lessons-table'), lessonsEmpty: $('lessons-empty'),
  traineesTable: $('trainees-table'), traineesEmpty: $('trainees-empty'), traineesSummary: $('trainees-summary'),
  btnCsv: $('btn-export-csv'), btnBundle: $('btn-export-bundle'), btnKey: $('btn-public-key'), downloadStatus: $('download-status'),
  traineeView: $('trainee-view'), traineeTitle: $('trainee-title'), traineeMeta: $('trainee-meta'),
  traineeFigures: $('trainee-figures'), traineeReasons: $('trainee-reasons'),
  tlLessons: $('timeline-lessons'), timeline: $('timeline'), timelineEmpty: $('timeline-empty'),
  showHeartbeats: $('show-heartbeats'), heartbeatCount: $('heartbeat-count'),
};
const banner = new ErrorBanner($('error-banner'));

// ---------------------------------------------------------------------------------------------
// Dates and numbers

function todayInZone() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
function isDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s || '')) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
function addDays(s, n) {
  const d = new Date(`${s}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function defaultRange() {
  const today = todayInZone();
  return { from: addDays(today, -(DEFAULT_DAYS - 1)), to: addDays(today, 1) };
}

const dtf = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
function zoned(iso) {
  const d = typeof iso === 'number' ? new Date(iso) : new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const p = Object.fromEntries(dtf.formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hm: `${p.hour}:${p.minute}`, hms: `${p.hour}:${p.minute}:${p.second}` };
}
const fmtDateTime = (iso, sec = false) => { const z = zoned(iso); return z ? `${z.date} ${sec ? z.hms : z.hm}` : '—'; };
const fmtTime = (iso, sec = false) => { const z = zoned(iso); return z ? (sec ? z.hms : z.hm) : '—'; };

const locale = () => (getLang() === 'en' ? 'en-US' : 'zh-CN');
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
// Figures are rounded down to one decimal so that nothing is shown higher than it is
// (docs/attendance-rules.md rounds class hours down); the exact value is in data-value / title.
const floor1 = (x) => Math.floor(x * 10 + 1e-9) / 10;
function fmtNumber1(x) { return new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(floor1(x)); }
function fmtPct(v) { return isNum(v) ? `${fmtNumber1(v * 100)}%` : '—'; }
function fmtHours(v) { return isNum(v) ? fmtNumber1(v) : '—'; }
function fmtInt(v) { return isNum(v) ? new Intl.NumberFormat(locale()).format(v) : '—'; }
function fmtDuration(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('time.hms', { h, m, s });
  if (m > 0) return t('time.ms', { m, s });
  return t('time.s', { s });
}
function fmtRange(from, toExclusive) {
  return t('reg.rangeText', { from: from || '…', to: toExclusive ? addDays(toExclusive, -1) : '…' });
}

/** Chinese or English half of an article reference ("第七条（三） / Art. 7(3)"). */
function articleText(a) {
  if (!a) return '';
  const parts = String(a).split(' / ');
  if (parts.length < 2) return String(a);
  return getLang() === 'en' ? parts.slice(1).join(' / ') : parts[0];
}
function reasonText(r) {
  if (!r) return '';
  const en = getLang() === 'en';
  return (en ? r.en || r.zh : r.zh || r.en) || r.message || r.code || '';
}

// ---------------------------------------------------------------------------------------------
// State and the URL hash

const state = {
  token: null, me: null, ready: false,
  from: null, to: null, region: '', institution: '',
  classroomId: null, userId: null,
  group: 'class',
  sort: { key: 'classroomId', dir: 'asc' },
  tsort: { key: 'userId', dir: 'asc' },
};
const view = () => (state.classroomId ? (state.userId ? 'trainee' : 'class') : 'overview');

function parseSort(s, fallback) {
  const m = /^([A-Za-z]+)\.(asc|desc)$/.exec(s || '');
  return m ? { key: m[1], dir: m[2] } : { ...fallback };
}
function readHash() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  const def = defaultRange();
  state.from = isDate(p.get('from')) ? p.get('from') : def.from;
  state.to = isDate(p.get('to')) ? p.get('to') : def.to;
  state.region = (p.get('region') || '').trim();
  state.institution = (p.get('inst') || '').trim();
  state.classroomId = p.get('class') || null;
  state.userId = state.classroomId ? (p.get('user') || null) : null;
  state.group = GROUPS.includes(p.get('group')) ? p.get('group') : 'class';
  state.sort = parseSort(p.get('sort'), { key: 'classroomId', dir: 'asc' });
  state.tsort = parseSort(p.get('tsort'), { key: 'userId', dir: 'asc' });
}
function hashFor(s) {
  const p = new URLSearchParams();
  p.set('from', s.from);
  p.set('to', s.to);
  if (s.region) p.set('region', s.region);
  if (s.institution) p.set('inst', s.institution);
  if (s.classroomId) p.set('class', s.classroomId);
  if (s.classroomId && s.userId) p.set('user', s.userId);
  if (s.group && s.group !== 'class') p.set('group', s.group);
  if (s.sort && !(s.sort.key === 'classroomId' && s.sort.dir === 'asc')) p.set('sort', `${s.sort.key}.${s.sort.dir}`);
  if (s.tsort && !(s.tsort.key === 'userId' && s.tsort.dir === 'asc')) p.set('tsort', `${s.tsort.key}.${s.tsort.dir}`);
  return `#${p}`;
}
/** Go to a new view state: a history entry (navigation, filters) or a replacement (sort, chart grouping). */
function go(changes, { replace = false } = {}) {
  const next = { ...state, ...changes };
  const h = hashFor(next);
  if (h === location.hash) { onHash(); return; }
  if (replace) { history.replaceState(history.state, '', h); onHash(); } else location.hash = h;
}
const hrefFor = (changes) => hashFor({ ...state, ...changes });

// ---------------------------------------------------------------------------------------------
// API

const responses = new Map();   // normalized path (with and without query) -> last body
let pending = 0;

function normPath(p) {
  let s = String(p || '');
  try { if (/^https?:/.test(s)) { const u = new URL(s); s = u.pathname + u.search; } } catch { /* keep */ }
  return s.replace(/^\/?api\/regulator\/?/, '').replace(/^\//, '');
}
function remember(pathWithQuery, body) {
  const k = normPath(pathWithQuery);
  responses.set(k, body);
  responses.set(k.split('?')[0], body);
}
function setLoading(delta) {
  pending = Math.max(0, pending + delta);
  nodes.loading.hidden = pending === 0;
  document.body.dataset.loading = String(pending > 0);
}
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
function filenameOf(disposition) {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) { try { return decodeURIComponent(star[1].trim().replace(/^"|"$/g, '')); } catch { /* fall through */ } }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain ? plain[1].trim() : null;
}

/** GET a regulator endpoint. JSON by default; {as:'blob'} for downloads. Rejects with ProtocolError. */
async function apiGet(path, params, { as = 'json' } = {}) {
  const url = `${API}/${path}${query(params)}`;
  setLoading(+1);
  try {
    let res;
    try {
      res = await fetch(url, { headers: { Authorization: `Bearer ${state.token}`, Accept: as === 'json' ? 'application/json' : '*/*' }, cache: 'no-store' });
    } catch (e) {
      throw new ProtocolError({ error: 'NETWORK', message: String(e.message || e) });
    }
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch { /* not JSON */ }
      remember(url, body ?? { status: res.status });
      if (body && body.type === 'error') throw new ProtocolError(body);
      throw new ProtocolError({ error: `HTTP_${res.status}`, message: `GET ${url}: HTTP ${res.status}` });
    }
    if (as === 'json') {
      let body;
      try { body = await res.json(); } catch (e) {
        throw new ProtocolError({ error: 'BAD_RESPONSE', message: `GET ${url}: ${e.message || e}` });
      }
      remember(url, body);
      return body;
    }
    const blob = await res.blob();
    const contentType = res.headers.get('Content-Type') || blob.type || '';
    const filename = filenameOf(res.headers.get('Content-Disposition'));
    const info = { status: res.status, contentType, size: blob.size, filename };
    if (/^text\/|csv|pem|x-pem/.test(contentType) || /\.(csv|pem)$/.test(path)) info.text = await blob.text();
    remember(url, info);
    return { blob, filename, contentType };
  } finally {
    setLoading(-1);
  }
}

/** Banner descriptor for an error, with the desk's own wording where it has one. */
function describe(e) {
  const d = { code: e.code ?? null, error: e.error || e.name, message: e.message };
  if (d.code != null && has(`reg.err.${d.code}`)) d.key = `reg.err.${d.code}`;
  else if (d.code == null) {
    if (d.error === 'NETWORK') d.key = 'err.network';
    else if (d.error === 'BAD_RESPONSE') d.key = 'reg.err.badResponse';
    else if (/^HTTP_\d+$/.test(d.error || '')) { d.key = 'reg.err.http'; d.params = { status: d.error.slice(5) }; }
  }
  return d;
}
function showError(slot, e, extra = {}) {
  const d = describe(e);
  const fatal = d.code === 300 || d.code === 301;
  banner.show(fatal ? 'auth' : slot, { ...d, dismissible: !fatal, ...extra });
}

// Cache of view data: key (path + query) -> {status: 'loading'|'ok'|'error', body, error}
const cache = new Map();
const enc = encodeURIComponent;
function keys() {
  const range = { from: state.from, to: state.to };
  const k = {};
  if (view() === 'overview') {
    k.overview = { path: 'overview', params: { ...range, region: state.region, institution: state.institution }, slot: 'overview' };
  } else {
    k.detail = { path: `classes/${enc(state.classroomId)}`, params: range, slot: 'class' };
    if (state.userId) {
      k.timeline = { path: `classes/${enc(state.classroomId)}/trainees/${enc(state.userId)}/timeline`, params: range, slot: 'timeline' };
    }
  }
  for (const v of Object.values(k)) v.key = v.path + query(v.params);
  return k;
}
function entry(name) { const k = keys()[name]; return k ? cache.get(k.key) : undefined; }

function ensure(k) {
  const have = cache.get(k.key);
  if (have && have.status !== 'error') return;
  const e = { status: 'loading' };
  cache.set(k.key, e);
  apiGet(k.path, k.params).then((body) => {
    e.status = 'ok'; e.body = body;
    if (k.path === 'overview') learnOptions(body);
    if (keys()[k.slot === 'class' ? 'detail' : k.slot]?.key === k.key) banner.clear(k.slot);
  }, (err) => {
    e.status = 'error'; e.error = err;
    // Only the view still on screen reports its error.
    if (Object.values(keys()).some((x) => x.key === k.key)) showError(k.slot, err);
  }).finally(render);
}

function load() {
  if (!state.ready) return;
  const k = keys();
  for (const slot of ['overview', 'class', 'timeline']) {
    if (!Object.values(k).some((x) => x.slot === slot)) banner.clear(slot);
  }
  for (const v of Object.values(k)) ensure(v);
  render();
}

function refresh() {
  for (const v of Object.values(keys())) cache.delete(v.key);
  banner.clear('overview'); banner.clear('class'); banner.clear('timeline'); banner.clear('download');
  load();
}

// Filter suggestions: every region and institution seen in an overview answer (kept across filters).
const seenRegions = new Set();
const seenInstitutions = new Set();
function learnOptions(body) {
  for (const c of body?.classes || []) { if (c.region) seenRegions.add(String(c.region)); if (c.institution) seenInstitutions.add(c.institution); }
  for (const r of body?.byRegion || []) if (r.key) seenRegions.add(String(r.key));
  for (const i of body?.byInstitution || []) if (i.key) seenInstitutions.add(i.key);
  renderOptions();
}
function renderOptions() {
  nodes.regionOptions.replaceChildren(...[...seenRegions].sort().map((r) => el('option', { value: r }, regionLabel(r, getLang()))));
  nodes.institutionOptions.replaceChildren(...[...seenInstitutions].sort((a, b) => a.localeCompare(b, 'zh-CN')).map((i) => el('option', { value: i })));
}

// ---------------------------------------------------------------------------------------------
// Tables

/**
 * @param {HTMLTableElement} table
 * @param {{key:string,label:string,type?:string,cell?:(row)=>any,sortValue?:(row)=>any,title?:string,sortable?:boolean}[]} cols
 * @param {object[]} rows
 * @param {{key,dir}|null} sort
 * @param {(sort)=>void} onSort
 * @param {(row)=>object} rowAttrs
 */
function renderTable(table, cols, rows, sort, onSort, rowAttrs) {
  const thead = table.tHead;
  const tbody = table.tBodies[0];
  thead.replaceChildren(el('tr', {}, ...cols.map((c) => {
    const sorted = sort && sort.key === c.key;
    const th = el('th', { scope: 'col', 'data-field': c.key, class: `col-${c.type || 'text'}`,
      'aria-sort': sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : (onSort && c.sortable !== false ? 'none' : null) });
    if (onSort && c.sortable !== false) {
      th.append(el('button', { type: 'button', class: 'sort-btn', title: c.title || null,
        onclick: () => onSort({ key: c.key, dir: sorted && sort.dir === 'asc' ? 'desc' : 'asc' }) },
      el('span', {}, t(c.label)), el('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sorted ? (sort.dir === 'asc' ? '▲' : '▼') : '↕')));
    } else {
      th.append(t(c.label));
      if (c.title) th.title = c.title;
    }
    return th;
  })));
  let list = rows;
  if (sort) {
    const col = cols.find((c) => c.key === sort.key);
    if (col) {
      const val = col.sortValue || ((r) => r[col.key]);
      const sign = sort.dir === 'desc' ? -1 : 1;
      list = [...rows].sort((a, b) => {
        const va = val(a); const vb = val(b);
        const na = va === null || va === undefined || va === ''; const nb = vb === null || vb === undefined || vb === '';
        if (na || nb) return na && nb ? 0 : na ? 1 : -1;      // missing values last in both directions
        if (typeof va === 'number' && typeof vb === 'number') return sign * (va - vb);
        if (typeof va === 'boolean' && typeof vb === 'boolean') return sign * (Number(va) - Number(vb));
        return sign * String(va).localeCompare(String(vb), 'zh-CN', { numeric: true });
      });
    }
  }
  tbody.replaceChildren(...list.map((r) => el('tr', rowAttrs(r), ...cols.map((c) => {
    const raw = r[c.key];
    let content;
    if (c.cell) content = c.cell(r);
    else if (c.type === 'pct') content = fmtPct(raw);
    else if (c.type === 'hours') content = fmtHours(raw);
    else if (c.type === 'int') content = fmtInt(raw);
    else content = raw === null || raw === undefined || raw === '' ? '—' : String(raw);
    const td = el('td', { 'data-field': c.key, class: `col-${c.type || 'text'}`,
      'data-value': raw === null || raw === undefined || typeof raw === 'object' ? null : String(raw) });
    if (Array.isArray(content)) td.append(...content); else td.append(content);
    if ((c.type === 'pct' || c.type === 'hours') && isNum(raw)) td.title = String(c.type === 'pct' ? `${(raw * 100).toFixed(3)}%` : raw);
    return td;
  }))));
}

function link(href, text, attrs = {}) {
  return el('a', { href, ...attrs }, text);
}
function eligibilityBadge(eligible) {
  if (eligible === true) return el('span', { class: 'elig-badge elig-yes', 'data-eligible': 'true' }, t('reg.eligible.yes'));
  if (eligible === false) return el('span', { class: 'elig-badge elig-no', 'data-eligible': 'false' }, t('reg.eligible.no'));
  return el('span', { class: 'elig-badge', 'data-eligible': 'unknown' }, '—');
}
const SEVERITY_ORDER = { BLOCKING: 0, WARNING: 1, INFO: 2 };
function reasonItem(r) {
  const sev = String(r.severity || 'INFO').toUpperCase();
  return el('li', { class: `reason sev-${sev.toLowerCase()}`, 'data-code': r.code || null, 'data-severity': sev },
    el('span', { class: 'sev-badge' }, has(`reg.sev.${sev}`) ? t(`reg.sev.${sev}`) : sev),
    el('span', { class: 'reason-text' }, reasonText(r)),
    r.article ? el('span', { class: 'reason-article' }, t('reg.articleRef', { article: articleText(r.article) })) : null);
}
/** Blocking and warning reasons shown; informational ones folded. */
function reasonsBlock(reasons, { foldInfo = true } = {}) {
  const list = [...(reasons || [])].sort((a, b) => (SEVERITY_ORDER[String(a.severity).toUpperCase()] ?? 3) - (SEVERITY_ORDER[String(b.severity).toUpperCase()] ?? 3));
  if (!list.length) return el('span', { class: 'muted' }, '—');
  const main = list.filter((r) => !foldInfo || String(r.severity).toUpperCase() !== 'INFO');
  const info = foldInfo ? list.filter((r) => String(r.severity).toUpperCase() === 'INFO') : [];
  const wrap = el('div', { class: 'reasons' });
  if (main.length) wrap.append(el('ul', { class: 'reason-list' }, ...main.map(reasonItem)));
  if (info.length) {
    wrap.append(el('details', { class: 'reason-more' },
      el('summary', {}, t(main.length ? 'reg.reasons.info' : 'reg.reasons.infoOnly', { n: info.length })),
      el('ul', { class: 'reason-list' }, ...info.map(reasonItem))));
  }
  return wrap;
}

function statCard(stat, label, value, sub, raw) {
  return el('div', { class: 'stat-card', 'data-stat': stat, 'data-value': raw === undefined || raw === null ? null : String(raw) },
    el('div', { class: 'stat-label' }, label),
    el('div', { class: 'stat-value' }, value),
    sub ? el('div', { class: 'stat-sub' }, sub) : null);
}

function placeholder(table, cols, text, cls = 'loading-row') {
  table.tBodies[0].replaceChildren(el('tr', { class: cls }, el('td', { colspan: String(cols) }, text)));
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderHeader() {
  const me = state.me;
  if (!me) { nodes.me.replaceChildren(); return; }
  nodes.me.replaceChildren(
    el('span', { class: 'me-name' }, me.displayName || me.userId),
    el('span', { class: `role-badge role-${me.role}` }, has(`role.${me.role}`) ? t(`role.${me.role}`) : me.role),
    me.region ? el('span', { class: 'muted me-scope', title: t('reg.scope') }, regionLabel(me.region, getLang())) : null);
  nodes.me.dataset.userId = me.userId;
  nodes.me.dataset.role = me.role;
}

function renderFilters() {
  nodes.from.value = state.from || '';
  nodes.to.value = state.to ? addDays(state.to, -1) : '';
  nodes.region.value = state.region;
  nodes.institution.value = state.institution;
  nodes.filterError.hidden = true;
}

function classNameOf(id) {
  for (const e of cache.values()) {
    const c = e.body?.classes?.find?.((x) => x.classroomId === id);
    if (c?.name) return c.name;
  }
  const d = entry('detail')?.body;
  return d?.name || id;
}

function renderCrumbs() {
  const items = [];
  const v = view();
  items.push(v === 'overview'
    ? el('span', { 'aria-current': 'page' }, t('reg.overview.title'))
    : link(hrefFor({ classroomId: null, userId: null }), t('reg.overview.title'), { id: 'crumb-overview' }));
  if (state.classroomId) {
    const name = classNameOf(state.classroomId);
    items.push(v === 'class'
      ? el('span', { 'aria-current': 'page' }, name)
      : link(hrefFor({ userId: null }), name, { id: 'crumb-class' }));
  }
  if (state.userId) {
    const tr = entry('detail')?.body?.trainees?.find?.((x) => x.userId === state.userId);
    items.push(el('span', { 'aria-current': 'page' }, tr?.name || state.userId));
  }
  const out = [];
  items.forEach((it, i) => { if (i) out.push(el('span', { class: 'crumb-sep', 'aria-hidden': 'true' }, '›')); out.push(it); });
  nodes.crumbs.replaceChildren(...out);
  nodes.crumbs.hidden = v === 'overview';
}

const OVERVIEW_COLS = [
  { key: 'classroomId', label: 'reg.col.class', cell: (c) => link(hrefFor({ classroomId: c.classroomId, userId: null }), c.name || c.classroomId, { class: 'row-link' }), sortValue: (c) => c.name || c.classroomId },
  { key: 'institution', label: 'reg.col.institution' },
  { key: 'region', label: 'reg.col.region', cell: (c) => regionLabel(c.region, getLang()) },
  { key: 'lessons', label: 'reg.col.lessons', type: 'int' },
  { key: 'trainees', label: 'reg.col.trainees', type: 'int' },
  { key: 'attendanceRate', label: 'reg.col.attendanceRate', type: 'pct' },
  { key: 'averageClassHours', label: 'reg.col.averageClassHours', type: 'hours' },
  { key: 'tabSwitches', label: 'reg.col.tabSwitches', type: 'int' },
  { key: 'faceFlags', label: 'reg.col.faceFlags', type: 'int' },
  { key: 'eligible', label: 'reg.col.eligible', type: 'int' },
  { key: 'notEligible', label: 'reg.col.notEligible', type: 'int' },
];

function totals(classes) {
  let trainees = 0; let expected = 0; let attended = 0; let eligible = 0; let assessed = 0;
  for (const c of classes) {
    trainees += c.trainees || 0;
    const exp = (c.lessons || 0) * (c.trainees || 0);
    if (isNum(c.attendanceRate) && exp > 0) { expected += exp; attended += c.attendanceRate * exp; }
    eligible += c.eligible || 0;
    assessed += (c.eligible || 0) + (c.notEligible || 0);
  }
  return { classes: classes.length, trainees, attendanceRate: expected ? attended / expected : null,
    eligibleShare: assessed ? eligible / assessed : null, eligible, assessed };
}

function renderOverview() {
  const e = entry('overview');
  nodes.overview.dataset.state = e?.status || 'idle';
  const cols = OVERVIEW_COLS.length;
  if (!e || e.status === 'loading') {
    nodes.overviewMeta.textContent = t('reg.loading');
    nodes.summary.replaceChildren();
    nodes.chart.replaceChildren();
    nodes.chartNote.textContent = '';
    renderTable(nodes.overviewTable, OVERVIEW_COLS, [], state.sort, null, () => ({}));
    placeholder(nodes.overviewTable, cols, t('reg.loading'));
    nodes.overviewEmpty.hidden = true;
    return;
  }
  if (e.status === 'error') {
    nodes.overviewMeta.textContent = '';
    nodes.summary.replaceChildren();
    nodes.chart.replaceChildren();
    nodes.chartNote.textContent = '';
    renderTable(nodes.overviewTable, OVERVIEW_COLS, [], state.sort, null, () => ({}));
    placeholder(nodes.overviewTable, cols, t('reg.loadFailed'), 'error-row');
    nodes.overviewEmpty.hidden = true;
    return;
  }
  const body = e.body || {};
  const classes = Array.isArray(body.classes) ? body.classes : [];
  nodes.overviewMeta.textContent = [fmtRange(body.from ?? state.from, body.to ?? state.to),
    body.generatedAt ? t('reg.generatedAt', { time: fmtDateTime(body.generatedAt, true) }) : null].filter(Boolean).join(' · ');

  const sum = totals(classes);
  nodes.summary.replaceChildren(
    statCard('classes', t('reg.stat.classes'), fmtInt(sum.classes), null, sum.classes),
    statCard('trainees', t('reg.stat.trainees'), fmtInt(sum.trainees), null, sum.trainees),
    statCard('attendanceRate', t('reg.stat.attendanceRate'), fmtPct(sum.attendanceRate), t('reg.stat.attendanceSub'), sum.attendanceRate),
    statCard('eligibleShare', t('reg.stat.eligibleShare'), fmtPct(sum.eligibleShare),
      t('reg.stat.eligibleSub', { x: fmtInt(sum.eligible), y: fmtInt(sum.assessed) }), sum.eligibleShare));

  renderChart(body, sum);

  renderTable(nodes.overviewTable, OVERVIEW_COLS, classes, state.sort,
    (sort) => go({ sort }, { replace: true }),
    (c) => ({ 'data-classroom-id': c.classroomId, class: 'clickable',
      onclick: (ev) => { if (!ev.target.closest('a')) go({ classroomId: c.classroomId, userId: null }); } }));
  nodes.overviewEmpty.hidden = classes.length > 0;
  nodes.overviewEmpty.textContent = t('reg.overview.empty');
}

function renderChart(body, sum) {
  for (const b of nodes.chartGroup.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.group === state.group));
  let items;
  let onSelect;
  if (state.group === 'institution') {
    items = (body.byInstitution || []).map((b) => ({ key: String(b.key), label: String(b.key), value: b.attendanceRate }));
    onSelect = (key) => go({ institution: key, group: 'class' });
  } else if (state.group === 'region') {
    items = (body.byRegion || []).map((b) => ({ key: String(b.key), label: regionLabel(b.key, getLang()), value: b.attendanceRate }));
    onSelect = (key) => go({ region: key, group: 'class' });
  } else {
    items = (body.classes || []).map((c) => ({ key: c.classroomId, label: c.name || c.classroomId, value: c.attendanceRate }));
    onSelect = (key) => go({ classroomId: key, userId: null });
  }
  items.sort((a, b) => (isNum(b.value) ? b.value : -1) - (isNum(a.value) ? a.value : -1) || a.label.localeCompare(b.label, 'zh-CN'));
  nodes.chart.dataset.group = state.group;
  nodes.chart.setAttribute('aria-label', t('reg.chart.aria', { group: t(`reg.chart.group.${state.group}`), n: items.length }));
  if (!items.length) {
    nodes.chart.replaceChildren();
    nodes.chart.setAttribute('height', '0');
    nodes.chartNote.textContent = t('reg.chart.empty');
    return;
  }
  barChart(nodes.chart, items, {
    width: nodes.chartWrap.clientWidth || 640,
    format: fmtPct,
    noValue: t('reg.noLessons'),
    reference: sum.attendanceRate,
    referenceLabel: t('reg.chart.reference', { value: fmtPct(sum.attendanceRate) }),
    onSelect,
  });
  nodes.chartNote.textContent = [
    isNum(sum.attendanceRate) ? t('reg.chart.reference', { value: fmtPct(sum.attendanceRate) }) : null,
    t(`reg.chart.click.${state.group}`),
  ].filter(Boolean).join(' · ');
}

const LESSON_COLS = [
  { key: 'n', label: 'reg.col.lessonNo', type: 'int', sortable: false },
  { key: 'start', label: 'reg.col.start', cell: (l) => fmtDateTime(l.start) },
  { key: 'end', label: 'reg.col.end', cell: (l) => (l.end ? fmtDateTime(l.end) : t('reg.lesson.live')) },
  { key: 'minutes', label: 'reg.col.minutes', type: 'int' },
  { key: 'mode', label: 'reg.col.mode', cell: (l) => (has(`reg.mode.${String(l.mode).toLowerCase()}`) ? t(`reg.mode.${String(l.mode).toLowerCase()}`) : (l.mode || '—')) },
  { key: 'sessionId', label: 'reg.col.sessionId', cell: (l) => el('code', {}, l.sessionId || '—') },
];

const TRAINEE_COLS = [
  { key: 'userId', label: 'reg.col.trainee', sortValue: (r) => r.name || r.userId,
    cell: (r) => [link(hrefFor({ userId: r.userId }), r.name || r.userId, { class: 'row-link' }),
      r.name && r.name !== r.userId ? el('span', { class: 'muted small' }, ` ${r.userId}`) : null].filter(Boolean) },
  { key: 'lessons', label: 'reg.col.lessons', type: 'int' },
  { key: 'attended', label: 'reg.col.attended', type: 'int' },
  { key: 'late', label: 'reg.col.late', type: 'int' },
  { key: 'leftEarly', label: 'reg.col.leftEarly', type: 'int' },
  { key: 'absences', label: 'reg.col.absences', type: 'int' },
  { key: 'leaves', label: 'reg.col.leaves', type: 'int' },
  { key: 'creditedClassHours', label: 'reg.col.creditedClassHours', type: 'hours' },
  { key: 'onlineClassHours', label: 'reg.col.onlineClassHours', type: 'hours' },
  { key: 'tabSwitches', label: 'reg.col.tabSwitches', type: 'int' },
  { key: 'faceFlags', label: 'reg.col.faceFlags', type: 'int' },
  { key: 'signedIn', label: 'reg.col.signedIn', type: 'int' },
  { key: 'videoMinutes', label: 'reg.col.videoMinutes', type: 'int' },
  { key: 'videosCompleted', label: 'reg.col.videosCompleted', type: 'int' },
  { key: 'eligible', label: 'reg.col.eligibility', cell: (r) => eligibilityBadge(r.eligible) },
  { key: 'reasons', label: 'reg.col.reasons', sortable: false, cell: (r) => reasonsBlock(r.reasons) },
];

function lessonsOf(detail) {
  return [...(detail?.lessons || [])]
    .sort((a, b) => String(a.start).localeCompare(String(b.start)))
    .map((l, i) => ({ ...l, n: i + 1,
      minutes: l.start && l.end ? Math.round((Date.parse(l.end) - Date.parse(l.start)) / 60000) : null }));
}

function renderClassDetail() {
  const e = entry('detail');
  const id = state.classroomId;
  nodes.classDetail.dataset.classroomId = id;
  nodes.classDetail.dataset.state = e?.status || 'idle';
  const d = e?.status === 'ok' ? e.body || {} : null;
  nodes.classTitle.textContent = d?.name || classNameOf(id);
  nodes.classMeta.textContent = d
    ? [id, d.institution ? t('reg.meta.institution', { v: d.institution }) : null,
      d.region ? t('reg.meta.region', { v: regionLabel(d.region, getLang()) }) : null, fmtRange(state.from, state.to)]
      .filter(Boolean).join(' · ')
    : id;
  for (const b of [nodes.btnCsv, nodes.btnBundle]) if (b.dataset.state !== 'busy') b.disabled = false;

  if (!d) {
    const text = e?.status === 'error' ? t('reg.loadFailed') : t('reg.loading');
    const cls = e?.status === 'error' ? 'error-row' : 'loading-row';
    renderTable(nodes.lessonsTable, LESSON_COLS, [], null, null, () => ({}));
    placeholder(nodes.lessonsTable, LESSON_COLS.length, text, cls);
    renderTable(nodes.traineesTable, TRAINEE_COLS, [], state.tsort, null, () => ({}));
    placeholder(nodes.traineesTable, TRAINEE_COLS.length, text, cls);
    nodes.lessonsEmpty.hidden = true; nodes.traineesEmpty.hidden = true;
    nodes.traineesSummary.textContent = '';
    return;
  }
  const lessons = lessonsOf(d);
  renderTable(nodes.lessonsTable, LESSON_COLS, lessons, null, null, (l) => ({ 'data-session-id': l.sessionId, 'data-mode': l.mode }));
  nodes.lessonsEmpty.hidden = lessons.length > 0;
  nodes.lessonsEmpty.textContent = t('reg.lessons.empty');

  const trainees = Array.isArray(d.trainees) ? d.trainees : [];
  renderTable(nodes.traineesTable, TRAINEE_COLS, trainees, state.tsort,
    (tsort) => go({ tsort }, { replace: true }),
    (r) => ({ 'data-user-id': r.userId, 'data-eligible': r.eligible === true ? 'true' : r.eligible === false ? 'false' : 'unknown',
      class: `clickable${r.eligible === false ? ' not-eligible' : ''}`,
      onclick: (ev) => { if (!ev.target.closest('a, summary, details')) go({ userId: r.userId }); } }));
  nodes.traineesEmpty.hidden = trainees.length > 0;
  nodes.traineesEmpty.textContent = t('reg.trainees.empty');
  const yes = trainees.filter((r) => r.eligible === true).length;
  const no = trainees.filter((r) => r.eligible === false).length;
  nodes.traineesSummary.textContent = t('reg.trainees.summary', { n: trainees.length, yes, no });
}

// ----- one trainee

const EVENT_KINDS = ['presence.joined', 'presence.left', 'presence.heartbeat', 'focus.hidden', 'focus.visible', 'focus.blur',
  'focus.focus', 'focus.fullscreen-exit', 'focus.warning', 'proctor.consent', 'proctor.face-check', 'proctor.audio',
  'attendance.sign-in', 'attendance.roll-call', 'attendance.leave-requested', 'attendance.leave-decided', 'lesson.started',
  'lesson.ended', 'exercise.answer', 'qa.question', 'danmaku.sent', 'chat.sent', 'speak.turn', 'playback.progress',
  'audit.regulator-read'];
const FLAG_KINDS = new Set(['focus.hidden', 'focus.blur', 'focus.fullscreen-exit', 'focus.warning']);
const NOT_LIFE = new Set(['presence.left', 'attendance.roll-call', 'attendance.leave-requested', 'attendance.leave-decided',
  'lesson.started', 'lesson.ended', 'focus.warning', 'playback.progress', 'audit.regulator-read']);

function kindLabel(kind) {
  return EVENT_KINDS.includes(kind) ? t(`reg.kind.${kind}`) : t('reg.kind.other', { kind });
}
const bool = (v) => v === true || v === 'true';
function eventDetail(ev) {
  const d = ev.data || {};
  const k = ev.kind;
  const parts = [];
  const ms = (v) => (v !== undefined && v !== null && v !== '' && Number.isFinite(Number(v)) ? fmtDuration(Number(v)) : null);
  if (k === 'presence.left' && d.reason) {
    const r = String(d.reason).toUpperCase();
    parts.push(has(`reg.leftReason.${r}`) ? t(`reg.leftReason.${r}`) : String(d.reason));
  } else if (k === 'presence.heartbeat' && d.visible !== undefined) {
    parts.push(t(bool(d.visible) ? 'reg.detail.visible' : 'reg.detail.hidden'));
  } else if (k === 'focus.visible' && ms(d.hiddenMs)) {
    parts.push(t('reg.detail.awayFor', { d: ms(d.hiddenMs) }));
  } else if (k === 'focus.focus' && ms(d.blurredMs)) {
    parts.push(t('reg.detail.blurredFor', { d: ms(d.blurredMs) }));
  } else if (k === 'focus.warning') {
    if (d.count !== undefined) parts.push(t('reg.detail.warningN', { n: d.count }));
  } else if (k === 'proctor.consent') {
    parts.push(t(bool(d.granted) ? 'reg.detail.consentYes' : 'reg.detail.consentNo'));
    if (d.noticeVersion) parts.push(t('reg.detail.noticeVersion', { v: d.noticeVersion }));
  } else if (k === 'proctor.face-check' && d.result) {
    parts.push(has(`face.${d.result}`) ? t(`face.${d.result}`) : String(d.result));
  } else if (k === 'proctor.audio') {
    parts.push(bool(d.muted) ? t('wall.micMuted') : t('wall.micLevel', { level: d.level ?? '—' }));
  } else if (k === 'attendance.sign-in') {
    if (d.method) parts.push(has(`reg.method.${d.method}`) ? t(`reg.method.${d.method}`) : String(d.method));
    if (d.result !== undefined && !['ok', 'success', true, 'true'].includes(d.result)) parts.push(t('reg.detail.result', { r: d.result }));
  } else if (k === 'attendance.roll-call') {
    parts.push(t(bool(d.present) ? 'reg.detail.present' : 'reg.detail.notPresent'));
    if (d.by) parts.push(t('reg.detail.by', { by: d.by }));
  } else if (k === 'attendance.leave-requested') {
    if (d.hours !== undefined) parts.push(t('leave.hoursN', { n: d.hours }));
    if (d.reason) parts.push(String(d.reason));
  } else if (k === 'attendance.leave-decided') {
    parts.push(t(bool(d.approved) ? 'leave.state.approved' : 'leave.state.rejected'));
    if (d.by) parts.push(t('reg.detail.by', { by: d.by }));
  } else if (k === 'audit.regulator-read') {
    if (d.what) parts.push(String(d.what));
    if (d.subject) parts.push(String(d.subject));
  } else if (k === 'chat.sent' || k === 'danmaku.sent') {
    if (d.text !== undefined) parts.push(`“${d.text}”`);
    if (d.to === 'lecturers') parts.push(t('reg.detail.toLecturers'));
    if (bool(d.masked)) parts.push(t('reg.detail.masked'));
  } else if (!EVENT_KINDS.includes(k) || ['exercise.answer', 'qa.question', 'speak.turn', 'playback.progress'].includes(k)) {
    for (const [key, v] of Object.entries(d).slice(0, 6)) parts.push(`${key}=${v}`);
  }
  return parts.join(' · ');
}
function isFlagged(ev) {
  if (FLAG_KINDS.has(ev.kind)) return true;
  if (ev.kind === 'proctor.face-check') return ['no-face', 'many-faces'].includes(ev.data?.result);
  if (ev.kind === 'attendance.roll-call') return !bool(ev.data?.present);
  return false;
}

/** Present and hidden spans from the trace, the way docs/attendance-rules.md describes (simplified). */
function presenceSpans(events, now = Date.now()) {
  const evs = (events || []).map((e) => ({ ...e, at: Date.parse(e.recordedAt) })).filter((e) => Number.isFinite(e.at))
    .sort((a, b) => a.at - b.at || (a.index ?? 0) - (b.index ?? 0));
  const present = []; const hidden = [];
  let openAt = null; let lastLife = null; let hiddenAt = null; const pids = new Set();
  const close = (at) => {
    if (openAt !== null && at > openAt) present.push([openAt, at]);
    if (hiddenAt !== null && at > hiddenAt) hidden.push([hiddenAt, at]);
    openAt = null; hiddenAt = null; pids.clear();
  };
  for (const e of evs) {
    if (openAt !== null && lastLife !== null && e.at - lastLife > SILENCE_MS) close(lastLife);
    const d = e.data || {};
    if (e.kind === 'presence.left') {
      if (openAt !== null) {
        if (d.participantId && pids.has(d.participantId) && pids.size > 1) pids.delete(d.participantId);
        else close(e.at);
      }
      continue;
    }
    if (NOT_LIFE.has(e.kind)) continue;
    if (openAt === null) openAt = e.at;
    if (e.kind === 'presence.joined') pids.add(d.participantId || '?');
    lastLife = e.at;
    const goneAway = e.kind === 'focus.hidden' || (e.kind === 'presence.heartbeat' && d.visible !== undefined && !bool(d.visible));
    const cameBack = e.kind === 'focus.visible' || (e.kind === 'presence.heartbeat' && bool(d.visible));
    if (goneAway) { if (hiddenAt === null) hiddenAt = e.at; } else if (cameBack) {
      let from = hiddenAt;
      const back = Number(d.hiddenMs);
      if (e.kind === 'focus.visible' && Number.isFinite(back) && back > 0) {
        const b = Math.max(openAt, e.at - back);
        from = from === null ? b : Math.min(from, b);
      }
      if (from !== null && e.at > from) hidden.push([from, e.at]);
      hiddenAt = null;
    }
  }
  if (openAt !== null) close(lastLife !== null && now - lastLife <= SILENCE_MS ? now : (lastLife ?? openAt));
  return { present, hidden };
}
function lessonSegments(spans, start, end) {
  const segs = [];
  for (const [a, b] of spans.present) {
    const s = Math.max(a, start); const e = Math.min(b, end);
    if (e <= s) continue;
    const hs = spans.hidden.map(([x, y]) => [Math.max(x, s), Math.min(y, e)]).filter(([x, y]) => y > x).sort((p, q) => p[0] - q[0]);
    let cur = s;
    for (const [x, y] of hs) {
      if (y <= cur) continue;
      if (x > cur) segs.push({ kind: 'present', from: cur, to: x });
      segs.push({ kind: 'away', from: Math.max(x, cur), to: y });
      cur = y;
    }
    if (cur < e) segs.push({ kind: 'present', from: cur, to: e });
  }
  return segs;
}

function lessonStatusBadge(status) {
  const s = String(status || '').toUpperCase();
  return el('span', { class: `status-badge st-${s.toLowerCase()}`, 'data-status': s }, has(`reg.status.${s}`) ? t(`reg.status.${s}`) : (s || '—'));
}

function renderTrainee() {
  const detailE = entry('detail');
  const tlE = entry('timeline');
  const detail = detailE?.status === 'ok' ? detailE.body : null;
  const tl = tlE?.status === 'ok' ? tlE.body : null;
  const row = detail?.trainees?.find?.((x) => x.userId === state.userId) || null;
  nodes.traineeView.dataset.userId = state.userId;
  nodes.traineeView.dataset.state = tlE?.status || 'idle';
  nodes.timeline.dataset.userId = state.userId;
  nodes.traineeTitle.textContent = row?.name && row.name !== state.userId ? t('reg.nameWithId', { name: row.name, id: state.userId }) : state.userId;
  nodes.traineeMeta.textContent = [classNameOf(state.classroomId), fmtRange(state.from, state.to)].join(' · ');

  if (row) {
    nodes.traineeFigures.replaceChildren(
      statCard('eligible', t('reg.col.eligibility'), eligibilityBadge(row.eligible), null, row.eligible),
      statCard('attended', t('reg.stat.attendedOf'), `${fmtInt(row.attended)} / ${fmtInt(row.lessons)}`,
        t('reg.stat.lateEarly', { late: fmtInt(row.late), early: fmtInt(row.leftEarly) }), row.attended),
      statCard('absences', t('reg.stat.absencesLeaves'), `${fmtInt(row.absences)} / ${fmtInt(row.leaves)}`, null, row.absences),
      statCard('creditedClassHours', t('reg.col.creditedClassHours'), fmtHours(row.creditedClassHours),
        t('reg.stat.onlineHours', { h: fmtHours(row.onlineClassHours) }), row.creditedClassHours),
      statCard('tabSwitches', t('reg.col.tabSwitches'), fmtInt(row.tabSwitches), null, row.tabSwitches),
      statCard('faceFlags', t('reg.col.faceFlags'), fmtInt(row.faceFlags), null, row.faceFlags),
      statCard('signedIn', t('reg.col.signedIn'), fmtInt(row.signedIn), null, row.signedIn));
    nodes.traineeReasons.replaceChildren(el('section', { class: 'card reasons-card' },
      el('h3', {}, t('reg.col.reasons')), reasonsBlock(row.reasons, { foldInfo: true })));
  } else {
    nodes.traineeFigures.replaceChildren();
    nodes.traineeReasons.replaceChildren();
  }

  if (!tl) {
    const text = tlE?.status === 'error' ? t('reg.loadFailed') : t('reg.loading');
    nodes.tlLessons.replaceChildren(el('li', { class: tlE?.status === 'error' ? 'error-row' : 'loading-row' }, text));
    nodes.timeline.replaceChildren();
    nodes.timelineEmpty.hidden = true;
    nodes.heartbeatCount.textContent = '';
    return;
  }

  // Lessons with a strip each.
  const byId = new Map(lessonsOf(detail).map((l) => [l.sessionId, l]));
  const spans = presenceSpans(tl.events);
  const stripWidth = Math.max(240, (nodes.tlLessons.clientWidth || 700) - 24);
  const lessonItems = (tl.lessons || []).map((l, i) => {
    const info = byId.get(l.sessionId);
    const start = info ? Date.parse(info.start) : NaN;
    const end = info ? (info.end ? Date.parse(info.end) : Date.now()) : NaN;
    const head = el('div', { class: 'tl-lesson-head' },
      el('strong', {}, t('reg.tl.lessonN', { n: info?.n ?? i + 1 })),
      el('span', { class: 'muted' }, info ? `${fmtDateTime(info.start)}–${info.end ? fmtTime(info.end) : t('reg.lesson.live')}` : (l.sessionId || '')),
      info?.mode ? el('span', { class: 'muted' }, has(`reg.mode.${String(info.mode).toLowerCase()}`) ? t(`reg.mode.${String(info.mode).toLowerCase()}`) : info.mode) : null,
      lessonStatusBadge(l.status),
      el('span', { class: 'tl-mins' }, t('reg.tl.minutes', { present: fmtInt(l.presentMinutes), credited: fmtInt(l.creditedMinutes) })));
    const li = el('li', { class: 'tl-lesson', 'data-session-id': l.sessionId || null, 'data-status': String(l.status || '').toUpperCase() }, head);
    if (Number.isFinite(start) && Number.isFinite(end) && end > start && String(info.mode).toLowerCase() !== 'offline') {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('class', 'strip');
      svg.setAttribute('role', 'img');
      const segs = lessonSegments(spans, start, end);
      const sum = (k) => segs.filter((x) => x.kind === k).reduce((a, x) => a + (x.to - x.from), 0);
      svg.setAttribute('aria-label', t('reg.strip.aria', { present: fmtDuration(sum('present')), away: fmtDuration(sum('away')) }));
      timeStrip(svg, { start, end }, segs, {
        width: stripWidth,
        ticks: [{ at: start, label: fmtTime(start) }, { at: end, label: fmtTime(end) }],
        labelFor: (seg) => t('reg.strip.segment', { what: t(`reg.strip.${seg.kind}`), from: fmtTime(seg.from, true), to: fmtTime(seg.to, true), d: fmtDuration(seg.to - seg.from) }),
      });
      li.append(svg);
    }
    if (l.reasons?.length) li.append(reasonsBlock(l.reasons, { foldInfo: true }));
    return li;
  });
  nodes.tlLessons.replaceChildren(...lessonItems);
  if (!lessonItems.length) nodes.tlLessons.append(el('li', { class: 'empty-note' }, t('reg.lessons.empty')));

  // Events, oldest first.
  const events = [...(tl.events || [])].sort((a, b) => String(a.recordedAt).localeCompare(String(b.recordedAt)) || (a.index ?? 0) - (b.index ?? 0));
  const lessonNo = new Map([...byId.values()].map((l) => [l.sessionId, l.n]));
  let lastDate = null;
  const items = [];
  for (const ev of events) {
    const z = zoned(ev.recordedAt);
    if (z && z.date !== lastDate) {
      lastDate = z.date;
      items.push(el('li', { class: 'tl-day', role: 'presentation' }, z.date));
    }
    const detailText = eventDetail(ev);
    items.push(el('li', {
      class: `tl-event${isFlagged(ev) ? ' flagged' : ''}`, 'data-kind': ev.kind, 'data-index': ev.index ?? null,
      'data-session-id': ev.sessionId || null, 'data-recorded-at': ev.recordedAt || null,
    },
    el('time', { datetime: ev.recordedAt || '' }, z ? z.hms : '—'),
    el('span', { class: 'tl-kind' }, kindLabel(ev.kind)),
    detailText ? el('span', { class: 'tl-detail' }, detailText) : null,
    ev.sessionId && lessonNo.has(ev.sessionId) ? el('span', { class: 'tl-session muted' }, t('reg.tl.lessonN', { n: lessonNo.get(ev.sessionId) })) : null));
  }
  nodes.timeline.replaceChildren(...items);
  nodes.timelineEmpty.hidden = events.length > 0;
  nodes.timelineEmpty.textContent = t('reg.tl.empty');
  const beats = events.filter((e) => e.kind === 'presence.heartbeat').length;
  nodes.heartbeatCount.textContent = beats ? t('reg.tl.heartbeatCount', { n: beats }) : '';
  nodes.timeline.classList.toggle('hide-heartbeats', !nodes.showHeartbeats.checked);
}

function render() {
  if (!state.ready) return;
  const v = view();
  document.body.dataset.view = v;
  nodes.overview.hidden = v !== 'overview';
  nodes.classDetail.hidden = v !== 'class';
  nodes.traineeView.hidden = v !== 'trainee';
  if (v !== 'class') delete nodes.classDetail.dataset.classroomId;
  if (v !== 'trainee') { delete nodes.timeline.dataset.userId; delete nodes.traineeView.dataset.userId; }
  renderCrumbs();
  if (v === 'overview') renderOverview();
  else if (v === 'class') renderClassDetail();
  else renderTrainee();
  const title = v === 'overview' ? t('page.regulator') : `${v === 'trainee' ? `${state.userId} · ` : ''}${classNameOf(state.classroomId)} · ${t('page.regulator')}`;
  document.title = title;
}

// ---------------------------------------------------------------------------------------------
// Downloads: the endpoints need the Authorization header, so fetch a blob and save it.

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: '' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
function fmtSize(n) {
  if (n < 1024) return t('reg.size.b', { n });
  if (n < 1024 * 1024) return t('reg.size.kb', { n: fmtNumber1(n / 1024) });
  return t('reg.size.mb', { n: fmtNumber1(n / 1024 / 1024) });
}
const safeName = (s) => String(s).replace(/[^\p{L}\p{N}._-]+/gu, '_');

async function download(kind, button) {
  const id = state.classroomId;
  const range = { from: state.from, to: state.to };
  const incl = `${state.from}_${addDays(state.to, -1)}`;
  const spec = {
    csv: { path: `classes/${enc(id)}/export.csv`, params: range, name: `${safeName(id)}_${incl}.csv` },
    bundle: { path: `classes/${enc(id)}/bundle.zip`, params: range, name: `${safeName(id)}_trace-bundle_${incl}.zip` },
    key: { path: 'public-key', params: {}, name: 'trace-signing-public-key.pem' },
  }[kind];
  button.disabled = true;
  button.dataset.state = 'busy';
  button.setAttribute('aria-busy', 'true');
  nodes.downloadStatus.hidden = false;
  nodes.downloadStatus.dataset.state = 'busy';
  nodes.downloadStatus.dataset.kind = kind;
  nodes.downloadStatus.textContent = t('reg.download.busy');
  banner.clear('download');
  try {
    const { blob, filename } = await apiGet(spec.path, spec.params, { as: 'blob' });
    const name = filename || spec.name;
    saveBlob(blob, name);
    button.dataset.state = 'done';
    nodes.downloadStatus.dataset.state = 'done';
    nodes.downloadStatus.textContent = t('reg.download.done', { name, size: fmtSize(blob.size) });
  } catch (e) {
    button.dataset.state = 'error';
    nodes.downloadStatus.dataset.state = 'error';
    nodes.downloadStatus.textContent = t('reg.download.failed');
    showError('download', e);
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
nodes.btnCsv.addEventListener('click', () => download('csv', nodes.btnCsv));
nodes.btnBundle.addEventListener('click', () => download('bundle', nodes.btnBundle));
nodes.btnKey.addEventListener('click', () => download('key', nodes.btnKey));

// ---------------------------------------------------------------------------------------------
// Filters and navigation

nodes.filters.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const from = nodes.from.value;
  const toIncl = nodes.to.value;
  let err = null;
  if (!isDate(from) || !isDate(toIncl)) err = 'reg.filter.badDate';
  else if (from > toIncl) err = 'reg.filter.badOrder';
  if (err) {
    nodes.filterError.hidden = false;
    nodes.filterError.dataset.key = err;
    nodes.filterError.textContent = t(err);
    return;
  }
  nodes.filterError.hidden = true;
  const region = nodes.region.value.trim();
  const institution = nodes.institution.value.trim();
  const changes = { from, to: addDays(toIncl, 1), region, institution };
  // Region and institution select classes: a change goes back to the overview.
  if (region !== state.region || institution !== state.institution) { changes.classroomId = null; changes.userId = null; }
  go(changes);
});
nodes.refresh.addEventListener('click', () => refresh());
nodes.reset.addEventListener('click', () => go({ ...defaultRange() }));
for (const b of nodes.chartGroup.querySelectorAll('button')) {
  b.addEventListener('click', () => go({ group: b.dataset.group }, { replace: true }));
}
nodes.showHeartbeats.addEventListener('change', () => nodes.timeline.classList.toggle('hide-heartbeats', !nodes.showHeartbeats.checked));

let lastView = null;
function onHash() {
  readHash();
  // A hash without a range gets the default one (without a new history entry).
  const canonical = hashFor(state);
  if (canonical !== location.hash) history.replaceState(history.state, '', canonical);
  renderFilters();
  const v = `${view()}|${state.classroomId}|${state.userId}`;
  if (v !== lastView) {
    lastView = v;
    nodes.downloadStatus.hidden = true;
    banner.clear('download');
    window.scrollTo({ top: 0 });
  }
  load();
}
window.addEventListener('hashchange', onHash);

let resizeFrame = 0;
let lastWidth = 0;
window.addEventListener('resize', () => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => {
    const w = document.documentElement.clientWidth;
    if (w !== lastWidth) { lastWidth = w; render(); }
  });
});
onLangChange(() => { renderHeader(); renderOptions(); render(); });

// ---------------------------------------------------------------------------------------------
// Start: token from ?token= to sessionStorage, whoami, role check.

async function start() {
  const creds = takeCredentials();
  state.token = creds.token;
  if (!state.token) {
    banner.show('auth', { error: 'NO_TOKEN', key: 'reg.err.noToken', dismissible: false });
    document.body.dataset.state = 'no-token';
    return;
  }
  setLoading(+1);
  try {
    state.me = await whoami(state.token);
  } catch (e) {
    document.body.dataset.state = 'auth-failed';
    if (e.code != null) banner.fromError('auth', e, { dismissible: false });
    else {
      banner.fromError('auth', e, { key: e.error === 'NETWORK' ? 'err.network' : 'err.server', params: { detail: e.message }, dismissible: false,
        action: { key: 'action.retry', fn: () => { banner.clear('auth'); start(); } } });
    }
    return;
  } finally {
    setLoading(-1);
  }
  banner.clear('auth');
  renderHeader();
  if (!DESK_ROLES.has(state.me.role)) {
    document.body.dataset.state = 'forbidden';
    banner.show('auth', { code: 304, error: 'ROLE_FORBIDDEN', key: 'reg.err.role',
      params: { role: has(`role.${state.me.role}`) ? t(`role.${state.me.role}`) : state.me.role }, dismissible: false });
    return;
  }
  document.body.dataset.state = 'ready';
  nodes.desk.hidden = false;
  state.ready = true;
  lastWidth = document.documentElement.clientWidth;
  onHash();
}

window.regulatorDesk = {
  /** The view state: what is selected, the range (API dates, `to` exclusive) and what is loading. */
  state: () => {
    const v = view();
    const status = Object.fromEntries(Object.entries(keys()).map(([name, k]) => [name, cache.get(k.key)?.status || 'idle']));
    return {
      ready: state.ready, view: v, from: state.from, to: state.to, toInclusive: state.to ? addDays(state.to, -1) : null,
      region: state.region, institution: state.institution, classroomId: state.classroomId, userId: state.userId,
      group: state.group, sort: { ...state.sort }, traineeSort: { ...state.tsort }, lang: getLang(),
      loading: pending > 0, pending, status,
      me: state.me ? { userId: state.me.userId, role: state.me.role, region: state.me.region ?? null, institution: state.me.institution ?? null } : null,
      error: (() => { const b = document.getElementById('error-banner'); return b.hidden ? null : { code: b.dataset.code ? Number(b.dataset.code) : null, error: b.dataset.error || null, slot: b.dataset.slot }; })(),
    };
  },
  /**
   * The last answer for a path: "overview", "classes/demo-class", "/api/regulator/classes/demo-class/trainees/t01/timeline",
   * with or without the query. JSON answers as parsed (error bodies too); downloads as {status, contentType, size, filename, text?}.
   */
  lastResponse: (path) => {
    const k = normPath(path);
    if (responses.has(k)) return responses.get(k);
    const bare = k.split('?')[0];
    return responses.has(bare) ? responses.get(bare) : null;
  },
};

start();
