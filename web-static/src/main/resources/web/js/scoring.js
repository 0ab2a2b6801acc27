// 实践成果评分 (assigned scoring lecturers): the trainees' practical results and plans of the classes
// the lecturer scores (fields, attachments, versions), and the score sheet per criterion.
// API: docs/protocol.md, "Result assessment"; who may score: docs/assessment.md.
import { startPage, api, download, el, t, errorText, fieldOf, showError, showOk, clearMsg, local, classesOf } from './asmt-staff.js';
import { liveRoomSection } from './live-room-record.js'; // issue I (i-record): the practice live room's sessions

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
let ctx = null;
const classes = new Map();   // classId -> scoring view
let current = null;          // {classId, trainee}

function fieldValue(f, v) {
  if (v === undefined || v === null || v === '') return '—';
  if (f.id === 'turnoverCents' && typeof v === 'number') return t('asmt.s.yuan', { v: (v / 100).toFixed(2) });
  return String(v);
}

function submissionBlock(classId, sub, title) {
  if (!sub) return el('section', { class: 'asmt-sub' }, el('h3', {}, title), el('p', { class: 'muted' }, t('asmt.s.scoring.notSubmitted')));
  const latest = sub.versions[sub.versions.length - 1];
  const box = el('section', { class: 'asmt-sub', 'data-kind': sub.kind });
  box.append(el('h3', {}, title));
  if (!latest) { box.append(el('p', { class: 'muted' }, t('asmt.s.scoring.notSubmitted'))); return box; }
  const versions = el('select', { class: 'asmt-version', 'aria-label': t('asmt.s.scoring.version') },
    ...sub.versions.map((v) => { const o = el('option', { value: String(v.version) }, t('asmt.s.scoring.versionN', { n: v.version, at: new Date(v.savedAt).toLocaleString() })); o.selected = v === latest; return o; }));
  const body = el('div');
  const show = (v) => {
    const dl = el('dl', { class: 'asmt-fields' });
    for (const f of sub.fields) dl.append(el('dt', {}, local(f.title, f.titleEn)), el('dd', { 'data-field': f.id }, fieldValue(f, v.fields[f.id])));
    const files = el('ul', { class: 'asmt-files' }, ...(v.attachments.length ? v.attachments.map((a) => el('li', {},
      el('button', { type: 'button', class: 'btn btn-small asmt-attachment', 'data-sha256': a.sha256,
        onclick: () => download(ctx.token, `/api/classes/${enc(classId)}/attachments/${a.sha256}`, a.fileName).catch((e) => showError($('score-msg'), e)) },
      t('asmt.s.scoring.download', { name: a.fileName, kb: Math.max(1, Math.round(a.bytes / 1024)) }))))
      : [el('li', { class: 'muted' }, t('asmt.s.scoring.noFiles'))]));
    body.replaceChildren(dl, el('h4', {}, t('asmt.s.scoring.files')), files);
  };
  versions.addEventListener('change', () => show(sub.versions.find((v) => String(v.version) === versions.value)));
  box.append(el('label', { class: 'field' }, el('span', {}, t('asmt.s.scoring.version')), versions), body);
  show(latest);
  return box;
}

function renderList() {
  const list = $('class-list');
  list.replaceChildren();
  for (const [classId, v] of classes) {
    const group = el('div', { class: 'asmt-class', 'data-class': classId }, el('h3', {}, classId));
    if (v.error) {
      group.append(el('p', { class: 'asmt-msg', 'data-kind': 'error', 'data-code': String(v.error.code ?? ''), role: 'alert' },
        `${v.error.code != null ? `${t('err.codeLabel')} ${v.error.code}：` : ''}${errorText(v.error)}`));
    } else if (!v.trainees.length) {
      group.append(el('p', { class: 'muted' }, t('asmt.s.scoring.empty')));
    } else {
      group.append(el('ul', { class: 'asmt-list' }, ...v.trainees.map((tr) => el('li', { 'data-trainee': tr.userId },
        el('button', { type: 'button', class: 'btn btn-small asmt-pick', onclick: () => open(classId, tr.userId) }, `${tr.name}（${tr.userId}）`),
        el('span', { class: 'asmt-scored', 'data-scored': String(!!tr.mySheet) }, tr.mySheet ? t('asmt.s.scoring.scored', { total: tr.mySheet.total }) : t('asmt.s.scoring.toScore'))))));
    }
    list.append(group);
  }
}

