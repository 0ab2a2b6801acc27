// The regulator desk's live trace checkpoint (issue L, docs/trace-bundle.md §4.2): on a class's page,
// the class's newest signed checkpoint (tree size, root, time, key) and a button that saves it as a
// file `verify-bundle --known-checkpoints` reads (one canonical checkpoint line). A later bundle of
// the class must then contain this checkpoint, so a rolled-back or rewritten log is caught.
// Mounted by one script tag in regulator.html; it adds its own card to the class view.
// API: GET /api/classes/{id}/trace/checkpoint.
import { t, getLang, applyI18n, onLangChange } from './i18n.js';
import { takeCredentials } from './classroom-page.js';
import { api, el, errorText } from './asmt-staff.js';

document.head.append(el('style', {}, '.ckpt-facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}'
  + '.ckpt-facts dd{margin:0;word-break:break-all}.ckpt-command{word-break:break-all}'));

const card = el('section', { id: 'ckpt-card', class: 'card', 'data-testid': 'ckpt-card', 'aria-labelledby': 'ckpt-title', 'data-state': 'idle' });
const facts = el('dl', { class: 'ckpt-facts', 'data-testid': 'ckpt-facts' });
const msg = el('p', { class: 'form-error', 'data-testid': 'ckpt-error', role: 'alert', hidden: '' });
const saved = el('p', { class: 'muted small', 'data-testid': 'ckpt-saved', role: 'status', hidden: '' });
const command = el('code', { class: 'ckpt-command', 'data-testid': 'ckpt-command' });
const saveBtn = el('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'ckpt-save', 'data-i18n': 'ckpt.save', disabled: '' }, t('ckpt.save'));
const refreshBtn = el('button', { type: 'button', class: 'btn btn-ghost', 'data-testid': 'ckpt-refresh', 'data-i18n': 'ckpt.refresh' }, t('ckpt.refresh'));
let token = null;
let classId = null;
let current = null;
let savedName = null;

function fmtTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(getLang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(d);
}

function render() {
  saveBtn.textContent = t('ckpt.save');
  refreshBtn.textContent = t('ckpt.refresh');
  if (!current) { facts.replaceChildren(); saveBtn.disabled = true; return; }
  const row = (key, value, testid) => [el('dt', {}, t(key)), el('dd', { 'data-testid': testid }, value)];
  facts.replaceChildren(
    ...row('ckpt.treeSize', new Intl.NumberFormat(getLang() === 'en' ? 'en' : 'zh-CN').format(current.treeSize), 'ckpt-tree-size'),
    ...row('ckpt.rootHash', el('code', {}, current.rootHash), 'ckpt-root'),
    ...row('ckpt.issuedAt', fmtTime(current.issuedAt), 'ckpt-issued'),
    ...row('ckpt.keyId', el('code', {}, current.keyId), 'ckpt-key'));
  saveBtn.disabled = false;
  command.textContent = `verify-bundle ${classId}-trace-bundle.zip --class ${classId} --public-key trace-public-key.pem`
    + ' --known-checkpoints known-checkpoints.jsonl --remember';
  if (savedName) { saved.hidden = false; saved.textContent = t('ckpt.saved', { name: savedName, n: current.treeSize }); }
}

async function load() {
  if (!token || !classId) return;
  const asked = classId;
  card.dataset.state = 'loading';
  msg.hidden = true;
  try {
    const body = await api(token, 'GET', `/api/classes/${encodeURIComponent(asked)}/trace/checkpoint`);
    if (asked !== classId) return;
    current = body;
    card.dataset.treeSize = String(body.treeSize);
    card.dataset.state = 'ready';
  } catch (e) {
    if (asked !== classId) return;
    current = null;
    msg.hidden = false;
    msg.textContent = errorText(e);
    msg.dataset.code = e.code ?? '';
    card.dataset.state = 'error';
  }
  render();
}

/** Saves the checkpoint's canonical line as a file (one line, LF): what --known-checkpoints reads. */
function save() {
  if (!current) return;
  const name = `${current.classroomId}-checkpoint-${current.treeSize}.jsonl`;
  const blob = new Blob([`${current.line}\n`], { type: 'application/x-ndjson' });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: '' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  savedName = name;
  window.traceCheckpoint.lastSaved = { name, text: `${current.line}\n` };
  render();
}

/** Follows the desk's class view: loads when a class is shown, forgets when it is left. */
function follow(detail) {
  const id = detail.hidden ? null : (detail.dataset.classroomId || null);
  if (id === classId) return;
  classId = id;
  current = null;
  savedName = null;
  saved.hidden = true;
  card.dataset.state = 'idle';
  render();
  if (id) load();
}

function mount() {
  ({ token } = takeCredentials());
  const detail = document.getElementById('class-detail');
  if (!token || !detail) return;
  card.append(
    el('div', { class: 'section-head' },
      el('h3', { id: 'ckpt-title', 'data-i18n': 'ckpt.title' }, t('ckpt.title')),
      el('div', { class: 'download-actions' }, saveBtn, refreshBtn)),
    el('p', { class: 'hint', 'data-i18n': 'ckpt.hint' }, t('ckpt.hint')),
    facts, msg, saved,
    el('p', { class: 'hint' }, el('span', { 'data-i18n': 'ckpt.commandHint' }, t('ckpt.commandHint')), ' ', command));
  const status = document.getElementById('download-status');
  if (status) status.after(card); else detail.append(card);
  applyI18n(card);
  saveBtn.addEventListener('click', save);
  refreshBtn.addEventListener('click', load);
  new MutationObserver(() => follow(detail)).observe(detail, { attributes: true, attributeFilter: ['hidden', 'data-classroom-id'] });
  onLangChange(render);
  follow(detail);
}

window.traceCheckpoint = { lastSaved: null };
mount();
