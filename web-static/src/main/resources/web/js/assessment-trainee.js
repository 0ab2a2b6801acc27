// Trainee's 结业考核 page (issue G): open feedback forms, the practical-results record (实践成果信息登记表)
// with evidence, the business plan (网店规划书), my result and my certificate. REST only
// (docs/protocol.md, "Result assessment"); server errors are shown by their code, never raw.
import { t, has, applyI18n, mountLangSwitch, onLangChange, getLang } from './i18n.js';
import { credentials, AssessmentApi } from './assessment-api.js';
import { liveRoomSection } from './live-room-record.js'; // issue I (i-record): my practice live-room sessions

const $ = (id) => document.getElementById(id);
const { token, classId } = credentials();
const api = new AssessmentApi(token, classId);
const EXTENSIONS = { practical: ['pdf', 'docx', 'png', 'jpg', 'jpeg'], plan: ['pdf', 'docx'] };
const MAX_FILES = { practical: 10, plan: 1 };
const subs = { practical: { attachments: [], data: null }, plan: { attachments: [], data: null } };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'i18n') { e.dataset.i18n = v; e.textContent = t(v); }
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

const bilingual = (zh, en) => (getLang() === 'en' && en ? en : zh);
function fmtTime(iso) { return iso ? new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) : ''; }

/** The page text for a refusal: the code's own text, else a generic one; never the server's English. */
function errorText(e, fields) {
  if (e.code === 103 && fields) {
    const m = /fields\.(\w+)/.exec(e.message || '');
    const f = m && fields.find((x) => x.id === m[1]);
    if (f) return t('asmt.t.err.field', { field: bilingual(f.title, f.titleEn) });
  }
  if (e.code === 255) return t(e.status === 413 ? 'asmt.t.err.tooLarge' : 'asmt.t.err.badType');
  if (e.code !== null && e.code !== undefined && has(`err.${e.code}`)) return t(`err.${e.code}`);
  if (e.status === 0) return t('asmt.t.err.network');
  return t('asmt.t.err.http', { status: e.status });
}

function showBanner(text) { const b = $('asmt-error'); b.textContent = text; b.hidden = !text; }

// ---------------------------------------------------------------------------------------------
// feedback forms

async function loadForms() {
  const list = $('asmt-forms-list');
  const { forms } = await api.get('forms');
  const open = forms.filter((f) => f.open);
  list.replaceChildren();
  $('asmt-forms-none').hidden = open.length > 0;
  for (const f of open) list.append(formCard(f));
}

function formCard(f) {
  const title = f.kind === 'final' ? 'asmt.t.forms.final' : 'asmt.t.forms.daily';
  const card = el('form', { class: 'asmt-form', 'data-form': f.formId, 'data-state': f.myAnswer ? 'saved' : 'new', novalidate: true });
  card.append(el('h3', {}, el('span', { i18n: title }), f.day ? el('span', { class: 'asmt-day', text: ` ${f.day}` }) : null),
    el('p', { class: 'hint' }, el('span', { i18n: 'asmt.t.forms.closes' }), ` ${fmtTime(f.closesAt)}`));
  const mine = f.myAnswer || {};
  f.questions.forEach((q) => {
    const name = `${f.formId}-${q.id}`;
    const label = el('legend', { class: 'asmt-q', 'data-zh': q.text, 'data-en': q.textEn, text: bilingual(q.text, q.textEn) });
    if (q.required) label.append(el('span', { class: 'asmt-req', 'aria-hidden': 'true', text: ' *' }));
    const box = el('fieldset', { class: 'asmt-question', 'data-q': q.id, 'data-type': q.type, 'data-required': q.required ? 'true' : 'false' }, label);
    if (q.type === 'rating') {
      const row = el('div', { class: 'asmt-rating', role: 'radiogroup' });
      for (let v = 1; v <= 5; v++) {
        row.append(el('label', { class: 'asmt-rate' }, el('input', { type: 'radio', name, value: String(v), checked: mine[q.id] === v }), el('span', { text: String(v) })));
      }
      box.append(row, el('p', { class: 'hint', i18n: 'asmt.t.forms.ratingHint' }));
    } else if (q.type === 'choice') {
      const row = el('div', { class: 'asmt-choices' });
      for (const o of q.options) row.append(el('label', {}, el('input', { type: 'radio', name, value: o, checked: mine[q.id] === o }), el('span', { text: o })));
      box.append(row);
    } else {
      const ta = el('textarea', { name, rows: '3', maxlength: '2000' });
      ta.value = mine[q.id] || '';
      box.append(ta);
    }
    card.append(box);
  });
  const status = el('p', { class: 'asmt-status', 'aria-live': 'polite', 'data-testid': 'form-status' });
  if (f.myAnswer) status.append(el('span', { i18n: 'asmt.t.forms.saved' }));
  card.append(el('div', { class: 'asmt-actions' }, el('button', { type: 'submit', class: 'btn btn-primary', i18n: f.myAnswer ? 'asmt.t.forms.update' : 'asmt.t.forms.save' })), status);
  card.addEventListener('submit', (e) => { e.preventDefault(); saveForm(f, card, status); });
  return card;
}

