// 线下课点名 (the class's lecturers): choose an offline day of the approved plan, tick who was
// present, save. API: GET /api/classes/{id}/offline and POST …/offline/{date}/roll-call
// (docs/protocol.md, "Offline days and their roll call"). The last roll call of a day stands.
import { startPage, api, el, t, errorText, classesOf } from './asmt-staff.js';
import { onLangChange, getLang } from './i18n.js';

const enc = encodeURIComponent;
let ctx = null;
let classId = null;
let view = null;        // the GET answer
let date = null;        // the chosen day
let message = null;     // {kind, text}

const $ = (id) => document.getElementById(id);

function time(iso) {
  return new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function day() { return view?.days.find((d) => d.date === date) || null; }

function renderDays() {
  const select = $('roll-day');
  select.replaceChildren(...(view?.days || []).map((d) => el('option', { value: d.date },
    t(d.due ? (d.record.length ? 'roll.dayRecorded' : 'roll.dayOpen') : 'roll.dayToCome', { date: d.date, hours: d.classHours }))));
  if (date) select.value = date;
}

function render() {
  renderDays();
  const d = day();
  $('roll-day-info').textContent = d ? t('roll.dayInfo', { start: time(d.start), end: time(d.end), hours: d.classHours, n: view.rosterSize })
    : t('roll.noDays');
  const record = new Map((d?.record || []).map((r) => [r.userId, r]));
  const trainees = view?.trainees || [];
  $('roll-rows').replaceChildren(...trainees.map((tr) => {
    const r = record.get(tr.userId);
    const box = el('input', { type: 'checkbox', 'data-user': tr.userId, 'aria-label': tr.name });
    box.checked = r ? r.present : false;
    box.disabled = !d || !d.due;
    return el('tr', { 'data-trainee': tr.userId },
      el('td', {}, box),
      el('td', {}, `${tr.name}（${tr.userId}）`),
      el('td', { 'data-present': r ? String(r.present) : '', 'data-testid': 'roll-record' },
        r ? t(r.present ? 'roll.recPresent' : 'roll.recAbsent', { by: r.by, at: time(r.at) }) : t('roll.recNone')));
  }));
  $('roll-empty').hidden = trainees.length > 0;
  $('roll-save').disabled = !d || !d.due || trainees.length === 0;
  $('roll-all').disabled = $('roll-save').disabled;
  const msg = $('roll-msg');
  msg.hidden = !message;
  if (message) { msg.dataset.kind = message.kind; msg.textContent = message.text; }
}

function fail(e) {
  message = { kind: 'error', text: `${e.code != null ? `${t('err.codeLabel')} ${e.code}：` : ''}${errorText(e)}` };
  render();
}

async function load() {
  try {
    view = await api(ctx.token, 'GET', `/api/classes/${enc(classId)}/offline`);
    if (!date || !view.days.some((d) => d.date === date)) {
      const due = view.days.filter((d) => d.due);
      date = (due.find((d) => !d.record.length) || due[due.length - 1] || view.days[0] || {}).date || null;
    }
    render();
  } catch (e) {
    view = null;
    fail(e);
  }
}

async function save() {
  const present = [];
  const absent = [];
  for (const box of document.querySelectorAll('#roll-rows input[type="checkbox"]')) {
    (box.checked ? present : absent).push(box.dataset.user);
  }
  $('roll-save').disabled = true;
  try {
    const r = await api(ctx.token, 'POST', `/api/classes/${enc(classId)}/offline/${enc(date)}/roll-call`, { present, absent });
    message = { kind: 'ok', text: t('roll.saved', { date: r.date, present: present.length, absent: absent.length }) };
    await load();
  } catch (e) {
    fail(e);
  }
}

async function main() {
  ctx = await startPage();
  if (!ctx) return;
  $('main').hidden = false;
  const classes = classesOf(ctx);
  classId = classes[0] || null;
  if (classes.length > 1) {
    $('roll-class-label').hidden = false;
    $('roll-class').replaceChildren(...classes.map((c) => el('option', { value: c }, c)));
    $('roll-class').addEventListener('change', () => { classId = $('roll-class').value; date = null; message = null; load(); });
  }
  $('roll-day').addEventListener('change', () => { date = $('roll-day').value; message = null; render(); });
  $('roll-all').addEventListener('click', () => {
    for (const box of document.querySelectorAll('#roll-rows input[type="checkbox"]')) box.checked = true;
  });
  $('roll-save').addEventListener('click', save);
  onLangChange(render);
  if (classId) await load(); else render();
  document.body.dataset.state = 'ready';
}
main();
