// Learning trace from the page (docs/protocol.md, "Learning trace"): an outbox of events kept in
// sessionStorage until the server acknowledges them by id in `trace.append.ok.acked`.
//
//   const outbox = new TraceOutbox(client, { storageKey: 'classroom.trace.demo-class.t01' });
//   outbox.add('focus.hidden', {});   // queued, persisted, sent soon
//   outbox.setJoined(true);           // after class.join.ok: sends everything unacknowledged
//   outbox.setJoined(false);          // connection lost: keeps everything, resends after the next join
//
// Ids are "<random page id>-<counter>" and never change once given, so a resend after a reconnect
// is dropped as a duplicate by the server and acknowledged again.

export const TRACE_BATCH_MAX = 100;       // protocol limit per trace.append
const STORE_MAX = 5000;                   // events kept at most (the oldest heartbeats go first)
const SEND_DELAY_MS = 300;                // coalesce bursts (blur + hidden) into one request
const RETRY_BASE_MS = 2000;
const RETRY_MAX_MS = 30000;
const FOCUS_KEY = 'classroom.trace.focus';
// The server takes hiddenMs / blurredMs of at most a week (docs/protocol.md, "Field types and ranges").
const MAX_AWAY_MS = 7 * 24 * 3600 * 1000;
const awayMs = (since) => Math.min(MAX_AWAY_MS, Math.max(0, Math.round(Date.now() - since)));

function randomId(n = 6) {
  const a = new Uint8Array(n);
  (globalThis.crypto || window.crypto).getRandomValues(a);
  return [...a].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
}

export class TraceOutbox extends EventTarget {
  /**
   * @param {import('./classroom-client.js').ClassroomClient} client
   * @param {{storageKey?: string}} [opts]
   */
  constructor(client, { storageKey = null } = {}) {
    super();
    this.client = client;
    this.pageId = `pg${randomId()}`;
    this.counter = 0;
    this.events = [];              // [{id, kind, clientTime, data}] in the order they happened
    this.storageKey = null;
    this.joined = false;
    this.inFlight = null;          // Set of ids in the current request
    this.ackedCount = 0;
    this.rejectedCount = 0;
    this._timer = null;
    this._retryAttempts = 0;
    if (storageKey) this.bind(storageKey);
  }

  /** Attach to a sessionStorage key (per class and user); merges events kept there by an earlier page. */
  bind(storageKey) {
    if (this.storageKey === storageKey) return;
    this.storageKey = storageKey;
    let kept = [];
    try {
      const raw = sessionStorage.getItem(storageKey);
      const parsed = raw ? JSON.parse(raw) : null;
      if (parsed && Array.isArray(parsed.events)) kept = parsed.events.filter((e) => e && typeof e.id === 'string' && typeof e.kind === 'string');
    } catch { /* unreadable: start empty */ }
    const known = new Set(kept.map((e) => e.id));
    // Earlier events (from a previous load of this tab) come first.
    this.events = [...kept, ...this.events.filter((e) => !known.has(e.id))];
    this._persist();
    this._emitChange();
  }

  /** Queue an event; returns it. `data` values: short strings, whole numbers, booleans (≤16 fields). */
  add(kind, data = {}) {
    const ev = { id: `${this.pageId}-${++this.counter}`, kind, clientTime: new Date().toISOString(), data: { ...data } };
    this.events.push(ev);
    if (this.events.length > STORE_MAX) this._trim();
    this._persist();
    this._emitChange();
    this._schedule(SEND_DELAY_MS);
    return ev;
  }

  pending() { return this.events.length; }
  acked() { return this.ackedCount; }

  /** The page joined the class (true) or lost its connection (false). */
  setJoined(joined) {
    this.joined = joined;
    if (!joined) {
      // The reply to an in-flight request will never come: those events are simply sent again.
      this.inFlight = null;
      clearTimeout(this._timer);
      this._timer = null;
      return;
    }
    this._retryAttempts = 0;
    this._schedule(0);
  }

  /** Send now (for tests and before the page goes away). */
  flush() { this._schedule(0); }

  _trim() {
    // Drop the oldest heartbeats and audio samples first; focus events are what matter.
    let excess = this.events.length - STORE_MAX;
    const cheap = new Set(['presence.heartbeat', 'proctor.audio']);
    this.events = this.events.filter((e) => {
      if (excess > 0 && cheap.has(e.kind) && !(this.inFlight && this.inFlight.has(e.id))) { excess -= 1; return false; }
      return true;
    });
    if (excess > 0) this.events.splice(0, excess);
  }

