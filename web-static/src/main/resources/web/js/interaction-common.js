// Shared bits of the live-interaction UI (chat, danmaku, likes, Q&A, exercises, hands, breakouts).

/** Errors that mean "the connection went away": the page's connection state already says so. */
export function isConnectionError(e) {
  return !!e && ['CONNECTION_CLOSED', 'NOT_CONNECTED'].includes(e.error);
}

/**
 * The server's clock as seen from this page: offset = serverTime - local time when a message
 * carrying `serverTime` arrived. Countdowns use now() so a page whose clock is wrong still
 * counts down to the server's deadline.
 */
export class ServerClock {
  constructor() { this.offsetMs = 0; this.known = false; }
  /** `serverTimeIso` was the server's clock when the message was made; it arrived just now. */
  sync(serverTimeIso) {
    const s = Date.parse(serverTimeIso);
    if (Number.isNaN(s)) return;
    this.offsetMs = s - Date.now();
    this.known = true;
  }
  now() { return Date.now() + this.offsetMs; }
  /** Whole seconds left until `iso` by the server's clock (never negative; 0 = reached). */
  secondsUntil(iso) {
    const d = Date.parse(iso);
    if (Number.isNaN(d)) return 0;
    return Math.max(0, Math.ceil((d - this.now()) / 1000));
  }
}

/** One clock per page. */
export const serverClock = new ServerClock();

export function mmss(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function hhmm(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A = 0, B = 1, … */
export function optionLetter(i) { return String.fromCharCode(65 + i); }

export function percent(rate) {
  if (rate === null || rate === undefined || Number.isNaN(Number(rate))) return '—';
  return `${Math.round(Number(rate) * 1000) / 10}%`;
}

/** Display name of a user id from the page's participant list (falls back to the id). */
export function nameOf(ctx, userId) {
  for (const p of ctx.participants.values()) if (p.userId === userId) return p.displayName || userId;
  return userId;
}

export function whoAmI(ctx) { return ctx.you || ctx.me || null; }

/** Show a protocol error in the page's banner, unless it is only the connection going away. */
export function report(banner, slot, e, extra) {
  if (isConnectionError(e)) return;
  banner.fromError(slot, e, extra);
}

/** Hooks the interaction modules register on: called by the page after each join and render. */
export function interactionHub(ctx) {
  const hub = {
    onJoined: [], onRender: [],
    joined() { for (const f of hub.onJoined) { try { f(); } catch (e) { console.error(e); } } },
    render() { for (const f of hub.onRender) { try { f(); } catch (e) { console.error(e); } } },
  };
  ctx.interaction = hub;
  return hub;
}
