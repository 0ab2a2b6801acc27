// 开班申请审批 (a regulator): the class-opening applications of the regulator's region, each with
// its plan and a roster summary (count, men and women, ages at the first training day); approve,
// or return with a reason (required: an empty one is refused here and by the server).
// API: docs/protocol.md "Classes and people" (/api/regulator/openings...).
import { startPage, el, t, showOk, clearMsg } from './asmt-staff.js';
import { onLangChange, getLang } from './i18n.js';
import { regionLabel } from './regions.js';
import {
  call, showFailure, planProblemText, stateBadge, onlineShare, stepsList, rosterRows, when,
} from './enrolment-common.js';
import { renderExports } from './class-exports.js'; // issue H pages

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
let ctx = null;
let openings = [];
let filter = 'submitted';
let current = null;
const AGE_KEY = { '<25': 'u25', '55+': '55p' }; // dictionary keys are letters, digits, '.', '-'

function renderQueue() {
  const shown = openings.filter((o) => filter === 'all' || o.state === 'submitted');
  $('openings').replaceChildren(...shown.map((o) => el('tr', { 'data-class': o.classId, 'data-state': o.state },
    el('td', {}, o.name, el('div', { class: 'muted small cls-mono' }, o.classId)), el('td', {}, o.institution),
    el('td', {}, regionLabel(o.region, getLang())), el('td', {}, o.firstDay || '—'), el('td', {}, String(o.classHours)),
    el('td', {}, String(o.trainees)), el('td', {}, stateBadge(o.state)), el('td', {}, o.last ? when(o.last.at) : '—'),
    el('td', {}, el('button', { type: 'button', class: 'btn btn-small cls-open', 'data-class': o.classId,
      onclick: () => open(o.classId) }, t('open.queue.open'))))));
  $('openings-empty').hidden = shown.length > 0;
  $('openings-empty').textContent = t(filter === 'all' ? 'open.queue.none' : 'open.queue.nonePending');
  for (const b of $('queue-filter').querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.filter === filter));
}

async function loadQueue() {
  openings = (await call(ctx.token, 'GET', '/api/regulator/openings')).openings;
  renderQueue();
}

function fact(key, value, attrs = {}) {
  return [el('dt', {}, t(key)), el('dd', attrs, value)];
}

function renderDetail() {
  const c = current;
  $('detail').hidden = !c;
  if (!c) return;
  $('detail-title').textContent = c.name;
  $('detail-meta').textContent = `${c.classId} · ${c.institution} · ${regionLabel(c.region, getLang())}`;
  $('detail-state').replaceChildren(t('cls.state.label'), ' ', stateBadge(c.state));
  const share = onlineShare(c.days, c.onlineCapPercent);
  $('plan-facts').replaceChildren(
    ...fact('open.plan.lecturers', c.lecturers.join('、') || '—', { 'data-testid': 'lecturers' }),
    ...fact('open.plan.days', t('open.plan.daysValue', { days: c.days.length, hours: c.classHours })),
    ...fact('open.plan.online', t(share.over ? 'cls.share.over' : 'cls.share.ok',
      { online: c.onlineClassHours, total: c.classHours, percent: share.percent, cap: c.onlineCapPercent }), { 'data-over': String(share.over) }));
  const sorted = [...c.days].sort((a, b) => a.date.localeCompare(b.date));
  $('detail-days-rows').replaceChildren(...sorted.map((d, i) => el('tr', {}, el('td', {}, t('cls.days.nth', { n: i + 1 })),
    el('td', {}, d.date), el('td', {}, String(d.classHours)), el('td', {}, t(d.online ? 'cls.days.online' : 'cls.days.offline')))));
  $('detail-problems').replaceChildren(...c.problems.map((p) => el('li', { 'data-code': p.code }, planProblemText(p, c.onlineCapPercent))));
  const s = c.rosterSummary;
  const parts = [t('open.roster.count', { n: c.trainees })];
  if (s) {
    parts.push(t('open.roster.sex', { male: s.male, female: s.female }));
    if (s.ageAt) {
      parts.push(t('open.roster.ages', { day: s.ageAt,
        bands: Object.entries(s.ages).filter(([, n]) => n > 0).map(([band, n]) => t('open.roster.band', { band: t(`open.age.${AGE_KEY[band] || band}`), n })).join(getLang() === 'en' ? ', ' : '，') }));
    }
  }
  $('roster-summary').textContent = parts.join(getLang() === 'en' ? '; ' : '；');
  $('detail-roster-rows').replaceChildren(...rosterRows(c.roster));
  $('detail-steps').replaceChildren(...stepsList(c.steps));
  const decidable = c.state === 'submitted';
  $('btn-approve').disabled = !decidable;
  $('btn-return').disabled = !decidable;
  $('return-reason').disabled = !decidable;
  // issue H pages: the class's roster, attendance and results as CSV or Excel
  renderExports($('exports'), { token: ctx.token, msg: $('export-msg'), classId: () => current && current.classId,
    base: (id) => `/api/regulator/openings/${enc(id)}/export` });
}

async function open(id) {
  clearMsg($('decide-msg'));
  clearMsg($('export-msg')); // issue H pages
  $('return-reason').value = '';
  $('return-reason').removeAttribute('aria-invalid');
  try {
    current = await call(ctx.token, 'GET', `/api/regulator/openings/${enc(id)}`);
    renderDetail();
    document.body.dataset.open = id;
    $('detail').scrollIntoView({ block: 'start' });
  } catch (e) { ctx.banner.fromError('load', e); }
}

async function decide(what) {
  const msg = $('decide-msg');
  clearMsg(msg);
  const reasonBox = $('return-reason');
  reasonBox.removeAttribute('aria-invalid');
  let body;
  if (what === 'return') {
    const reason = reasonBox.value.trim();
    if (!reason) {
      reasonBox.setAttribute('aria-invalid', 'true');
      showFailure(msg, null, t('open.decide.needReason'));
      reasonBox.focus();
      return;
    }
    body = { reason };
  }
  try {
    current = await call(ctx.token, 'POST', `/api/regulator/openings/${enc(current.classId)}/${what}`, body);
    renderDetail();
    await loadQueue();
    showOk(msg, t(what === 'approve' ? 'open.decide.approved' : 'open.decide.returned', { name: current.name }));
    if (what === 'return') reasonBox.value = '';
  } catch (e) {
    if (e.code === 103 && what === 'return') reasonBox.setAttribute('aria-invalid', 'true');
    showFailure(msg, e);
  }
}

async function main() {
  ctx = await startPage();
  if (!ctx) return;
  if (ctx.me.role !== 'regulator') {
    ctx.banner.show('auth', { code: 304, key: 'open.forbidden', dismissible: false });
    document.body.dataset.state = 'forbidden';
    return;
  }
  $('main').hidden = false;
  for (const b of $('queue-filter').querySelectorAll('button')) b.addEventListener('click', () => { filter = b.dataset.filter; renderQueue(); });
  $('btn-refresh').addEventListener('click', () => loadQueue().catch((e) => ctx.banner.fromError('load', e)));
  $('btn-approve').addEventListener('click', () => decide('approve'));
  $('btn-return').addEventListener('click', () => decide('return'));
  onLangChange(() => { renderQueue(); renderDetail(); });
  try {
    await loadQueue();
    document.body.dataset.state = 'ready';
  } catch (e) {
    ctx.banner.fromError('load', e);
    document.body.dataset.state = 'error';
  }
}
main();