  _persist() {
    if (!this.storageKey) return;
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify({ v: 1, events: this.events }));
    } catch { /* quota or storage disabled: the events stay in memory */ }
  }

  _emitChange() {
    this.dispatchEvent(new CustomEvent('change', { detail: { pending: this.events.length, acked: this.ackedCount } }));
  }

  _schedule(delay) {
    if (this._timer) {
      if (delay > 0) return;          // already coming
      clearTimeout(this._timer);
    }
    this._timer = setTimeout(() => { this._timer = null; this._send(); }, delay);
  }

  async _send() {
    if (!this.joined || !this.client.isOpen || this.inFlight) return;
    const batch = this.events.slice(0, TRACE_BATCH_MAX);
    if (batch.length === 0) return;
    await this._sendBatch(batch);
  }

  async _sendBatch(batch) {
    const ids = new Set(batch.map((e) => e.id));
    this.inFlight = ids;
    let ok;
    try {
      ok = await this.client.request('trace.append', {
        events: batch.map(({ id, kind, clientTime, data }) => ({ id, kind, clientTime, data })),
      });
    } catch (e) {
      if (this.inFlight !== ids) return;   // connection dropped meanwhile; resent after the next join
      this.inFlight = null;
      if (e.code === 103) { this._isolateInvalid(batch, e); return; }
      if (e.code === 104 || e.error === 'CONNECTION_CLOSED' || e.error === 'NOT_CONNECTED') return;
      // 500 (not stored), 106 (slow down), timeouts: try again later, same ids.
      this._retryAttempts += 1;
      this._schedule(Math.min(RETRY_BASE_MS * 2 ** (this._retryAttempts - 1), RETRY_MAX_MS));
      this.dispatchEvent(new CustomEvent('error', { detail: { error: e } }));
      return;
    }
    if (this.inFlight === ids) this.inFlight = null;
    this._retryAttempts = 0;
    this._ack(Array.isArray(ok.acked) ? ok.acked : []);
    if (this.events.length > 0) this._schedule(0);
  }

  _ack(acked) {
    const set = new Set(acked);
    const before = this.events.length;
    this.events = this.events.filter((e) => !set.has(e.id));
    this.ackedCount += before - this.events.length;
    this._persist();
    this._emitChange();
  }

  /** A batch was refused as invalid (103): find the bad event by halving; drop only that one. */
  async _isolateInvalid(batch, error) {
    if (batch.length === 1) {
      const bad = batch[0];
      console.warn('trace event refused by the server, dropped', bad, error.message);
      this.events = this.events.filter((e) => e.id !== bad.id);
      this.rejectedCount += 1;
      this._persist();
      this._emitChange();
      this._schedule(0);
      return;
    }
    const half = Math.ceil(batch.length / 2);
    await this._sendBatch(batch.slice(0, half));
  }
}

/**
 * Report focus and visibility (`focus.*`) and heartbeats to `outbox`. Reads the document's state
 * when the event fires (tests override document.visibilityState and dispatch visibilitychange).
 * @returns {{stop(): void, heartbeatNow(): void}}
 */
