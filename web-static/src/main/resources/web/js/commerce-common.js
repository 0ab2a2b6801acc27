// The practice live room (模拟直播电商, issue I; docs/protocol.md "Practice live room"): what the
// lecturer page and the trainee page share. Money is whole fen on the wire (3990 = ¥39.90).
//   yuan(fen) -> '¥39.90'; parseYuan('39.9') -> 3990 (null when not a price)
//   new CommerceRoomState(client)   the rooms as the server last told them; .room the one shown; .listen(fn)
//   orderErrorText(e, product)      the page's words for a refused order (295: how many are left)
import { t } from './i18n.js';
import { errorText } from './classroom-page.js';
import { serverClock } from './interaction-common.js';

export function yuan(fen) {
  const n = Number(fen);
  if (!Number.isFinite(n)) return '—';
  const neg = n < 0 ? '-' : '';
  const a = Math.abs(Math.round(n));
  return `${neg}¥${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** '39.9', '¥39.90', '40' -> fen as a whole number; null when the text is not a price. */
export function parseYuan(text) {
  const s = String(text ?? '').trim().replace(/^[¥￥]\s*/, '');
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '0').padEnd(2, '0'));
}

/** Fen as the number a price field shows ('39.90'). */
export function yuanInput(fen) { return yuan(fen).replace('¥', ''); }

export function percentOf(rate) {
  const r = Number(rate);
  if (!Number.isFinite(r)) return '—';
  return `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

/**
 * The rooms this page is told of, by roomId: a trainee's page one (the whole lesson's, or their
 * breakout group's); a lecturer's one per group during a breakout. Each room is {roomId, title,
 * openedAt, hostId, hostName, products: Map, pinnedId, flash, groupId, groupName}. `room` is the
 * one the page shows (`select(roomId)`; else the first), `stats` its last figures, `closed` the
 * last closed room's {roomId, reason, stats}.
 */
export class CommerceRoomState {
  constructor(client) {
    this.rooms = new Map();
    this.statsByRoom = new Map();
    this.selectedId = null;
    this.closed = null;
    this.listeners = [];
    const on = (type, fn) => client.on(type, (m) => { fn(m); this.changed(type, m); });
    on('commerce.room.state', (m) => this.setRoom(m.room));
    on('commerce.product.changed', (m) => { const r = this.roomFor(m); if (r && m.product) r.products.set(m.product.productId, m.product); });
    on('commerce.product.removed', (m) => {
      const r = this.roomFor(m);
      if (!r) return;
      r.products.delete(m.productId);
      if (r.pinnedId === m.productId) r.pinnedId = null;
    });
    on('commerce.product.pinned', (m) => {
      const r = this.roomFor(m);
      if (!r) return;
      if (m.product) r.products.set(m.product.productId, m.product);
      r.pinnedId = m.product ? m.product.productId : null;
    });
    on('commerce.flash.started', (m) => {
      // Made when the sale started: its startedAt is the server's clock now.
      if (m.flash?.startedAt) serverClock.sync(m.flash.startedAt);
      const r = this.roomFor(m);
      if (r) r.flash = m.flash || null;
    });
    on('commerce.flash.ended', (m) => {
      const r = this.roomFor(m);
      if (r && (!r.flash || r.flash.productId === m.productId)) r.flash = null;
    });
    on('commerce.stats', (m) => { if (m.stats?.roomId) this.statsByRoom.set(m.stats.roomId, m.stats); });
    on('commerce.room.closed', (m) => {
      this.closed = { roomId: m.roomId, reason: m.reason, stats: m.stats || null, groupName: this.rooms.get(m.roomId)?.groupName || null };
      this.remove(m.roomId);
    });
    on('commerce.room.left', (m) => this.remove(m.roomId));
    on('session.ended', () => { this.rooms.clear(); this.statsByRoom.clear(); this.selectedId = null; });
  }

  /** The room an event is for: the one it names, else (an older server) the one shown. */
  roomFor(m) { return m.roomId ? this.rooms.get(m.roomId) || null : this.room; }

  setRoom(room) {
    if (!room) return;
    const products = new Map();
    for (const p of room.products || []) products.set(p.productId, p);
    if (!this.rooms.has(room.roomId)) this.closed = null;
    this.rooms.set(room.roomId, { ...room, products });
  }

  remove(roomId) {
    this.rooms.delete(roomId);
    this.statsByRoom.delete(roomId);
    if (this.selectedId === roomId) this.selectedId = null;
  }

  /** The room the page shows: the selected one, else the first open. */
  get room() { return this.rooms.get(this.selectedId) || this.rooms.values().next().value || null; }

  /** The last figures of the room shown. */
  get stats() { const r = this.room; return r ? this.statsByRoom.get(r.roomId) || null : null; }

  select(roomId) { this.selectedId = roomId; this.changed('select', null); }

  /** After a (re)join: the server sends the rooms right after class.join.ok if any are open. */
  reset() { this.rooms.clear(); this.statsByRoom.clear(); this.changed('reset', null); }

  listen(fn) { this.listeners.push(fn); }

  changed(type, m) { for (const f of this.listeners) { try { f(type, m); } catch (e) { console.error(e); } } }

  pinned() { const r = this.room; return r?.pinnedId ? r.products.get(r.pinnedId) || null : null; }

  /** The running flash sale of `productId` in the room shown, by the server's clock, or null. */
  flashOf(productId) {
    const f = this.room?.flash;
    if (!f || f.productId !== productId) return null;
    return serverClock.secondsUntil(f.endsAt) > 0 ? f : null;
  }
}

/**
 * How many are left after a 295: the server's message names it ("… is sold out (已售罄)", "only 3 left
 * of …"; the refusal may come before the stock change of the order that won); else the stock as last told.
 */
export function stockLeftOf(e, product) {
  const msg = String(e?.message || '');
  if (/sold out/.test(msg)) return 0;
  const m = /only (\d+) left/.exec(msg);
  if (m) return Number(m[1]);
  return product ? Number(product.stock) : NaN;
}

/** The page's words for a refused order; 295 says how many are left. */
export function orderErrorText(e, product) {
  if (e?.code === 295) {
    const left = stockLeftOf(e, product);
    if (left === 0) return t('cm.err.soldOut');
    if (left > 0) return t('cm.err.fewLeft', { n: left });
  }
  return errorText(e);
}
