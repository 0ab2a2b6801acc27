// 数据推送 (admins): the institution's webhook endpoints, each one's delivery log, and replay.
// API: docs/protocol.md, "Webhooks"; design: docs/adr/0023-webhooks-durable-outbox.md.
import { startPage, api, el, t, errorText, showError, showOk, clearMsg, local } from './asmt-staff.js';
import { onLangChange } from './i18n.js';

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const EVENTS = ['class.approved', 'lesson.started', 'lesson.ended', 'attendance.final', 'eligibility.judged',
  'score.published', 'certificate.issued'];
let ctx = null;
let endpoints = [];
let open = null;       // the endpoint whose log is shown
let deliveries = [];

const when = (iso) => (iso ? new Date(iso).toLocaleString(local('zh-CN', 'en')) : '—');

function renderEventChoices() {
  const checked = new Set([...document.querySelectorAll('#hook-events input:checked')].map((i) => i.value));
  const legend = $('hook-events').querySelector('legend');
  $('hook-events').replaceChildren(legend, ...EVENTS.map((e) => el('label', { class: 'field-inline' },
    el('input', { type: 'checkbox', value: e, 'data-event': e, ...(checked.size === 0 || checked.has(e) ? { checked: '' } : {}) }),
    el('span', {}, t(`hook.ev.${e}`)))));
}

function renderEndpoints() {
  $('hooks').replaceChildren(...(endpoints.length ? endpoints.map((ep) => el('tr', { 'data-endpoint': ep.id },
    el('td', { class: 'hook-url' }, ep.url),
    el('td', {}, ep.events.map((e) => t(`hook.ev.${e}`)).join('、')),
    el('td', { 'data-testid': 'backlog' }, String(ep.backlog)),
    el('td', {},
      el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'log', onclick: () => showLog(ep) }, t('hook.log.open')),
      el('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-action': 'delete', onclick: () => remove(ep) }, t('hook.delete')))))
    : [el('tr', {}, el('td', { colspan: '4', class: 'muted' }, t('hook.none')))]));
}

function renderLog() {
  if (!open) return;
  $('hook-log-card').hidden = false;
  $('hook-log-of').textContent = t('hook.log.of', { url: open.url });
  $('deliveries').replaceChildren(...(deliveries.length ? deliveries.map((d) => el('tr', { 'data-delivery': d.id, 'data-status': d.status },
    el('td', {}, `${t(`hook.ev.${d.type}`)} · ${d.id}`),
    el('td', { class: 'hook-status', 'data-status': d.status }, t(`hook.status.${d.status}`)),
    el('td', {}, String(d.attempts)),
    el('td', {}, d.lastResponseCode ? `HTTP ${d.lastResponseCode}` : (d.lastError ? t('hook.log.noAnswer') : '—')),
    el('td', {}, `${t('hook.log.created')} ${when(d.createdAt)}` + (d.lastAttemptAt ? ` · ${t('hook.log.tried')} ${when(d.lastAttemptAt)}` : '')
      + (d.status === 'pending' && d.nextAttemptAt ? ` · ${t('hook.log.next')} ${when(d.nextAttemptAt)}` : '')),
    el('td', {}, el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'replay', onclick: () => replay(d) }, t('hook.replay')))))
    : [el('tr', {}, el('td', { colspan: '6', class: 'muted' }, t('hook.log.none')))]));
}

async function loadEndpoints() {
  endpoints = (await api(ctx.token, 'GET', '/api/admin/webhooks')).endpoints;
  renderEndpoints();
}

async function showLog(ep) {
  open = ep;
  clearMsg($('log-msg'));
  try {
    deliveries = (await api(ctx.token, 'GET', `/api/admin/webhooks/${enc(ep.id)}/deliveries`)).deliveries;
    renderLog();
  } catch (e) { showError($('log-msg'), e); }
}

async function replay(d) {
  try {
    await api(ctx.token, 'POST', `/api/admin/webhooks/${enc(open.id)}/deliveries/${enc(d.id)}/replay`);
    await showLog(open);
    showOk($('log-msg'), t('hook.replayed', { id: d.id }));
  } catch (e) { showError($('log-msg'), e); }
}

async function remove(ep) {
  if (!confirm(t('hook.confirmDelete', { url: ep.url }))) return;
  try {
    await api(ctx.token, 'DELETE', `/api/admin/webhooks/${enc(ep.id)}`);
    if (open && open.id === ep.id) { open = null; $('hook-log-card').hidden = true; }
    await loadEndpoints();
  } catch (e) { showError($('hook-msg'), e); }
}

async function add(ev) {
  ev.preventDefault();
  clearMsg($('hook-msg'));
  $('hook-secret').hidden = true;
  const events = [...document.querySelectorAll('#hook-events input:checked')].map((i) => i.value);
  try {
    const ep = await api(ctx.token, 'POST', '/api/admin/webhooks', { url: $('hook-url').value.trim(), events });
    showOk($('hook-secret'), t('hook.secret', { secret: ep.secret }));
    $('hook-secret').dataset.secret = ep.secret;
    $('hook-url').value = '';
    await loadEndpoints();
  } catch (e) { showError($('hook-msg'), e, errorText(e)); }
}

ctx = await startPage();
if (ctx) {
  if (ctx.me.role !== 'admin') {
    ctx.banner.show('auth', { code: 304, key: 'err.304', dismissible: false });
    document.body.dataset.state = 'forbidden';
  } else {
    renderEventChoices();
    $('hook-form').addEventListener('submit', add);
    $('btn-log-refresh').addEventListener('click', () => open && showLog(open));
    onLangChange(() => { renderEventChoices(); renderEndpoints(); renderLog(); });
    try {
      await loadEndpoints();
      $('main').hidden = false;
      document.body.dataset.state = 'ready';
    } catch (e) {
      ctx.banner.fromError('load', e, { dismissible: false });
      document.body.dataset.state = 'error';
    }
  }
}