export function trackFocus(outbox, { heartbeatMs = 30000, shouldHeartbeat = () => true } = {}) {
  const isHidden = () => document.visibilityState === 'hidden' || document.hidden === true;
  const hasFocus = () => typeof document.hasFocus !== 'function' || document.hasFocus();
  let hidden = isHidden();
  let hiddenSince = hidden ? Date.now() : null;
  let blurred = false;
  let blurredSince = null;
  let fullscreen = !!document.fullscreenElement;
  // What an earlier load of this tab last reported: a reload while away must still end the
  // away time on the server, which keeps the trainee away until a visible / focus event.
  let before = null;
  try { before = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || 'null'); } catch { /* none */ }
  const save = () => {
    try {
      sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ hidden, hiddenSince, blurred, blurredSince }));
    } catch { /* ignore */ }
  };

  const onVisibility = () => {
    const nowHidden = isHidden();
    if (nowHidden === hidden) return;
    hidden = nowHidden;
    if (nowHidden) {
      hiddenSince = Date.now();
      outbox.add('focus.hidden', {});
      save();
    } else {
      const data = {};
      if (hiddenSince !== null) data.hiddenMs = awayMs(hiddenSince);
      hiddenSince = null;
      outbox.add('focus.visible', data);
      save();
    }
  };
  const onBlur = (ev) => {
    if (ev && ev.target && ev.target !== window && ev.target !== document) return; // an element lost focus
    if (blurred) return;
    blurred = true;
    blurredSince = Date.now();
    outbox.add('focus.blur', {});
    save();
  };
  const onFocus = (ev) => {
    if (ev && ev.target && ev.target !== window && ev.target !== document) return;
    if (!blurred) return;
    blurred = false;
    const data = {};
    if (blurredSince !== null) data.blurredMs = awayMs(blurredSince);
    blurredSince = null;
    outbox.add('focus.focus', data);
    save();
  };
  const onFullscreen = () => {
    const now = !!document.fullscreenElement;
    if (fullscreen && !now) outbox.add('focus.fullscreen-exit', {});
    fullscreen = now;
  };
  const heartbeatNow = () => {
    if (shouldHeartbeat()) outbox.add('presence.heartbeat', { visible: !isHidden() });
  };

  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('visibilitychange', onVisibility);   // some tests dispatch it on window
  window.addEventListener('blur', onBlur);
  window.addEventListener('focus', onFocus);
  document.addEventListener('fullscreenchange', onFullscreen);
  document.addEventListener('webkitfullscreenchange', onFullscreen);
  const timer = setInterval(heartbeatNow, heartbeatMs);
  if (before && before.hidden && !hidden) {
    const data = { atLoad: true };
    if (typeof before.hiddenSince === 'number') data.hiddenMs = awayMs(before.hiddenSince);
    outbox.add('focus.visible', data);
  } else if (before && before.hidden && hidden) {
    hiddenSince = typeof before.hiddenSince === 'number' ? before.hiddenSince : hiddenSince;
  } else if (hidden) {
    // A page opened in a background tab starts hidden: say so, the server assumes visible.
    outbox.add('focus.hidden', { atLoad: true });
  }
  if (before && before.blurred) {
    if (hasFocus()) {
      const data = { atLoad: true };
      if (typeof before.blurredSince === 'number') data.blurredMs = awayMs(before.blurredSince);
      outbox.add('focus.focus', data);
    } else {
      blurred = true;
      blurredSince = typeof before.blurredSince === 'number' ? before.blurredSince : Date.now();
    }
  }
  save();

  return {
    heartbeatNow,
    stop() {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('fullscreenchange', onFullscreen);
      document.removeEventListener('webkitfullscreenchange', onFullscreen);
    },
  };
}

/**
 * Microphone level of a MediaStream, 0–100, from an AnalyserNode. `sample()` returns the loudest
 * level seen since the previous call (sampled every 250 ms), or null when it cannot be measured.
 */
export class MicMeter {
  constructor(stream) {
    this.stream = stream;
    this.peak = 0;
    this.ctx = null;
    this.analyser = null;
    this._timer = null;
    const track = stream.getAudioTracks()[0];
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!track || !AC) return;
    try {
      this.ctx = new AC();
      const src = this.ctx.createMediaStreamSource(new MediaStream([track]));
      this.analyser = this.ctx.createAnalyser();
      this.analyser.fftSize = 1024;
      src.connect(this.analyser);
      this.buf = new Float32Array(this.analyser.fftSize);
      this._timer = setInterval(() => this._tick(), 250);
    } catch (e) {
      console.warn('microphone level unavailable', e);
      this.ctx = null;
      this.analyser = null;
    }
  }

  /** Autoplay rules may start the AudioContext suspended; call from a user gesture. */
  resume() { if (this.ctx && this.ctx.state === 'suspended') this.ctx.resume().catch(() => {}); }

  get measuring() { return !!(this.analyser && this.ctx && this.ctx.state === 'running'); }

  _tick() {
    if (!this.measuring) return;
    this.analyser.getFloatTimeDomainData(this.buf);
    let sum = 0;
    for (let i = 0; i < this.buf.length; i += 1) sum += this.buf[i] * this.buf[i];
    const rms = Math.sqrt(sum / this.buf.length);
    // -60 dBFS (quiet room) .. 0 dBFS -> 0 .. 100
    const db = rms > 0 ? 20 * Math.log10(rms) : -100;
    const level = Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
    if (level > this.peak) this.peak = level;
  }

  sample() {
    if (!this.measuring) return null;
    const p = this.peak;
    this.peak = 0;
    return p;
  }

  close() {
    clearInterval(this._timer);
    if (this.ctx) this.ctx.close().catch(() => {});
    this.ctx = null;
    this.analyser = null;
  }
}
