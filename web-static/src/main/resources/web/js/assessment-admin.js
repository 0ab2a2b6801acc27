// 考核管理 (admins): per class the rubric and scoring policy, the scoring lecturers, the feedback
// forms and the e-certificates. API: docs/protocol.md, "Result assessment"; rules: docs/assessment.md.
import { startPage, api, el, t, errorText, showError, showOk, clearMsg, local, yesNo, classesOf } from './asmt-staff.js';
import { onLangChange } from './i18n.js';

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
let ctx = null;
let classId = null;
let view = null;            // GET /assessment
let forms = [];             // GET /forms
let criteria = [];          // the rubric as edited
let questions = null;       // the form's questions as edited (null: the guideline's)

const base = () => `/api/classes/${enc(classId)}`;

function sum() { return criteria.reduce((s, c) => s + (Number.isInteger(c.points) ? c.points : 0), 0); }

function renderCriteria() {
  const body = $('criteria');
  body.replaceChildren(...criteria.map((c, i) => {
    const input = (key, attrs = {}) => el('input', { value: c[key] ?? '', 'data-field': key, 'aria-label': t(`asmt.s.rules.${key === 'points' ? 'points' : key === 'titleEn' ? 'criterionEn' : key === 'id' ? 'id' : 'criterion'}`),
      oninput: (ev) => { c[key] = key === 'points' ? (ev.target.value === '' ? null : Number(ev.target.value)) : ev.target.value; renderSum(); }, ...attrs });
    return el('tr', { 'data-criterion': c.id || String(i) },
      el('td', {}, input('id', { size: '10' })), el('td', {}, input('title')), el('td', {}, input('titleEn')),
      el('td', {}, input('points', { type: 'number', min: '1', max: '100', step: '1', class: 'asmt-points' })),
      el('td', {}, el('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => { criteria.splice(i, 1); renderCriteria(); } }, t('asmt.s.remove'))));
  }));
  renderSum();
}
function renderSum() {
  const s = sum();
  $('points-sum').textContent = String(s);
  $('points-sum').dataset.ok = String(s === 100);
}

function renderScorers() {
  const ids = view?.scorerIds || [];
  $('scorer-list').replaceChildren(...(ids.length ? ids.map((id) => el('li', { 'data-scorer': id }, el('span', {}, id),
    el('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => assign(id, false) }, t('asmt.s.scorers.unassign'))))
    : [el('li', { class: 'muted' }, t('asmt.s.scorers.none'))]));
}

function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function renderForms() {
  $('form-list').replaceChildren(...(forms.length ? forms.map((f) => el('li', { 'data-form': f.formId },
    el('span', {}, `${f.formId} · ${t(`asmt.s.forms.${f.kind}`)} · ${f.open ? t('asmt.s.forms.open') : t('asmt.s.forms.closed')} · ${t('asmt.s.forms.responses', { n: f.responses, rate: f.responseRatePercent })}`),
    el('button', { type: 'button', class: 'btn btn-small', onclick: () => editForm(f) }, t('asmt.s.edit'))))
    : [el('li', { class: 'muted' }, t('asmt.s.forms.none'))]));
  renderQuestions();
}
function editForm(f) {
  $('form-id').value = f.formId;
  $('form-kind').value = f.kind;
  $('form-day').value = f.day || '';
  $('form-opens').value = toLocalInput(f.opensAt);
  $('form-closes').value = toLocalInput(f.closesAt);
  questions = f.questions.map((q) => ({ ...q, options: [...(q.options || [])] }));
  renderQuestions();
}
function renderQuestions() {
  const list = $('questions');
  if (!questions) { list.replaceChildren(el('li', { class: 'muted' }, t('asmt.s.forms.template'))); return; }
  list.replaceChildren(...questions.map((q, i) => {
    const type = el('select', { 'aria-label': t('asmt.s.forms.type'), onchange: (ev) => { q.type = ev.target.value; renderQuestions(); } },
      ...['rating', 'choice', 'text'].map((v) => { const o = el('option', { value: v }, t(`asmt.s.forms.type.${v}`)); o.selected = q.type === v; return o; }));
    const row = el('li', { 'data-question': q.id },
      el('input', { value: q.id, size: '10', 'aria-label': t('asmt.s.forms.qid'), oninput: (ev) => { q.id = ev.target.value; } }),
      type,
      el('input', { value: q.text, class: 'asmt-qtext', 'aria-label': t('asmt.s.forms.qtext'), oninput: (ev) => { q.text = ev.target.value; } }));
    if (q.type === 'choice') {
      row.append(el('input', { value: (q.options || []).join('、'), 'aria-label': t('asmt.s.forms.options'),
        placeholder: t('asmt.s.forms.options'), oninput: (ev) => { q.options = ev.target.value.split(/[、,，]/).map((s) => s.trim()).filter(Boolean); } }));
    }
    row.append(el('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => { questions.splice(i, 1); renderQuestions(); } }, t('asmt.s.remove')));
    return row;
  }));
}

function renderCerts() {
  const rows = (view?.trainees || []).map((tr) => {
    const c = tr.certificate;
    const cells = [el('td', {}, `${tr.name}（${tr.userId}）`), el('td', { 'data-passed': String(tr.passed) }, yesNo(tr.passed))];
    if (c) {
      cells.push(el('td', {}, c.idNumber), el('td', { class: 'asmt-cert-number' }, c.number),
        el('td', { 'data-status': c.status }, t(`asmt.s.certs.${c.status}`)));
      if (c.status === 'valid') {
        const reason = el('input', { class: 'asmt-reason', placeholder: t('asmt.s.certs.reason'), 'aria-label': t('asmt.s.certs.reason'), maxlength: '500' });
        cells.push(el('td', {}, reason, el('button', { type: 'button', class: 'btn btn-small btn-danger asmt-revoke', onclick: () => revoke(c.number, reason.value) }, t('asmt.s.certs.revoke'))));
      } else cells.push(el('td'));
    } else {
      cells.push(el('td', {}, tr.passed ? el('input', { class: 'asmt-id-number', 'data-trainee': tr.userId, maxlength: '18', 'aria-label': t('asmt.s.certs.idNumber') }) : '—'),
        el('td', {}, '—'), el('td', {}, tr.passed ? t('asmt.s.certs.notIssued') : '—'), el('td'));
    }
    return el('tr', { 'data-trainee': tr.userId }, ...cells);
  });
  $('certs').replaceChildren(...rows);
}

function render() {
  renderCriteria();
  $('pass-mark').value = view.rules.passMark;
  $('scorers').value = String(view.rules.scorers);
  $('third-gap').value = view.rules.thirdScorerGap;
  renderScorers();
  renderForms();
  renderCerts();
}

async function load(id) {
  classId = id;
  $('class-id').value = id;
  try {
    view = await api(ctx.token, 'GET', `${base()}/assessment`);
    forms = (await api(ctx.token, 'GET', `${base()}/forms`)).forms;
    criteria = view.rules.criteria.map((c) => ({ ...c }));
    render();
    document.body.dataset.state = 'ready';
  } catch (e) {
    ctx.banner.fromError('load', e);
    document.body.dataset.state = 'error';
  }
}
async function reload() {
  view = await api(ctx.token, 'GET', `${base()}/assessment`);
  forms = (await api(ctx.token, 'GET', `${base()}/forms`)).forms;
  renderScorers(); renderForms(); renderCerts();
}

async function saveRules() {
  const msg = $('rules-msg');
  clearMsg(msg);
  const s = sum();
  if (criteria.some((c) => !Number.isInteger(c.points) || c.points < 1)) { showError(msg, null, t('asmt.s.rules.badPoints')); return; }
  if (s !== 100) { showError(msg, null, t('asmt.s.rules.notHundred', { sum: s })); return; }
  try {
    view = await api(ctx.token, 'PUT', `${base()}/assessment/rules`, {
      criteria: criteria.map((c) => ({ id: c.id, title: c.title, titleEn: c.titleEn || c.title, guide: c.guide || c.title, points: c.points })),
      passMark: Number($('pass-mark').value), scorers: Number($('scorers').value), thirdScorerGap: Number($('third-gap').value),
    });
    criteria = view.rules.criteria.map((c) => ({ ...c }));
    renderCriteria();
    showOk(msg, t('asmt.s.saved'));
  } catch (e) { showError(msg, e); }
}

async function assign(id, assigned) {
  const msg = $('scorer-msg');
  clearMsg(msg);
  try {
    const r = await api(ctx.token, 'POST', `${base()}/assessment/scorers`, { scorer: id, assigned });
    view.scorerIds = r.scorers;
    renderScorers();
    showOk(msg, t(assigned ? 'asmt.s.scorers.assigned' : 'asmt.s.scorers.unassigned', { id }));
    if (assigned) $('scorer-id').value = '';
  } catch (e) { showError(msg, e); }
}

async function saveForm() {
  const msg = $('form-msg');
  clearMsg(msg);
  const opens = $('form-opens').value; const closes = $('form-closes').value;
  if (!opens || !closes) { showError(msg, null, t('asmt.s.forms.needTimes')); return; }
  const body = { kind: $('form-kind').value, day: $('form-day').value || null,
    opensAt: new Date(opens).toISOString(), closesAt: new Date(closes).toISOString() };
  if (questions) body.questions = questions.map((q) => ({ id: q.id, type: q.type, text: q.text, textEn: q.textEn || q.text, options: q.type === 'choice' ? q.options : [], required: q.type !== 'text' }));
  try {
    const f = await api(ctx.token, 'PUT', `${base()}/forms/${enc($('form-id').value.trim())}`, body);
    questions = f.questions.map((q) => ({ ...q, options: [...(q.options || [])] }));
    await reload();
    showOk(msg, t('asmt.s.saved'));
  } catch (e) { showError(msg, e); }
}

async function issue() {
  const msg = $('cert-msg');
  clearMsg(msg);
  const idNumbers = {};
  for (const i of document.querySelectorAll('.asmt-id-number')) if (i.value.trim()) idNumbers[i.dataset.trainee] = i.value.trim().toUpperCase();
  try {
    const r = await api(ctx.token, 'POST', `${base()}/certificates`, { idNumbers });
    await reload();
    const skipped = r.skipped.filter((s) => s.reason !== 'NOT_PASSED' && s.reason !== 'NO_ID_NUMBER');
    showOk(msg, t('asmt.s.certs.issued', { n: r.issued.length }) + (skipped.length ? ` ${t('asmt.s.certs.badId', { ids: skipped.map((s) => s.userId).join('、') })}` : ''));
  } catch (e) { showError(msg, e); }
}

async function revoke(number, reason) {
  const msg = $('cert-msg');
  clearMsg(msg);
  if (!reason.trim()) { showError(msg, null, t('asmt.s.certs.needReason')); return; }
  try {
    await api(ctx.token, 'POST', `/api/certificates/${enc(number)}/revoke`, { reason: reason.trim() });
    await reload();
    showOk(msg, t('asmt.s.certs.revokedDone', { number }));
  } catch (e) { showError(msg, e); }
}

async function main() {
  ctx = await startPage();
  if (!ctx) return;
  if (ctx.me.role !== 'admin') {
    ctx.banner.show('auth', { code: 304, key: 'err.304', dismissible: false });
    document.body.dataset.state = 'forbidden';
    return;
  }
  $('main').hidden = false;
  $('class-pick').addEventListener('submit', (ev) => { ev.preventDefault(); load($('class-id').value.trim()); });
  $('btn-add-criterion').addEventListener('click', () => { criteria.push({ id: '', title: '', titleEn: '', guide: '', points: null }); renderCriteria(); });
  $('btn-save-rules').addEventListener('click', saveRules);
  $('scorer-form').addEventListener('submit', (ev) => { ev.preventDefault(); assign($('scorer-id').value.trim(), true); });
  $('btn-add-question').addEventListener('click', () => { (questions ||= []).push({ id: '', type: 'rating', text: '', textEn: '', options: [] }); renderQuestions(); });
  $('form-editor').addEventListener('submit', (ev) => { ev.preventDefault(); saveForm(); });
  $('btn-issue').addEventListener('click', issue);
  onLangChange(() => { if (view) render(); });
  const first = classesOf(ctx)[0];
  if (first) load(first); else document.body.dataset.state = 'ready';
}
main();
