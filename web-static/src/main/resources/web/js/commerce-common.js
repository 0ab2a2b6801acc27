// The practice live room (模拟直播电商, issue I; docs/protocol.md "Practice live room"): what the
// lecturer page and the trainee page share. Money is whole fen on the wire (3990 = ¥39.90).
//   yuan(fen) -> '¥39.90'; parseYuan('39.9') -> 3990 (null when not a price)
//   new CommerceRoomState(client)   the room as the server last told it; .listen(fn) on change
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
 * The room: {roomId, title, openedAt, hostId, hostName, products: Map, pinnedId, flash} or null,
 * and the last figures (`stats`) and the last closed room's figures (`closedStats`).
 */
export class CommerceRoomState {
  constructor(client) {
    this.room = null;
    this.stats = null;
    this.closed = null;           // {roomId, reason, stats} of the room that closed last
    this.listeners = [];
    const on = (type, fn) => client.on(type, (m) => { fn(m); this.changed(type, m); });
    on('commerce.room.state', (m) => this.setRoom(m.room));
    on('commerce.product.changed', (m) => { if (this.room && m.product) this.room.products.set(m.product.productId, m.product); });
    on('commerce.product.removed', (m) => {
      if (!this.room) return;
      this.room.products.delete(m.productId);
      if (this.room.pinnedId === m.productId) this.room.pinnedId = null;
    });
    on('commerce.product.pinned', (m) => {
      if (!this.room) return;
      if (m.product) this.room.products.set(m.product.productId, m.product);
      this.room.pinnedId = m.product ? m.product.productId : null;
    });
    on('commerce.flash.started', (m) => {
      // Made when the sale started: its startedAt is the server's clock now.
      if (m.flash?.startedAt) serverClock.sync(m.flash.startedAt);
      if (this.room) this.room.flash = m.flash || null;
    });
    on('commerce.flash.ended', (m) => {
      if (this.room && (!this.room.flash || this.room.flash.productId === m.productId)) this.room.flash = null;
    });
    on('commerce.stats', (m) => { this.stats = m.stats || null; });
    on('commerce.room.closed', (m) => {
      this.closed = { roomId: m.roomId, reason: m.reason, stats: m.stats || null };
      this.room = null;
      this.stats = null;
    });
    on('session.ended', () => { this.room = null; this.stats = null; });
  }

  setRoom(room) {
    if (!room) { this.room = null; return; }
    const products = new Map();
    for (const p of room.products || []) products.set(p.productId, p);
    if (this.room?.roomId !== room.roomId) { this.stats = null; this.closed = null; }
    this.room = { ...room, products };
  }

  /** After a (re)join: the server sends the room right after class.join.ok if one is open. */
  reset() { this.room = null; this.stats = null; this.changed('reset', null); }

  listen(fn) { this.listeners.push(fn); }

  changed(type, m) { for (const f of this.listeners) { try { f(type, m); } catch (e) { console.error(e); } } }

  pinned() { return this.room?.pinnedId ? this.room.products.get(this.room.pinnedId) || null : null; }

  /** The running flash sale of `productId` by the server's clock, or null. */
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
