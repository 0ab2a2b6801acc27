// Issue I (i-record): a trainee's practice live-room sessions (模拟直播电商) as a table, for the scoring
// lecturer beside the practical-results record. Source: GET /api/classes/{id}/practice/live-room
// (docs/protocol.md, "Result assessment"): figures as the trace holds them, money in fen,
// conversion in permille. Keys: cmr.*
import { el, t, errorText } from './asmt-staff.js';

const yuan = (fen) => t('cmr.yuan', { v: (Number(fen || 0) / 100).toFixed(2) });
const percent = (permille) => `${(Number(permille || 0) / 10).toFixed(1)}%`;
const pad = (n) => String(n).padStart(2, '0');

function duration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  return t('cmr.duration', { m: Math.floor(s / 60), s: pad(s % 60) });
}

function when(started, ended) {
  const a = new Date(started);
  const b = new Date(ended);
  const day = `${a.getFullYear()}-${pad(a.getMonth() + 1)}-${pad(a.getDate())}`;
  return `${day} ${pad(a.getHours())}:${pad(a.getMinutes())}–${pad(b.getHours())}:${pad(b.getMinutes())}`;
}

const COLUMNS = [
  ['n', 'cmr.col.n'], ['when', 'cmr.col.when'], ['seconds', 'cmr.col.seconds'], ['viewers', 'cmr.col.viewers'],
  ['likes', 'cmr.col.likes'], ['orders', 'cmr.col.orders'], ['units', 'cmr.col.units'],
  ['turnover', 'cmr.col.turnover'], ['buyers', 'cmr.col.buyers'], ['conversion', 'cmr.col.conversion'],
  ['products', 'cmr.col.products'],
];

/** The section: a heading, then the table (or a note when the trainee never hosted; the error's page text if unread). */
export function liveRoomSection(record, error) {
  const box = el('section', { class: 'asmt-sub cmr-record', 'data-testid': 'cmr-record' },
    el('h3', { id: 'cmr-title' }, t('cmr.title')), el('p', { class: 'hint' }, t('cmr.hint')));
  if (error) {
    box.append(el('p', { class: 'asmt-msg', 'data-kind': 'error', 'data-code': String(error.code ?? ''), role: 'alert' },
      `${error.code != null ? `${t('err.codeLabel')} ${error.code}：` : ''}${errorText(error)}`));
    return box;
  }
  if (!record || !record.sessions.length) {
    box.append(el('p', { class: 'muted', 'data-testid': 'cmr-none' }, t('cmr.none')));
    return box;
  }
  const rows = record.sessions.map((s, i) => el('tr', { 'data-room': s.roomId, 'data-lesson': s.lessonId },
    el('td', { 'data-col': 'n' }, t('cmr.nth', { n: i + 1 }),
      s.groupName ? el('span', { class: 'muted', 'data-field': 'group' }, ` · ${s.groupName}`) : null),
    el('td', { 'data-col': 'when' }, when(s.startedAt, s.endedAt)),
    el('td', { 'data-col': 'seconds' }, duration(s.seconds)),
    el('td', { 'data-col': 'viewers' }, String(s.viewers)),
    el('td', { 'data-col': 'likes' }, String(s.likes)),
    el('td', { 'data-col': 'orders' }, String(s.orders)),
    el('td', { 'data-col': 'units' }, String(s.units)),
    el('td', { 'data-col': 'turnover' }, yuan(s.turnoverFen)),
    el('td', { 'data-col': 'buyers' }, String(s.buyers)),
    el('td', { 'data-col': 'conversion' }, percent(s.conversionPermille)),
    el('td', { 'data-col': 'products' }, String(s.products))));
  const tot = record.total;
  const foot = el('tr', { 'data-total': '' },
    el('td', { colspan: '2' }, t('cmr.total', { n: tot.sessions })),
    el('td', { 'data-col': 'seconds' }, duration(tot.seconds)), el('td', {}, ''),
    el('td', { 'data-col': 'likes' }, String(tot.likes)), el('td', { 'data-col': 'orders' }, String(tot.orders)),
    el('td', { 'data-col': 'units' }, String(tot.units)), el('td', { 'data-col': 'turnover' }, yuan(tot.turnoverFen)),
    el('td', {}, ''), el('td', {}, ''), el('td', {}, ''));
  box.append(el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'cmr-title' },
    el('table', { class: 'table cmr-table', 'data-testid': 'cmr-table' },
      el('thead', {}, el('tr', {}, ...COLUMNS.map(([col, key]) => el('th', { scope: 'col', 'data-col': col }, t(key))))),
      el('tbody', {}, ...rows), el('tfoot', {}, foot))));
  return box;
}