async function saveForm(f, card, status) {
  const answers = {};
  for (const q of f.questions) {
    const box = card.querySelector(`[data-q="${CSS.escape(q.id)}"]`);
    let v;
    if (q.type === 'text') v = box.querySelector('textarea').value.trim() || undefined;
    else {
      const c = box.querySelector('input:checked');
      v = c ? (q.type === 'rating' ? Number(c.value) : c.value) : undefined;
    }
    if (v === undefined && q.required) {
      status.replaceChildren(t('asmt.t.forms.missing', { q: bilingual(q.text, q.textEn) }));
      status.dataset.state = 'error';
      return;
    }
    if (v !== undefined) answers[q.id] = v;
  }
  status.textContent = t('asmt.t.saving');
  status.dataset.state = 'saving';
  try {
    await api.put(`forms/${f.formId}/answer`, { answers });
    card.dataset.state = 'saved';
    status.replaceChildren(el('span', { i18n: 'asmt.t.forms.saved' }));
    status.dataset.state = 'saved';
  } catch (e) {
    status.textContent = errorText(e);
    status.dataset.state = 'error';
  }
}

// ---------------------------------------------------------------------------------------------
// submissions: the practical-results record and the business plan

function latest(data) {
  const v = data.versions.length ? data.versions[data.versions.length - 1] : null;
  const d = data.draft;
  if (d && (!v || d.savedAt > v.savedAt)) return d;
  return v;
}

async function loadSubmission(kind) {
  const data = await api.get(`submissions/${kind}`);
  subs[kind].data = data;
  const shown = latest(data);
  subs[kind].attachments = shown ? [...shown.attachments] : [];
  renderSubmission(kind, shown);
}

