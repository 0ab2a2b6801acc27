// The regulator desk's results section (Art. 24(3)): result assessment by class, institution and
// region over a time range, and the per-trainee CSV. Mounted by one script tag in regulator.html;
// it adds its own section to the desk. API: GET /api/regulator/results and results.csv.
import { t, applyI18n, onLangChange } from './i18n.js';
import { takeCredentials } from './classroom-page.js';
import { api, download, el, showError, clearMsg } from './asmt-staff.js';

const link = el('link', { rel: 'stylesheet', href: '/css/assessment-staff.css' });
document.head.append(link);

const section = el('section', { id: 'asmt-results', class: 'card asmt-reg', 'data-testid': 'asmt-results', 'aria-labelledby': 'asmt-results-title' });
const inputs = {
  from: el('input', { type: 'date', id: 'asmt-r-from' }),
  to: el('input', { type: 'date', id: 'asmt-r-to' }),
  region: el('input', { id: 'asmt-r-region', inputmode: 'numeric', autocomplete: 'off' }),
  institution: el('input', { id: 'asmt-r-institution', autocomplete: 'off' }),
};
const msg = el('p', { class: 'asmt-msg', role: 'alert', hidden: '' });
const table = el('table', { class: 'table data-table', id: 'asmt-r-table' });
const csv = el('a', { href: '#', id: 'asmt-r-csv', class: 'btn', 'data-i18n': 'asmt.s.reg.csv' }, t('asmt.s.reg.csv'));
let last = null;

function label(key, input) { return el('label', { class: 'field' }, el('span', { 'data-i18n': key }, t(key)), input); }

function params() {
  const p = new URLSearchParams();
  for (const [k, i] of Object.entries(inputs)) {
    let v = i.value.trim();
    if (k === 'to' && v) { const d = new Date(`${v}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1); v = d.toISOString().slice(0, 10); }
    if (v) p.set(k, v);
  }
  const q = p.toString();
  return q ? `?${q}` : '';
}

const COLS = ['className', 'institution', 'region', 'trainees', 'eligible', 'scored', 'passed', 'passRatePercent', 'averageScore',
  'plansSubmitted', 'certificatesIssued', 'certificatesRevoked', 'formResponseRatePercent', 'ratingAverage'];
function render() {
  if (!last) return;
  // A class's name opens its results and feedback page (free-text answers, plots over the days),
  // in this tab so the desk's sign-in goes along.
  const cell = (c, k) => (k === 'className'
    ? el('a', { href: `/results.html?class=${encodeURIComponent(c.classroomId)}`, class: 'asmt-r-detail',
      'data-i18n-attr': 'title:asmt.s.reg.detail', title: t('asmt.s.reg.detail') }, c[k] ?? c.classroomId)
    : (c[k] ?? '—'));
  const rows = last.classes.map((c) => el('tr', { 'data-class': c.classroomId }, ...COLS.map((k) => el('td', { 'data-col': k }, cell(c, k)))));
  const tot = last.total ? [el('tr', { class: 'asmt-total' }, el('td', { colspan: '3' }, t('asmt.s.reg.total')),
    ...COLS.slice(3).map((k) => el('td', {}, last.total[k] ?? '—')))] : [];
  table.replaceChildren(el('thead', {}, el('tr', {}, ...COLS.map((k) => el('th', {}, t(`asmt.s.reg.col.${k}`))))),
    el('tbody', {}, ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: String(COLS.length) }, t('asmt.s.reg.empty')))]), ...tot));
}

async function load(token) {
  clearMsg(msg);
  try {
    last = await api(token, 'GET', `/api/regulator/results${params()}`);
    render();
    section.dataset.state = 'ready';
  } catch (e) { showError(msg, e); section.dataset.state = 'error'; }
}

function mount() {
  const { token } = takeCredentials();
  if (!token) return;
  const form = el('form', { class: 'asmt-row', novalidate: '' },
    label('asmt.s.reg.from', inputs.from), label('asmt.s.reg.to', inputs.to), label('asmt.s.reg.region', inputs.region),
    label('asmt.s.reg.institution', inputs.institution),
    el('button', { type: 'submit', class: 'btn btn-primary', 'data-i18n': 'asmt.s.reg.apply' }, t('asmt.s.reg.apply')), csv);
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(token); });
  csv.addEventListener('click', async (ev) => {
    ev.preventDefault();
    clearMsg(msg);
    try {
      const r = await download(token, `/api/regulator/results.csv${params()}`, 'results.csv');
      csv.dataset.downloaded = r.name;
      window.regulatorResults.lastCsv = r.text;
    } catch (e) { showError(msg, e); }
  });
  section.append(el('h2', { id: 'asmt-results-title', 'data-i18n': 'asmt.s.reg.title' }, t('asmt.s.reg.title')),
    el('p', { class: 'hint', 'data-i18n': 'asmt.s.reg.hint' }, t('asmt.s.reg.hint')), form, msg,
    el('div', { class: 'table-scroll' }, table));
  (document.getElementById('desk') || document.body).append(section);
  applyI18n(section);
  onLangChange(render);
  // Loaded on 查询 only: every read of the results is on the record of each class it returns.
  section.dataset.state = 'idle';
}

window.regulatorResults = { lastCsv: null };
mount();
