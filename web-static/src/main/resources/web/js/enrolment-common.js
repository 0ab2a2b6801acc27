// Shared by the class pages (classes.html for an institution's admin, openings.html for a
// regulator): the roster upload with progress, page texts for the problem codes the enrolment API
// names (docs/protocol.md "Classes and people"), states, the online share of a plan. Never the
// server's English `detail` or `message`: the code's text; the message only folded (detailNode).

import { t, has, getLang } from './i18n.js';
import { el, detailNode } from './classroom-page.js';
import { errorText, showError } from './asmt-staff.js';

/** The body limit of a roster file (the server refuses more with 413, code 102, before reading it). */
export const MAX_ROSTER_BYTES = 64 * 1024;

/** A refused call: the code, the HTTP status and the body (a 260 carries the `preview`). */
export class EnrolmentError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code != null ? body.code : (status === 413 ? 102 : null);
    this.error = (body && body.error) || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.body = body || {};
  }
}

/** A JSON call with the token; rejects with EnrolmentError (its body keeps a 261's `problems`). */
export async function call(token, method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method, cache: 'no-store',
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch { throw new EnrolmentError(0, null); }
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  if (res.ok && json) return json;
  throw new EnrolmentError(res.status, json);
}

/** POSTs a file as the body (the API reads the bytes, not a form); onProgress(fraction). */
export function sendFile(token, path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (ev) => { if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText || 'null'); } catch { /* not JSON */ }
      onProgress(1);
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else reject(new EnrolmentError(xhr.status, body));
    };
    xhr.onerror = () => reject(new EnrolmentError(0, null));
    xhr.send(file);
  });
}

/** A refusal in a message slot: "错误码 260：" and the code's text, the server's message folded away. */
export function showFailure(node, e, text) {
  showError(node, e, text || errorText(e));
  const d = detailNode(e && e.message, 'msg-detail');
  if (d && e.code != null) node.append(d);
}

/** The page text of a roster problem code (`cls.roster.<code>`), naming the file's column. */
export function rosterProblemText(p) {
  const key = `cls.rp.${p.code}`;
  return has(key) ? t(key, { column: p.column || '' }) : t('cls.rp.other', { code: p.code });
}

/** The page text of a plan problem (`cls.plan.<code>`), naming the training day a `days[i]` field points at. */
export function planProblemText(p, cap) {
  const m = /^days\[(\d+)\]/.exec(p.field || '');
  const params = { day: m ? Number(m[1]) + 1 : '', cap };
  const key = `cls.pp.${p.code}`;
  return has(key) ? t(key, params) : t('cls.pp.other', { code: p.code });
}

/** The state of an application as a badge. */
export function stateBadge(state) {
  return el('span', { class: `cls-state cls-state-${state}`, 'data-state': state }, t(`cls.state.${state}`));
}

/** {online, total, percent, over} of lesson days [{classHours, online}] against the cap. */
export function onlineShare(days, cap) {
  const total = days.reduce((s, d) => s + (Number.isFinite(d.classHours) ? d.classHours : 0), 0);
  const online = days.reduce((s, d) => s + (d.online && Number.isFinite(d.classHours) ? d.classHours : 0), 0);
  const percent = total > 0 ? Math.round((online * 1000) / total) / 10 : 0;
  return { online, total, percent, over: online * 100 > cap * total };
}

/** A time of a step in the page's language. */
export function when(iso) {
  try {
    return new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  } catch { return iso; }
}

/** The history of an application: state, who, when, the regulator's reason. */
export function stepsList(steps) {
  return (steps || []).map((s) => el('li', { 'data-state': s.state },
    el('span', { class: 'cls-step-state' }, t(`cls.step.${s.state}`)), ' · ', s.by, ' · ', when(s.at),
    s.reason ? el('div', { class: 'cls-step-reason' }, t('cls.step.reason', { reason: s.reason })) : null));
}

/** The regulator's reason of the last return, or null. */
export function lastReturnReason(steps) {
  const r = [...(steps || [])].reverse().find((s) => s.state === 'returned');
  return r ? r.reason || '' : null;
}

/** A roster (masked) as table rows: line, name, ID number, phone, gender. */
export function rosterRows(entries) {
  return entries.map((e) => el('tr', { 'data-line': String(e.line) },
    el('td', {}, String(e.line)), el('td', {}, e.name), el('td', { class: 'cls-mono' }, e.idNumber),
    el('td', { class: 'cls-mono' }, e.phone), el('td', {}, e.gender === '男' ? t('cls.male') : t('cls.female')),
    el('td', { class: 'cls-mono', 'data-col': 'userId' }, e.userId || '—'))); // issue H roster: the platform user id
}