function renderSubmission(kind) {
  const { data } = subs[kind];
  const root = $(`asmt-${kind}`);
  const shown = latest(data);
  root.dataset.closed = String(data.closed);
  const deadline = root.querySelector('.asmt-deadline');
  deadline.replaceChildren(data.deadline ? el('span', {}, el('span', { i18n: 'asmt.t.sub.deadline' }), ` ${fmtTime(data.deadline)}`)
    : el('span', { i18n: 'asmt.t.sub.noDeadline' }));
  const version = root.querySelector('.asmt-version');
  const last = data.versions.length ? data.versions[data.versions.length - 1] : null;
  version.replaceChildren(last ? t('asmt.t.sub.version', { n: last.version, at: fmtTime(last.savedAt) }) : t('asmt.t.sub.notSubmitted'));
  version.dataset.version = last ? String(last.version) : '0';
  if (data.draft && (!last || data.draft.savedAt > last.savedAt)) version.append(el('br'), t('asmt.t.sub.draftAt', { at: fmtTime(data.draft.savedAt) }));
  const closedNote = root.querySelector('.asmt-closed');
  closedNote.hidden = !data.closed;
  closedNote.textContent = t('err.256');

  const box = root.querySelector('.asmt-fields');
  box.replaceChildren();
  const values = shown ? shown.fields : {};
  for (const f of data.fields) {
    const id = `${kind}-${f.id}`;
    let input;
    if (f.type === 'choice') {
      input = el('select', { id, name: f.id }, el('option', { value: '', text: '—' }), ...f.options.map((o) => el('option', { value: o, text: o })));
      input.value = values[f.id] ?? '';
    } else if (f.type === 'whole') {
      input = el('input', { id, name: f.id, type: 'number', inputmode: 'numeric', step: '1', min: '0' });
      input.value = values[f.id] ?? '';
    } else if (f.max > 200) {
      input = el('textarea', { id, name: f.id, rows: kind === 'plan' ? '6' : '3', maxlength: String(f.max) });
      input.value = values[f.id] ?? '';
    } else {
      input = el('input', { id, name: f.id, type: 'text', maxlength: String(f.max) });
      input.value = values[f.id] ?? '';
    }
    input.disabled = data.closed;
    const label = el('label', { for: id, class: 'asmt-label', 'data-zh': f.title, 'data-en': f.titleEn, text: bilingual(f.title, f.titleEn) });
    if (f.required) label.append(el('span', { class: 'asmt-req', 'aria-hidden': 'true', text: ' *' }));
    box.append(el('div', { class: 'asmt-field', 'data-field': f.id }, label, input));
  }
  for (const b of root.querySelectorAll('.asmt-save, .asmt-submit, .asmt-file')) b.disabled = data.closed;
  if (kind === 'plan') $('asmt-plan-pdf').disabled = !shown;  // nothing saved yet: nothing to print
  renderAttachments(kind);
}

function renderAttachments(kind) {
  const root = $(`asmt-${kind}`);
  const list = root.querySelector('.asmt-files');
  list.replaceChildren();
  const closed = subs[kind].data.closed;
  for (const a of subs[kind].attachments) {
    const li = el('li', { 'data-sha256': a.sha256 }, el('span', { class: 'asmt-file-name', text: a.fileName }),
      el('span', { class: 'hint', text: ` ${Math.max(1, Math.round(a.bytes / 1024))} KB` }));
    if (!closed) {
      const rm = el('button', { type: 'button', class: 'btn btn-small btn-ghost', i18n: 'asmt.t.att.remove' });
      rm.addEventListener('click', () => { subs[kind].attachments = subs[kind].attachments.filter((x) => x.sha256 !== a.sha256); renderAttachments(kind); });
      li.append(' ', rm);
    }
    list.append(li);
  }
}