async function open(classId, userId) {
  const v = classes.get(classId);
  const tr = v.trainees.find((x) => x.userId === userId);
  current = { classId, userId };
  $('sheet-card').hidden = false;
  $('sheet-title').textContent = t('asmt.s.scoring.of', { name: tr.name, id: tr.userId, cls: classId });
  clearMsg($('score-msg'));
  const q = `?trainee=${enc(userId)}`;
  const [practical, plan] = await Promise.all(['practical', 'plan'].map((k) =>
    api(ctx.token, 'GET', `/api/classes/${enc(classId)}/submissions/${k}${q}`).catch(() => null)));
  $('submission').replaceChildren(submissionBlock(classId, practical, t('asmt.s.scoring.practical')),
    submissionBlock(classId, plan, t('asmt.s.scoring.plan')));
  // ---- issue I (i-record): the trainee's practice live-room sessions, from the trace (not awaited: the sheet comes first)
  const asked = current;
  api(ctx.token, 'GET', `/api/classes/${enc(classId)}/practice/live-room${q}`).then((r) => ({ r }), (e) => ({ e }))
    .then(({ r, e }) => { if (current === asked) $('submission').append(liveRoomSection(r, e)); });
  // ---- end issue I
  const sheet = tr.mySheet;
  $('score-rows').replaceChildren(...v.rules.criteria.map((c) => el('tr', { 'data-criterion': c.id },
    el('td', { title: c.guide }, local(c.title, c.titleEn)), el('td', {}, String(c.points)),
    el('td', {}, el('input', { type: 'number', min: '0', max: String(c.points), step: '1', class: 'asmt-points', 'data-criterion': c.id,
      'aria-label': local(c.title, c.titleEn), value: sheet ? String(sheet.points[c.id] ?? '') : '', oninput: total })),
    el('td', {}, el('input', { class: 'asmt-comment', 'data-criterion': c.id, maxlength: '500', 'aria-label': t('asmt.s.scoring.comment'),
      value: sheet?.comments?.[c.id] || '' })))));
  $('overall-comment').value = sheet?.comment || '';
  total();
  document.body.dataset.sheet = 'open';
}

function total() {
  let s = 0;
  for (const i of document.querySelectorAll('#score-rows .asmt-points')) s += Number.isInteger(Number(i.value)) && i.value !== '' ? Number(i.value) : 0;
  $('score-total').textContent = String(s);
}

async function submit() {
  const msg = $('score-msg');
  clearMsg(msg);
  const { classId, userId } = current;
  const rules = classes.get(classId).rules;
  const points = {}; const comments = {};
  for (const i of document.querySelectorAll('#score-rows input')) i.removeAttribute('aria-invalid');
  for (const c of rules.criteria) {
    const input = document.querySelector(`#score-rows .asmt-points[data-criterion="${c.id}"]`);
    const raw = input.value.trim();
    if (!/^\d+$/.test(raw)) {
      input.setAttribute('aria-invalid', 'true');
      showError(msg, null, t('asmt.s.scoring.range', { title: local(c.title, c.titleEn), max: c.points }));
      return;
    }
    points[c.id] = Number(raw);
    const comment = document.querySelector(`#score-rows .asmt-comment[data-criterion="${c.id}"]`).value.trim();
    if (comment) comments[c.id] = comment;
  }
  const comment = $('overall-comment').value.trim();
  try {
    const r = await api(ctx.token, 'POST', `/api/classes/${enc(classId)}/scores`, { trainee: userId, points, comments, ...(comment ? { comment } : {}) });
    showOk(msg, t('asmt.s.scoring.saved', { total: r.total, at: new Date(r.recordedAt).toLocaleString() }));
    const v = classes.get(classId);
    v.trainees.find((x) => x.userId === userId).mySheet = { points, comments, comment, total: r.total };
    renderList();
  } catch (e) {
    // Nothing typed is lost: the inputs stay as they are; the criterion the server names is marked.
    const field = fieldOf(e);
    const c = field && field.startsWith('points.') ? rules.criteria.find((x) => `points.${x.id}` === field) : null;
    if (c) {
      document.querySelector(`#score-rows .asmt-points[data-criterion="${c.id}"]`)?.setAttribute('aria-invalid', 'true');
      showError(msg, e, t('asmt.s.scoring.range', { title: local(c.title, c.titleEn), max: c.points }));
    } else showError(msg, e);
  }
}

async function main() {
  ctx = await startPage();
  if (!ctx) return;
  $('main').hidden = false;
  $('score-form').addEventListener('submit', (ev) => { ev.preventDefault(); submit(); });
  for (const classId of classesOf(ctx)) {
    try {
      classes.set(classId, await api(ctx.token, 'GET', `/api/classes/${enc(classId)}/assessment/scoring`));
    } catch (e) {
      classes.set(classId, { error: e });
    }
  }
  renderList();
  const ok = [...classes.values()].some((v) => !v.error);
  document.body.dataset.state = ok ? 'ready' : 'refused';
  if (!ok) ctx.banner.show('scoring', { code: 251, key: 'err.251', dismissible: false });
}
main();
