// 对接系统 (admins): partner systems (a training-management platform, the real-name system), their
// API keys and scopes. API: docs/protocol.md, "Partner API (v1)". The key is shown once, right
// after registering or rotating; the server keeps only its hash.
import { startPage, api, el, t, showError, showOk, clearMsg } from './asmt-staff.js';
import { onLangChange } from './i18n.js';

const $ = (id) => document.getElementById(id);
const SCOPES = ['classes:read', 'roster:read', 'attendance:read', 'results:read', 'certificates:read', 'webhooks:manage'];
const scopeKey = (s) => `partner.scope.${s.replace(':', '-')}`;
let ctx = null;
let partners = [];
const armed = new Set(); // "revoke:<id>" / "rotate:<id>": the first click asks, the second does it

function renderScopes() {
  const box = $('scopes');
  const checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
  box.replaceChildren(el('legend', {}, t('partner.scopes')), ...SCOPES.map((s) => {
    const input = el('input', { type: 'checkbox', value: s, 'data-scope': s });
    input.checked = checked.has(s);
    return el('label', { class: 'partner-scope' }, input, el('span', {}, t(scopeKey(s))), el('code', {}, s));
  }));
}

function when(iso) { return iso ? new Date(iso).toLocaleString() : ''; }

function renderList() {
  const body = $('partners');
  if (!partners.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: '7', class: 'muted' }, t('partner.list.none'))));
    return;
  }
  body.replaceChildren(...partners.map((p) => {
    const reach = [p.region ? t('partner.reach.region', { r: p.region }) : '', p.institution ? t('partner.reach.institution', { i: p.institution }) : '']
      .filter(Boolean).join(' · ');
    const actions = el('td', {});
    if (p.state === 'active') {
      actions.append(action(p, 'rotate'), action(p, 'revoke'));
    }
    return el('tr', { 'data-partner': p.partnerId, 'data-state': p.state },
      el('td', {}, el('div', {}, p.name), el('div', { class: 'muted' }, p.partnerId)),
      el('td', {}, reach),
      el('td', {}, p.scopes.map((s) => t(scopeKey(s))).join('、')),
      el('td', {}, el('code', {}, p.keyHint)),
      el('td', { 'data-testid': 'state' }, t(`partner.state.${p.state}`)),
      el('td', {}, when(p.createdAt)),
      actions);
  }));
}

function action(p, what) {
  const key = `${what}:${p.partnerId}`;
  const ask = armed.has(key);
  return el('button', { type: 'button', class: `btn btn-small${what === 'revoke' ? ' btn-danger' : ''}`, 'data-action': what,
    onclick: () => {
      if (!armed.has(key)) { armed.clear(); armed.add(key); renderList(); return; }
      armed.clear();
      (what === 'revoke' ? revoke(p) : rotate(p));
    } }, t(ask ? `partner.${what}.confirm` : `partner.${what}`));
}

async function load() {
  try {
    partners = (await api(ctx.token, 'GET', '/api/admin/partners')).partners;
  } catch (e) {
    showError($('list-msg'), e);
  }
  renderList();
}

function showKey(body) {
  $('key-card').hidden = false;
  $('key-for').textContent = t('partner.key.for', { name: body.partner.name });
  $('api-key').value = body.apiKey;
  clearMsg($('copy-msg'));
  $('api-key').focus();
  $('api-key').select();
}

function hideKey() {
  $('api-key').value = '';
  $('key-card').hidden = true;
}

async function copyKey() {
  const input = $('api-key');
  let ok = false;
  try {
    await navigator.clipboard.writeText(input.value);
    ok = true;
  } catch {
    input.select();
    try { ok = document.execCommand('copy'); } catch { ok = false; }
  }
  const msg = $('copy-msg');
  if (ok) showOk(msg, t('partner.key.copied'));
  else { input.select(); showOk(msg, t('partner.key.copyManually')); }
}

async function register(ev) {
  ev.preventDefault();
  const msg = $('register-msg');
  clearMsg(msg);
  const scopes = [...$('scopes').querySelectorAll('input:checked')].map((i) => i.value);
  if (!scopes.length) { showError(msg, null, t('partner.register.noScope')); return; }
  const region = $('partner-region').value.trim();
  const institution = $('partner-institution').value.trim();
  if (!region && !institution) { showError(msg, null, t('partner.register.noReach')); return; }
  try {
    const body = await api(ctx.token, 'POST', '/api/admin/partners', { name: $('partner-name').value.trim(), region, institution, scopes });
    showOk(msg, t('partner.register.done', { name: body.partner.name }));
    $('register-form').reset();
    showKey(body);
    await load();
  } catch (e) {
    showError(msg, e);
  }
}

async function rotate(p) {
  clearMsg($('list-msg'));
  try {
    showKey(await api(ctx.token, 'POST', `/api/admin/partners/${encodeURIComponent(p.partnerId)}/rotate`));
    showOk($('list-msg'), t('partner.rotate.done', { name: p.name }));
  } catch (e) {
    showError($('list-msg'), e);
  }
  await load();
}

async function revoke(p) {
  clearMsg($('list-msg'));
  try {
    await api(ctx.token, 'DELETE', `/api/admin/partners/${encodeURIComponent(p.partnerId)}`);
    await load();
    showOk($('list-msg'), t('partner.revoke.done', { name: p.name }));
  } catch (e) {
    showError($('list-msg'), e);
    await load();
  }
}

async function main() {
  ctx = await startPage();
  if (!ctx) return;
  $('main').hidden = false;
  renderScopes();
  $('register-form').addEventListener('submit', register);
  $('btn-copy').addEventListener('click', copyKey);
  $('btn-key-done').addEventListener('click', hideKey);
  onLangChange(() => { renderScopes(); renderList(); });
  await load();
  document.body.dataset.state = 'ready';
}

main();