function collect(kind) {
  const root = $(`asmt-${kind}`);
  const fields = {};
  for (const f of subs[kind].data.fields) {
    const input = root.querySelector(`[name="${f.id}"]`);
    const raw = input.value.trim();
    if (!raw) continue;
    fields[f.id] = f.type === 'whole' && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return fields;
}

async function save(kind, submit) {
  const root = $(`asmt-${kind}`);
  const status = root.querySelector('.asmt-status');
  status.textContent = t('asmt.t.saving');
  status.dataset.state = 'saving';
  const body = { fields: collect(kind), attachments: subs[kind].attachments.map((a) => ({ sha256: a.sha256, fileName: a.fileName })), submit };
  try {
    await api.put(`submissions/${kind}`, body);
    await loadSubmission(kind);
    const s = root.querySelector('.asmt-status');
    s.textContent = t(submit ? 'asmt.t.sub.submitted' : 'asmt.t.sub.draftSaved');
    s.dataset.state = submit ? 'submitted' : 'saved';
    loadResult().catch(() => {});
  } catch (e) {
    // Nothing typed is lost: the inputs stay as they are.
    status.textContent = errorText(e, subs[kind].data.fields);
    status.dataset.state = 'error';
    if (e.code === 256) {
      subs[kind].data.closed = true;
      root.dataset.closed = 'true';
      const note = root.querySelector('.asmt-closed');
      note.hidden = false;
      note.textContent = t('err.256');
      for (const x of root.querySelectorAll('input, select, textarea, .asmt-save, .asmt-submit')) x.disabled = true;
    }
  }
}

async function upload(kind, input) {
  const root = $(`asmt-${kind}`);
  const status = root.querySelector('.asmt-att-status');
  const progress = root.querySelector('progress');
  const files = [...input.files];
  input.value = '';
  for (const file of files) {
    const ext = (file.name.split('.').pop() || '').toLowerCase();
    if (!file.name.includes('.') || !EXTENSIONS[kind].includes(ext)) {
      status.textContent = t('asmt.t.err.badType'); status.dataset.state = 'error';
      continue;
    }
    if (subs[kind].attachments.length >= MAX_FILES[kind]) {
      status.textContent = t('asmt.t.att.tooMany', { n: MAX_FILES[kind] }); status.dataset.state = 'error';
      break;
    }
    progress.hidden = false; progress.value = 0;
    status.textContent = t('asmt.t.att.uploading', { name: file.name }); status.dataset.state = 'uploading';
    try {
      const a = await api.upload(kind, file, (f) => { progress.value = f; });
      if (!subs[kind].attachments.some((x) => x.sha256 === a.sha256)) subs[kind].attachments.push(a);
      renderAttachments(kind);
      status.textContent = t('asmt.t.att.uploaded', { name: a.fileName }); status.dataset.state = 'uploaded';
    } catch (e) {
      status.textContent = errorText(e); status.dataset.state = 'error';
    } finally {
      progress.hidden = true;
    }
  }
}

function download(blob, name, link) {
  const url = URL.createObjectURL(blob);
  link.href = url;
  link.download = name;
  link.hidden = false;
  link.dataset.bytes = String(blob.size);
  link.click();
}

async function planPdf() {
  const status = $('asmt-plan').querySelector('.asmt-status');
  try {
    const blob = await api.blob(`/api/classes/${encodeURIComponent(classId)}/submissions/plan/pdf`);
    download(blob, 'business-plan.pdf', $('asmt-plan-pdf-link'));
  } catch (e) { status.textContent = errorText(e); status.dataset.state = 'error'; }
}

// ---------------------------------------------------------------------------------------------
// my result and my certificate

async function loadResult() {
  const me = await api.get('assessment/me');
  const box = $('asmt-result-body');
  box.replaceChildren();
  const row = (key, value, state) => box.append(el('div', { class: 'asmt-row', 'data-item': key, 'data-state': state },
    el('dt', { i18n: `asmt.t.result.${key}` }), el('dd', {}, value)));
  row('attendance', el('span', { i18n: me.eligible ? 'asmt.t.yes.eligible' : 'asmt.t.no.eligible' }), me.eligible ? 'ok' : 'no');
  const planIn = !(me.reasons || []).includes('PLAN_NOT_SUBMITTED');
  row('plan', el('span', { i18n: planIn ? 'asmt.t.yes.plan' : 'asmt.t.no.plan' }), planIn ? 'ok' : 'no');
  const passMark = me.rules?.passMark ?? 60;
  const scoreText = me.score !== null && me.score !== undefined
    ? t('asmt.t.result.scoreOf', { score: me.score, pass: passMark }) : t('asmt.t.result.notScored');
  row('score', el('span', { text: scoreText }), me.score !== null && Number(me.score) >= passMark ? 'ok' : 'no');
  const verdict = $('asmt-verdict');
  verdict.dataset.passed = String(!!me.passed);
  verdict.dataset.i18n = me.passed ? 'asmt.t.result.passed' : 'asmt.t.result.notYet';
  verdict.textContent = t(verdict.dataset.i18n);
  const reasons = $('asmt-reasons');
  reasons.replaceChildren(...(me.passed ? [] : me.reasons.map((r) => el('li', { 'data-reason': r, i18n: has(`asmt.t.reason.${r}`) ? `asmt.t.reason.${r}` : 'asmt.t.reason.other' }))));
  const sheets = $('asmt-sheets');
  sheets.replaceChildren(...(me.sheets || []).map((s) => el('li', {},
    t('asmt.t.result.sheet', { n: s.sheet, total: s.total }), s.comment ? el('span', { class: 'hint', text: ` ${s.comment}` }) : null)));
  renderCertificate(me.certificate);
}

function renderCertificate(c) {
  const sec = $('asmt-cert');
  sec.dataset.state = c ? c.status : 'none';
  $('asmt-cert-none').hidden = !!c;
  const body = $('asmt-cert-body');
  body.hidden = !c;
  if (!c) return;
  $('asmt-cert-number').textContent = c.number;
  $('asmt-cert-name').textContent = c.name;
  $('asmt-cert-class').textContent = `${c.className} · ${c.institution}`;
  $('asmt-cert-days').textContent = `${c.firstDay} – ${c.lastDay} · ${t('asmt.t.cert.hours', { h: c.classHours })}`;
  const st = $('asmt-cert-status');
  st.dataset.i18n = c.status === 'revoked' ? 'cert.status.revoked' : 'cert.status.valid';
  st.textContent = t(st.dataset.i18n);
  $('asmt-cert-lookup').href = `/certificate.html?number=${encodeURIComponent(c.number)}&name=${encodeURIComponent(c.name)}`;
  sec.dataset.number = c.number;
  $('asmt-cert-pdf').hidden = c.status === 'revoked';  // a revoked certificate is not handed out again
}

async function certificatePdf() {
  const number = $('asmt-cert').dataset.number;
  try {
    const blob = await api.blob(`/api/certificates/${encodeURIComponent(number)}/pdf`);
    download(blob, `certificate-${number}.pdf`, $('asmt-cert-pdf-link'));
  } catch (e) { showBanner(errorText(e)); }
}

// ---------------------------------------------------------------------------------------------

function relabel() {
  for (const n of document.querySelectorAll('[data-zh]')) {
    const req = n.querySelector('.asmt-req');
    n.textContent = bilingual(n.dataset.zh, n.dataset.en);
    if (req) n.append(req);
  }
  for (const kind of ['practical', 'plan']) if (subs[kind].data) {
    const v = $(`asmt-${kind}`).querySelector('.asmt-version');
    const last = subs[kind].data.versions.at(-1);
    v.textContent = last ? t('asmt.t.sub.version', { n: last.version, at: fmtTime(last.savedAt) }) : t('asmt.t.sub.notSubmitted');
  }
}

async function main() {
  applyI18n();
  mountLangSwitch($('lang-switch'));
  onLangChange(relabel);
  if (!token || !classId) { showBanner(t('asmt.t.err.noToken')); document.body.dataset.state = 'error'; return; }
  const back = $('asmt-back');
  if (back) back.href = `/trainee.html?class=${encodeURIComponent(classId)}`;
  for (const kind of ['practical', 'plan']) {
    const root = $(`asmt-${kind}`);
    root.querySelector('.asmt-save').addEventListener('click', () => save(kind, false));
    root.querySelector('.asmt-submit').addEventListener('click', () => save(kind, true));
    const file = root.querySelector('.asmt-file');
    file.accept = EXTENSIONS[kind].map((x) => `.${x}`).join(',');
    file.addEventListener('change', () => upload(kind, file));
  }
  $('asmt-plan-pdf').addEventListener('click', planPdf);
  $('asmt-cert-pdf').addEventListener('click', certificatePdf);
  try {
    await Promise.all([loadForms(), loadSubmission('practical'), loadSubmission('plan'), loadResult()]);
    document.body.dataset.state = 'ready';
  } catch (e) {
    showBanner(errorText(e));
    document.body.dataset.state = 'error';
  }
  // ---- issue I (i-record): my practice live-room sessions as the host, under my practical record (none: nothing shown)
  api.get('practice/live-room').then((r) => { if (r.sessions.length) $('asmt-practical').append(liveRoomSection(r)); },
    () => {});
  // ---- end issue I
  if (location.hash) document.querySelector(location.hash)?.scrollIntoView();
}

main();
