// 班级与开班申请 (an institution's admin): the institution's classes with their application state;
// a class's plan (name, 2 lecturers, lesson days with class hours, online or offline; the online
// share shown live against the cap); the roster file previewed row by row and imported all or
// none; the class-opening application submitted, and resubmitted after a return.
// API: docs/protocol.md "Classes and people" (/api/admin/classes...).
import { startPage, el, t, showOk, clearMsg } from './asmt-staff.js';
import { onLangChange, getLang } from './i18n.js';
import { regionLabel } from './regions.js';
import {
  call, sendFile, showFailure, rosterProblemText, planProblemText, stateBadge, onlineShare, stepsList,
  lastReturnReason, rosterRows, MAX_ROSTER_BYTES,
} from './enrolment-common.js';
import { renderExports } from './class-exports.js'; // issue H pages

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
let ctx = null;
let cap = 50;               // attendance.onlineCapPercent, from the list
let classes = [];           // GET /api/admin/classes
let current = null;         // GET /api/admin/classes/{id}, or null for a new class
let days = [];              // the plan's days as edited: {date, classHours, online}
let preview = null;         // the last preview shown (or the refused import's)
const EDITABLE = new Set(['draft', 'returned']);

// ---------------------------------------------------------------------------------- the list

function renderList() {
  $('classes').replaceChildren(...classes.map((c) => el('tr', { 'data-class': c.classId },
    el('td', {}, c.name), el('td', { class: 'cls-mono' }, c.classId), el('td', {}, c.firstDay || '—'),
    el('td', {}, String(c.classHours)), el('td', {}, String(c.trainees)), el('td', {}, stateBadge(c.state)),
    el('td', {}, el('button', { type: 'button', class: 'btn btn-small cls-open', 'data-class': c.classId,
      onclick: () => open(c.classId) }, t('cls.list.open'))))));
  $('classes-empty').hidden = classes.length > 0;
}

async function loadList() {
  const r = await call(ctx.token, 'GET', '/api/admin/classes');
  classes = r.classes;
  if (Number.isInteger(r.onlineCapPercent)) cap = r.onlineCapPercent;
  renderList();
}

// ---------------------------------------------------------------------------------- the plan

function renderDays() {
  const editable = !current || EDITABLE.has(current.state);
  $('days').replaceChildren(...days.map((d, i) => {
    const n = i + 1;
    const date = el('input', { type: 'date', value: d.date, class: 'cls-date', 'data-day': String(i), required: '',
      'aria-label': t('cls.days.dateOf', { n }), oninput: (ev) => { d.date = ev.target.value; } });
    const hours = el('input', { type: 'number', min: '1', max: '12', step: '1', value: String(d.classHours), class: 'cls-hours',
      'data-day': String(i), 'aria-label': t('cls.days.hoursOf', { n }),
      oninput: (ev) => { d.classHours = ev.target.value === '' ? NaN : Number(ev.target.value); renderShare(); } });
    const mode = el('select', { class: 'cls-mode', 'data-day': String(i), 'aria-label': t('cls.days.modeOf', { n }),
      onchange: (ev) => { d.online = ev.target.value === 'online'; renderShare(); } },
    ...['offline', 'online'].map((v) => { const o = el('option', { value: v }, t(`cls.days.${v}`)); o.selected = (v === 'online') === d.online; return o; }));
    const remove = el('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': t('cls.days.removeOf', { n }),
      onclick: () => { days.splice(i, 1); renderDays(); } }, t('cls.days.remove'));
    if (!editable) for (const x of [date, hours, mode, remove]) x.disabled = true;
    return el('tr', { 'data-day': String(i) }, el('td', {}, t('cls.days.nth', { n })), el('td', {}, date), el('td', {}, hours),
      el('td', {}, mode), el('td', {}, remove));
  }));
  renderShare();
}

function renderShare() {
  const s = onlineShare(days, cap);
  const box = $('share');
  box.dataset.over = String(s.over);
  $('share-fill').style.width = `${Math.min(100, s.percent)}%`;
  $('share-cap').style.left = `${cap}%`;
  $('share-text').textContent = t(s.over ? 'cls.share.over' : 'cls.share.ok', { online: s.online, total: s.total, percent: s.percent, cap });
  const enough = days.length >= 7 && s.total >= 56;
  $('totals-text').dataset.ok = String(enough);
  $('totals-text').textContent = t(enough ? 'cls.totals.ok' : 'cls.totals.short', { days: days.length, hours: s.total });
  $('rules-hint').textContent = t('cls.rules.hint', { cap });
}

