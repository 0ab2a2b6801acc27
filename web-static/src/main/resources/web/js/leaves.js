// Leave requests (请假, docs/protocol.md "Attendance"): a list kept from leave.list / .ok replies /
// leave.changed, rendered for the trainee (own requests) or the lecturer (approve / reject).

import { t } from './i18n.js';
import { el } from './classroom-page.js';

const STATE_ORDER = { pending: 0, approved: 1, rejected: 2 };

export class LeaveList {
  constructor() { this.byId = new Map(); }

  /** Replace everything (leave.list.ok). */
  reset(leaves) {
    this.byId.clear();
    for (const l of leaves || []) this.upsert(l);
  }

  /** Add or update one (leave.request.ok, leave.decide.ok, leave.changed). */
  upsert(leave) {
    if (!leave || typeof leave.leaveId !== 'string') return;
    this.byId.set(leave.leaveId, { ...(this.byId.get(leave.leaveId) || {}), ...leave });
  }

  /** Pending first, then newest first. */
  sorted() {
    return [...this.byId.values()].sort((a, b) =>
      (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) ||
      String(b.requestedAt || '').localeCompare(String(a.requestedAt || '')) ||
      String(a.leaveId).localeCompare(String(b.leaveId)));
  }

  counts() {
    const c = { pending: 0, approved: 0, rejected: 0 };
    for (const l of this.byId.values()) if (c[l.state] !== undefined) c[l.state] += 1;
    return c;
  }
}

function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * One <li data-leave-id data-state>.
 * @param {object} leave
 * @param {{lecturer?: boolean, busy?: boolean, onDecide?: (leave, approved, note) => void}} [opts]
 */
export function leaveItem(leave, { lecturer = false, busy = false, onDecide } = {}) {
  const state = leave.state || 'pending';
  const li = el('li', { class: `leave leave-${state}`, 'data-leave-id': leave.leaveId, 'data-state': state,
    'data-user-id': leave.userId });
  const head = el('div', { class: 'leave-head' });
  if (lecturer) head.append(el('strong', { class: 'leave-who' }, leave.displayName || leave.userId || ''));
  head.append(
    el('span', { class: 'leave-date' }, leave.forDate || ''),
    el('span', { class: 'leave-hours' }, t('leave.hoursN', { n: leave.hours })),
    el('span', { class: `leave-badge leave-badge-${state}` }, t(`leave.state.${state}`)));
  li.append(head);
  li.append(el('div', { class: 'leave-reason' }, leave.reason || ''));
  const meta = [];
  if (leave.requestedAt) meta.push(t('leave.requestedAt', { time: fmtTime(leave.requestedAt) }));
  if (leave.decidedAt) meta.push(t('leave.decidedAt', { time: fmtTime(leave.decidedAt), by: leave.decidedBy || '' }));
  if (meta.length) li.append(el('div', { class: 'leave-meta' }, meta.join(' · ')));
  if (leave.note) li.append(el('div', { class: 'leave-note' }, `${t('leave.note')}：${leave.note}`));
  if (lecturer && state === 'pending' && onDecide) {
    const noteId = `leave-note-${leave.leaveId}`;
    const note = el('input', { type: 'text', id: noteId, class: 'leave-note-input', 'data-field': 'note', maxlength: '500',
      placeholder: t('leave.notePlaceholder'), 'aria-label': t('leave.noteLabel', { name: leave.displayName || leave.userId || '' }) });
    const name = leave.displayName || leave.userId || '';
    const approve = el('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-action': 'approve',
      'aria-label': t('leave.approveLabel', { name, date: leave.forDate || '' }),
      onclick: () => onDecide(leave, true, note.value.trim()) }, t('leave.approve'));
    const reject = el('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'reject',
      'aria-label': t('leave.rejectLabel', { name, date: leave.forDate || '' }),
      onclick: () => onDecide(leave, false, note.value.trim()) }, t('leave.reject'));
    if (busy) { approve.disabled = true; reject.disabled = true; }
    li.append(el('div', { class: 'leave-actions' }, note, approve, reject));
  }
  return li;
}
