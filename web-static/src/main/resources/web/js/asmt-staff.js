// Shared by the staff assessment pages (assessment-admin, scoring, results, the regulator's results
// section): the bearer token, JSON calls to the assessment REST API (docs/protocol.md, "Result
// assessment"), page texts for error codes (never the server's English message), small formatters.

import { t, has, applyI18n, mountLangSwitch, getLang } from './i18n.js';
import { takeCredentials, whoami, ErrorBanner, el } from './classroom-page.js';
import { ProtocolError } from './classroom-client.js';

export { el, t, getLang };

/** Sets up a page: texts, language switch, token; resolves with {token, classId, me, banner} or null. */
export async function startPage() {
  applyI18n();
  mountLangSwitch(document.getElementById('lang-switch'));
  const banner = new ErrorBanner(document.getElementById('error-banner'));
  const { token, classId } = takeCredentials();
  if (!token) {
    banner.show('auth', { error: 'NO_TOKEN', key: 'asmt.s.noToken', dismissible: false });
    document.body.dataset.state = 'no-token';
    return null;
  }
  try {
    const me = await whoami(token);
    const who = document.getElementById('me');
    if (who) who.textContent = `${me.displayName || me.userId} · ${has(`role.${me.role}`) ? t(`role.${me.role}`) : me.role}`;
    return { token, classId, me, banner };
  } catch (e) {
    banner.fromError('auth', e, { dismissible: false });
    document.body.dataset.state = 'auth-failed';
    return null;
  }
}

/** Calls the API with the token; resolves with the JSON body, rejects with ProtocolError (code, message). */
export async function api(token, method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch (e) {
    throw new ProtocolError({ error: 'NETWORK', message: String(e.message || e) });
  }
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  if (res.ok && json) return json;
  if (json && json.code) throw new ProtocolError({ code: json.code, error: json.error || 'ERROR', message: json.message || '' });
  throw new ProtocolError({ error: `HTTP_${res.status}`, message: `${method} ${path}: HTTP ${res.status}` });
}

/** Downloads a file the API serves only with the token: fetched, then saved under its own name. */
export async function download(token, path, fallbackName) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (!res.ok) {
    let json = null;
    try { json = await res.json(); } catch { /* not JSON */ }
    throw new ProtocolError({ code: json?.code ?? null, error: json?.error || `HTTP_${res.status}`, message: json?.message || '' });
  }
  const blob = await res.blob();
  const disp = res.headers.get('Content-Disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disp) || /filename="?([^";]+)"?/.exec(disp);
  const name = m ? decodeURIComponent(m[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: '' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { blob, name, text: /csv|text/.test(blob.type) ? await blob.text() : null };
}

/** The page text for an error: its code's text (err.<code>), else a client-side one. Never the server's English. */
export function errorText(e) {
  if (e && e.code != null && has(`err.${e.code}`)) return t(`err.${e.code}`);
  if (e && e.error === 'NETWORK') return t('err.network');
  return t('err.generic');
}

/** The field a 103 names ("points.shop: 25 is outside 0-20" -> "points.shop"), or null. */
export function fieldOf(e) {
  const m = /^([A-Za-z0-9_.\[\]-]+):/.exec((e && e.message) || '');
  return m ? m[1] : null;
}

/** Shows a coded error in a page's own message slot (role=alert), with the code. */
export function showError(node, e, text) {
  node.hidden = false;
  node.dataset.code = e && e.code != null ? String(e.code) : '';
  node.dataset.kind = 'error';
  node.textContent = (e && e.code != null ? `${t('err.codeLabel')} ${e.code}：` : '') + (text || errorText(e));
}

export function showOk(node, text) {
  node.hidden = false;
  node.dataset.code = '';
  node.dataset.kind = 'ok';
  node.textContent = text;
}

export function clearMsg(node) { node.hidden = true; node.textContent = ''; node.dataset.kind = ''; node.dataset.code = ''; }

/** A criterion's or question's title in the page language. */
export const local = (zh, en) => (getLang() === 'en' ? (en || zh) : zh);

/** Yes / no as a page text. */
export const yesNo = (b) => t(b ? 'asmt.s.yes' : 'asmt.s.no');

/** Classes to show: ?classes=a,b or ?class=a, else the token's classes. */
export function classesOf(ctx) {
  const q = new URLSearchParams(location.search);
  const list = (q.get('classes') || q.get('class') || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length) return list;
  if (ctx.classId) return [ctx.classId];
  return Array.isArray(ctx.me.classes) ? ctx.me.classes : [];
}