function nextDate() {
  const last = days.map((d) => d.date).filter(Boolean).sort().pop();
  const d = last ? new Date(`${last}T00:00:00Z`) : new Date();
  if (last) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Fills the form from the class as the server has it (or empty for a new class), then shows it. */
function fillPlan() {
  const c = current;
  $('cls-id').value = c ? c.classId : '';
  $('cls-id').readOnly = !!c;
  $('cls-name').value = c ? c.name : '';
  $('cls-lecturer-1').value = c ? (c.lecturers[0] || '') : '';
  $('cls-lecturer-2').value = c ? (c.lecturers[1] || '') : '';
  days = c ? c.days.map((d) => ({ ...d })) : [];
  if (c && Number.isInteger(c.onlineCapPercent)) cap = c.onlineCapPercent;
  renderPlan();
}

/** Shows the class's state, the form's lock, the days, problems, roster and application (no input reset). */
function renderPlan() {
  const c = current;
  $('plan-card').hidden = false;
  $('cls-institution').textContent = c ? c.institution : (ctx.me.institution || '—');
  $('cls-region').textContent = regionLabel(c ? c.region : ctx.me.region, getLang()) || '—';
  const editable = !c || EDITABLE.has(c.state);
  $('plan-fields').disabled = !editable;
  $('state-line').replaceChildren(...(c ? [t('cls.state.label'), ' ', stateBadge(c.state)] : [t('cls.state.new')]));
  const reason = c && c.state === 'returned' ? lastReturnReason(c.steps) : null;
  $('returned-note').hidden = reason === null;
  $('returned-note').replaceChildren(...(reason === null ? [] : [el('strong', {}, t('cls.returned.title')), ' ',
    el('span', { id: 'returned-reason', 'data-testid': 'returned-reason' }, reason), el('div', { class: 'hint' }, t('cls.returned.hint'))]));
  renderDays();
  renderProblems(c ? c.problems : []);
  renderRoster();
  renderSubmit();
}

function renderProblems(problems) {
  $('plan-problems').replaceChildren(...problems.map((p) => el('li', { 'data-code': p.code, 'data-field': p.field },
    planProblemText(p, cap))));
}

function planBody() {
  const lecturers = [$('cls-lecturer-1').value.trim(), $('cls-lecturer-2').value.trim()].filter(Boolean);
  return { name: $('cls-name').value.trim(), lecturers,
    days: days.map((d) => ({ date: d.date, classHours: Number.isFinite(d.classHours) ? d.classHours : 0, online: d.online })) };
}

function markField(e) {
  for (const n of document.querySelectorAll('#plan-form [aria-invalid]')) n.removeAttribute('aria-invalid');
  const m = /^([A-Za-z0-9_.\[\]-]+):/.exec((e && e.message) || '');
  if (!m) return;
  const f = m[1];
  const day = /^days\[(\d+)\]\.(date|classHours)/.exec(f);
  let node = null;
  if (day) node = document.querySelector(`#days ${day[2] === 'date' ? '.cls-date' : '.cls-hours'}[data-day="${day[1]}"]`);
  else if (f === 'name') node = $('cls-name');
  else if (f === 'classId') node = $('cls-id');
  else if (f.startsWith('lecturers')) node = $('cls-lecturer-1');
  if (node) node.setAttribute('aria-invalid', 'true');
}

async function savePlan() {
  const msg = $('plan-msg');
  clearMsg(msg);
  markField(null);
  const id = $('cls-id').value.trim();
  if (!$('cls-id').checkValidity() || !id) {
    $('cls-id').setAttribute('aria-invalid', 'true');
    showFailure(msg, null, t('cls.plan.needId'));
    return;
  }
  if (!$('cls-name').value.trim()) {
    $('cls-name').setAttribute('aria-invalid', 'true');
    showFailure(msg, null, t('cls.plan.needName'));
    return;
  }
  const missing = days.findIndex((d) => !d.date);
  if (missing >= 0) {
    document.querySelector(`#days .cls-date[data-day="${missing}"]`)?.setAttribute('aria-invalid', 'true');
    showFailure(msg, null, t('cls.days.needDate', { n: missing + 1 }));
    return;
  }
  try {
    current = await call(ctx.token, 'PUT', `/api/admin/classes/${enc(id)}`, planBody());
    await loadList();
    fillPlan();
    showOk(msg, current.problems.length ? t('cls.plan.savedWithProblems', { n: current.problems.length }) : t('cls.plan.saved'));
  } catch (e) {
    markField(e);
    showFailure(msg, e);
  }
}

// ---------------------------------------------------------------------------------- the roster

function renderRoster() {
  const c = current;
  $('roster-card').hidden = !c;
  if (!c) return;
  const editable = EDITABLE.has(c.state);
  $('roster-file').disabled = !editable;
  $('btn-preview').disabled = !editable;
  $('btn-import').disabled = !editable || !$('roster-file').files.length;
  $('roster-count').textContent = t('cls.roster.count', { n: c.trainees });
  $('roster').replaceChildren(...rosterRows(c.roster));
  $('roster-table').hidden = c.roster.length === 0;
}

function renderPreview() {
  const p = preview;
  $('preview').hidden = !p;
  if (!p) return;
  $('preview').dataset.acceptable = String(p.acceptable);
  $('preview-meta').textContent = t('cls.preview.meta', { format: p.format === 'xlsx' ? 'Excel (.xlsx)' : (p.format || '').toUpperCase(),
    charset: p.charset ? t('cls.preview.charset', { charset: p.charset === 'GB18030' ? 'GBK/GB18030' : p.charset }) : '',
    rows: p.rowsRead, ok: p.entries.length, bad: new Set(p.problems.filter((x) => x.line > 0).map((x) => x.line)).size });
  const fileLevel = p.problems.filter((x) => x.line <= 0);
  $('file-problems').replaceChildren(...fileLevel.map((x) => el('li', { 'data-code': x.code }, rosterProblemText(x))));
  const byLine = new Map();
  for (const e of p.entries) byLine.set(e.line, { entry: e, problems: [] });
  for (const x of p.problems.filter((q) => q.line > 0)) {
    if (!byLine.has(x.line)) byLine.set(x.line, { entry: null, problems: [] });
    byLine.get(x.line).problems.push(x);
  }
  const rows = [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([line, r]) => {
    const e = r.entry;
    const cells = e ? [e.name, e.idNumber, e.phone, e.gender === '男' ? t('cls.male') : t('cls.female'), e.userId || '—'] // issue H roster: + user id
      : ['', '', '', '', ''];
    const problems = r.problems.length
      ? el('ul', { class: 'cls-row-problems' }, ...r.problems.map((x) => el('li', { 'data-code': x.code },
        x.column ? el('span', { class: 'cls-col' }, `${x.column}：`) : null, rosterProblemText(x))))
      : el('span', { class: 'cls-row-ok' }, t('cls.preview.rowOk'));
    return el('tr', { 'data-line': String(line), class: r.problems.length ? 'cls-row-bad' : '' },
      el('td', {}, String(line)), ...cells.map((v, i) => el('td', { class: i === 1 || i === 2 || i === 4 ? 'cls-mono' : '' }, v)), el('td', {}, problems));
  });
  $('preview-rows').replaceChildren(...rows);
}

function progress(fraction) {
  $('upload').hidden = false;
  const pct = Math.round(fraction * 100);
  $('upload-progress').value = pct;
  $('upload-percent').textContent = `${pct}%`;
}

function chosenFile(msg) {
  const file = $('roster-file').files[0];
  if (!file) { showFailure(msg, null, t('cls.roster.noFile')); return null; }
  if (file.size > MAX_ROSTER_BYTES) {
    showFailure(msg, null, t('cls.rp.file.too-large', { column: '' }) + t('cls.roster.notSent'));
    return null;
  }
  return file;
}

async function previewFile() {
  const msg = $('roster-msg');
  clearMsg(msg);
  const file = chosenFile(msg);
  if (!file) return;
  $('btn-preview').disabled = true;
  $('btn-import').disabled = true;
  try {
    preview = await sendFile(ctx.token, `/api/admin/classes/${enc(current.classId)}/roster/preview`, file, progress);
    renderPreview();
    if (preview.acceptable) showOk(msg, t('cls.preview.acceptable', { n: preview.entries.length }));
    else showFailure(msg, null, t('cls.preview.refused', { n: preview.problems.length }));
  } catch (e) {
    showFailure(msg, e);
  } finally {
    $('upload').hidden = true;
    renderRoster();
  }
}

async function importFile() {
  const msg = $('roster-msg');
  clearMsg(msg);
  const file = chosenFile(msg);
  if (!file) return;
  $('btn-preview').disabled = true;
  $('btn-import').disabled = true;
  try {
    const r = await sendFile(ctx.token, `/api/admin/classes/${enc(current.classId)}/roster`, file, progress);
    current = r.class;
    preview = null;
    $('roster-file').value = '';
    renderPreview();
    await loadList();
    renderPlan();
    showOk(msg, t('cls.roster.imported', { n: r.imported, total: current.trainees }));
  } catch (e) {
    // refused whole (260): nothing was saved; the file stays chosen and its problems are shown row by row
    if (e.code === 260 && e.body.preview) { preview = e.body.preview; renderPreview(); }
    showFailure(msg, e);
  } finally {
    $('upload').hidden = true;
    renderRoster();
  }
}

// ---------------------------------------------------------------------------------- the application

function renderSubmit() {
  const c = current;
  $('submit-card').hidden = !c;
  if (!c) { renderExportCard(); return; } // issue H pages
  $('btn-submit').disabled = !EDITABLE.has(c.state);
  $('btn-submit').textContent = t(c.state === 'returned' ? 'cls.submit.again' : 'cls.submit.button');
  $('steps').replaceChildren(...stepsList(c.steps));
  renderExportCard(); // issue H pages
}

// issue H pages: the class's roster, attendance and results as CSV or Excel
function renderExportCard() {
  $('export-card').hidden = !current;
  if (!current) { clearMsg($('export-msg')); return; }
  renderExports($('exports'), { token: ctx.token, msg: $('export-msg'), classId: () => current && current.classId,
    base: (id) => `/api/admin/classes/${enc(id)}/export` });
}

async function submit() {
  const msg = $('submit-msg');
  clearMsg(msg);
  try {
    current = await call(ctx.token, 'POST', `/api/admin/classes/${enc(current.classId)}/submit`);
    await loadList();
    fillPlan();
    showOk(msg, t('cls.submit.done'));
  } catch (e) {
    if (e.code === 261 && Array.isArray(e.body.problems)) renderProblems(e.body.problems);
    const noRoster = e.code === 261 && current.trainees === 0;
    showFailure(msg, e, noRoster ? t('cls.submit.noRoster') : undefined);
  }
}

// ---------------------------------------------------------------------------------- start

async function open(id) {
  clearMsg($('plan-msg'));
  clearMsg($('roster-msg'));
  clearMsg($('submit-msg'));
  clearMsg($('export-msg')); // issue H pages
  preview = null;
  $('roster-file').value = '';
  renderPreview();
  try {
    current = await call(ctx.token, 'GET', `/api/admin/classes/${enc(id)}`);
    fillPlan();
    document.body.dataset.open = id;
  } catch (e) { ctx.banner.fromError('load', e); }
}

function startNew() {
  current = null;
  preview = null;
  renderPreview();
  fillPlan();
  delete document.body.dataset.open;
  $('cls-id').focus();
}

async function main() {
  ctx = await startPage();
  if (!ctx) return;
  if (ctx.me.role !== 'admin') {
    ctx.banner.show('auth', { code: 304, key: 'cls.forbidden', dismissible: false });
    document.body.dataset.state = 'forbidden';
    return;
  }
  $('main').hidden = false;
  $('btn-new').addEventListener('click', startNew);
  $('btn-add-day').addEventListener('click', () => { days.push({ date: nextDate(), classHours: 8, online: false }); renderDays(); });
  $('btn-week').addEventListener('click', () => {
    const start = days[0]?.date || nextDate();
    days = Array.from({ length: 7 }, (_, i) => {
      const d = new Date(`${start}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + i);
      return { date: d.toISOString().slice(0, 10), classHours: 8, online: days[i]?.online ?? false };
    });
    renderDays();
  });
  $('plan-form').addEventListener('submit', (ev) => { ev.preventDefault(); savePlan(); });
  $('btn-preview').addEventListener('click', previewFile);
  $('btn-import').addEventListener('click', importFile);
  $('roster-file').addEventListener('change', () => { preview = null; renderPreview(); clearMsg($('roster-msg')); renderRoster(); });
  $('btn-submit').addEventListener('click', submit);
  onLangChange(() => { renderList(); if (!$('plan-card').hidden) renderPlan(); renderPreview(); });
  try {
    await loadList();
    const wanted = new URLSearchParams(location.search).get('class');
    if (wanted && classes.some((c) => c.classId === wanted)) await open(wanted);
    document.body.dataset.state = 'ready';
  } catch (e) {
    ctx.banner.fromError('load', e);
    document.body.dataset.state = 'error';
  }
}
main();
