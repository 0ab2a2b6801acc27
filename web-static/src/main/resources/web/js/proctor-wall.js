// The lecturers' proctoring wall (docs/protocol.md, "Proctoring"): one tile per trainee from
// `proctor.state`, with the trainee's live `proctor` camera, and a roll-call button.

import { t, onLangChange } from './i18n.js';
import { el } from './classroom-page.js';

const FACE = new Set(['face', 'no-face', 'many-faces', 'no-video']);

function fmtDuration(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return t('time.hms', { h, m, s: sec });
  if (m > 0) return t('time.ms', { m, s: sec });
  return t('time.s', { s: sec });
}

function hhmm(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export class ProctorWall {
  /**
   * @param {{wall: HTMLElement, summary: HTMLElement, empty: HTMLElement}} nodes
   * @param {{onRollCall: (userId: string) => Promise<void>}} actions
   */
  constructor(nodes, { onRollCall }) {
    this.nodes = nodes;
    this.onRollCall = onRollCall;
    this.trainees = new Map();     // userId -> view from proctor.state (+ receivedAt)
    this.order = [];               // userIds in the server's order
    this.tiles = new Map();        // userId -> {tile, parts...}
    this.streams = new Map();      // streamId -> {userId, displayName, mediaStream, state}
    this.videoOf = new Map();      // userId -> streamId
    this.busy = new Set();         // userIds with a roll call on its way
    this.listening = new Set();    // userIds whose microphone the lecturer listens to
    this.enabled = true;
    this.received = false;
    onLangChange(() => this.renderAll());
    this._ticker = setInterval(() => this._tick(), 1000);
    this.renderAll();
  }

  /** A `proctor.state` event. */
  setState(msg) {
    const now = Date.now();
    this.received = true;
    const next = new Map();
    this.order = [];
    for (const v of msg.trainees || []) {
      if (!v || typeof v.userId !== 'string') continue;
      next.set(v.userId, { ...v, receivedAt: now });
      this.order.push(v.userId);
    }
    this.trainees = next;
    this.renderAll();
  }

  /** Actions are possible (connected and joined as a lecturer). */
  setEnabled(enabled) {
    this.enabled = enabled;
    for (const userId of this.tiles.keys()) this._renderActions(userId);
  }

  // ----- proctor streams

  addStream(info) {
    this.streams.set(info.streamId, { userId: info.userId, displayName: info.displayName, mediaStream: info.mediaStream,
      participantId: info.participantId, state: 'connecting' });
    this.videoOf.set(info.userId, info.streamId);
    this.renderAll();
  }

  removeStream(streamId) {
    const s = this.streams.get(streamId);
    if (!s) return;
    this.streams.delete(streamId);
    if (this.videoOf.get(s.userId) === streamId) this.videoOf.delete(s.userId);
    const e = this.tiles.get(s.userId);
    if (e && e.video && e.video.dataset.streamId === streamId) {
      e.video.srcObject = null;
      e.video.remove();
      e.video = null;
    }
    this.renderAll();
  }

  streamState(streamId, state) {
    const s = this.streams.get(streamId);
    if (!s) return;
    s.state = state;
    const e = this.tiles.get(s.userId);
    if (e && e.video) e.video.dataset.mediaState = state;
  }

  // ----- rendering

  _userIds() {
    const ids = [...this.order];
    // A camera may arrive before the trainee shows up in proctor.state.
    for (const s of this.streams.values()) if (!ids.includes(s.userId)) ids.push(s.userId);
    return ids;
  }

  _view(userId) {
    const v = this.trainees.get(userId);
    if (v) return v;
    const streamId = this.videoOf.get(userId);
    const s = streamId ? this.streams.get(streamId) : null;
    return { userId, displayName: s?.displayName || userId, present: true, hidden: false, tabSwitches: 0,
      hiddenSeconds: 0, consent: 'unknown', signedIn: false, receivedAt: Date.now(), partial: true };
  }

  _createTile(userId) {
    const name = el('strong', { class: 'pt-name' });
    const presence = el('span', { class: 'pt-presence' });
    const media = el('div', { class: 'pt-media' });
    const noVideo = el('div', { class: 'pt-novideo' });
    media.append(noVideo);
    const facts = el('ul', { class: 'pt-facts' });
    const flags = el('div', { class: 'pt-flags' });
    const rollcall = el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'rollcall',
      onclick: () => this._rollCall(userId) });
    const listen = el('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-action': 'listen',
      'aria-pressed': 'false', onclick: () => this._toggleListen(userId) });
    const actions = el('div', { class: 'pt-actions' }, rollcall, listen);
    const tile = el('div', { class: 'proctor-tile', role: 'listitem', 'data-user-id': userId },
      media, el('div', { class: 'pt-head' }, name, presence), flags, facts, actions);
    const e = { tile, name, presence, media, noVideo, facts, flags, rollcall, listen, video: null };
    this.tiles.set(userId, e);
    return e;
  }

  renderAll() {
    const ids = this._userIds();
    const keep = new Set(ids);
    for (const [userId, e] of this.tiles) {
      if (!keep.has(userId)) {
        if (e.video) e.video.srcObject = null;
        e.tile.remove();
        this.tiles.delete(userId);
      }
    }
    for (const userId of ids) {
      const e = this.tiles.get(userId) || this._createTile(userId);
      this._renderTile(userId, e);
    }
    // Put tiles in the server's order (present first) without moving those already in place:
    // moving a <video> pauses it.
    const wall = this.nodes.wall;
    const current = [...wall.children];
    const wanted = ids.map((id) => this.tiles.get(id).tile);
    if (current.length !== wanted.length || current.some((n, i) => n !== wanted[i])) {
      wall.replaceChildren(...wanted);
      for (const e of this.tiles.values()) if (e.video && e.video.paused) e.video.play().catch(() => {});
    }
    this.nodes.empty.hidden = ids.length > 0;
    this.nodes.empty.textContent = t(this.received ? 'wall.empty' : 'wall.waiting');
    this._renderSummary();
  }

  _awaySeconds(v) {
    let s = Number(v.hiddenSeconds) || 0;
    if (v.hidden && v.present) s += Math.floor((Date.now() - v.receivedAt) / 1000);
    return s;
  }

  _renderTile(userId, e) {
    const v = this._view(userId);
    const away = !!(v.present && v.hidden);
    const consent = ['granted', 'declined'].includes(v.consent) ? v.consent : 'unknown';
    const face = FACE.has(v.faceCheck) ? v.faceCheck : 'none';
    const d = e.tile.dataset;
    d.present = String(!!v.present);
    d.reconnecting = String(!!v.reconnecting);
    d.hidden = String(!!v.hidden);
    d.away = String(away);
    d.tabSwitches = String(Number(v.tabSwitches) || 0);
    d.consent = consent;
    d.signedIn = String(!!v.signedIn);
    d.faceCheck = face;
    d.muted = v.muted === true ? 'true' : v.muted === false ? 'false' : 'unknown';
    d.needsRollcall = String(consent === 'declined' && !v.signedIn);
    e.tile.classList.toggle('is-away', away);
    e.tile.classList.toggle('is-absent', !v.present);
    e.tile.classList.toggle('needs-rollcall', consent === 'declined');
    const name = v.displayName || userId;
    e.tile.setAttribute('aria-label', t('wall.tileLabel', { name }));
    e.name.textContent = name;
    const presence = !v.present ? 'absent' : v.reconnecting ? 'reconnecting' : away ? 'away' : 'present';
    e.presence.dataset.state = presence;
    e.presence.textContent = t(`wall.${presence}`);

    // flags
    const flags = [];
    if (away) flags.push(el('span', { class: 'flag flag-away' }, t('wall.flagAway')));
    if (consent === 'declined') flags.push(el('span', { class: 'flag flag-rollcall', title: t('wall.needsRollcallHint') }, t('wall.flagRollcall')));
    if (face === 'no-face' || face === 'many-faces' || face === 'no-video') flags.push(el('span', { class: `flag flag-face flag-${face}` }, t(`face.${face}`)));
    e.flags.replaceChildren(...flags);
    e.flags.hidden = flags.length === 0;

    // facts
    const fact = (k, label, value, extra = {}) => el('li', { class: `pt-fact pt-${k}`, ...extra },
      el('span', { class: 'pt-label' }, label), el('span', { class: 'pt-value' }, value));
    const awayS = this._awaySeconds(v);
    const faceText = face === 'none' ? t('face.none') : `${t(`face.${face}`)}${v.faceCheckAt ? ` · ${hhmm(v.faceCheckAt)}` : ''}`;
    const signText = v.signedIn ? t(v.signInMethod === 'roll-call' ? 'wall.signedRollcall' : 'wall.signedClick') : t('wall.notSigned');
    let micText;
    if (v.muted === true) micText = t('wall.micMuted');
    else if (v.muted === false) micText = t('wall.micOn', { level: v.audioLevel ?? 0 });
    else micText = t('wall.micUnknown');
    const mic = fact('mic', t('wall.mic'), micText);
    if (v.muted === false && typeof v.audioLevel === 'number') {
      mic.append(el('meter', { class: 'pt-level', min: '0', max: '100', value: String(v.audioLevel),
        'aria-label': t('wall.micLevel', { level: v.audioLevel }) }));
    }
    e.facts.replaceChildren(
      fact('switches', t('wall.switches'), t('wall.switchesN', { n: Number(v.tabSwitches) || 0 })),
      fact('awaytime', t('wall.awayTime'), fmtDuration(awayS), { 'data-seconds': String(awayS) }),
      fact('signin', t('wall.signin'), signText),
      fact('consent', t('wall.consent'), t(`wall.consent.${consent}`)),
      fact('face', t('wall.face'), faceText),
      mic);

    // camera
    const streamId = this.videoOf.get(userId);
    const s = streamId ? this.streams.get(streamId) : null;
    if (s && (!e.video || e.video.dataset.streamId !== streamId)) {
      if (e.video) { e.video.srcObject = null; e.video.remove(); }
      const video = el('video', { autoplay: '', playsinline: '', 'data-kind': 'proctor', 'data-user-id': userId,
        'data-stream-id': streamId, 'data-participant-id': s.participantId, 'data-media-state': s.state,
        'aria-label': t('wall.cameraOf', { name }) });
      video.muted = !this.listening.has(userId);
      video.srcObject = s.mediaStream;
      e.media.prepend(video);
      e.video = video;
      video.play().catch(() => {});
    } else if (e.video) {
      e.video.setAttribute('aria-label', t('wall.cameraOf', { name }));
    }
    e.noVideo.hidden = !!e.video;
    e.noVideo.textContent = t(v.present ? 'wall.noCamera' : 'wall.absent');
    this._renderActions(userId);
  }

  _renderActions(userId) {
    const e = this.tiles.get(userId);
    if (!e) return;
    const v = this._view(userId);
    const name = v.displayName || userId;
    const busy = this.busy.has(userId);
    e.rollcall.disabled = !this.enabled || busy || !!v.signedIn || !!v.partial;
    e.rollcall.textContent = t(v.signedIn ? 'wall.rollcallDone' : busy ? 'wall.rollcallBusy' : 'wall.rollcall');
    e.rollcall.setAttribute('aria-label', t('wall.rollcallLabel', { name }));
    const listening = this.listening.has(userId);
    e.listen.hidden = !e.video;
    e.listen.setAttribute('aria-pressed', String(listening));
    e.listen.textContent = t(listening ? 'wall.listenStop' : 'wall.listen');
    e.listen.setAttribute('aria-label', t(listening ? 'wall.listenStopLabel' : 'wall.listenLabel', { name }));
  }

  async _rollCall(userId) {
    if (this.busy.has(userId)) return;
    this.busy.add(userId);
    this._renderActions(userId);
    try {
      await this.onRollCall(userId);
    } finally {
      this.busy.delete(userId);
      this._renderActions(userId);
    }
  }

  _toggleListen(userId) {
    const e = this.tiles.get(userId);
    if (this.listening.has(userId)) this.listening.delete(userId); else this.listening.add(userId);
    if (e && e.video) {
      e.video.muted = !this.listening.has(userId);
      e.video.play().catch(() => {});
    }
    this._renderActions(userId);
  }

  counts() {
    const views = this.order.map((id) => this.trainees.get(id));
    return {
      total: views.length,
      present: views.filter((v) => v.present).length,
      away: views.filter((v) => v.present && v.hidden).length,
      switches: views.reduce((n, v) => n + (Number(v.tabSwitches) || 0), 0),
      rollcall: views.filter((v) => v.consent === 'declined' && !v.signedIn && v.present).length,
      signedIn: views.filter((v) => v.signedIn).length,
    };
  }

  _renderSummary() {
    const c = this.counts();
    const n = this.nodes.summary;
    n.dataset.total = String(c.total);
    n.dataset.present = String(c.present);
    n.dataset.away = String(c.away);
    n.dataset.switches = String(c.switches);
    n.dataset.signedIn = String(c.signedIn);
    n.dataset.rollcall = String(c.rollcall);
    const parts = [
      el('span', { class: 'sum-item', 'data-item': 'present' }, t('wall.sumPresent', { x: c.present, y: c.total })),
      el('span', { class: `sum-item${c.away ? ' sum-alert' : ''}`, 'data-item': 'away' }, t('wall.sumAway', { n: c.away })),
      el('span', { class: 'sum-item', 'data-item': 'switches' }, t('wall.sumSwitches', { n: c.switches })),
      el('span', { class: 'sum-item', 'data-item': 'signed' }, t('wall.sumSigned', { x: c.signedIn, y: c.total })),
    ];
    if (c.rollcall) parts.push(el('span', { class: 'sum-item sum-warn', 'data-item': 'rollcall' }, t('wall.sumRollcall', { n: c.rollcall })));
    n.replaceChildren(...parts);
  }

  /** Time away grows while a trainee is away; the server only pushes on changes. */
  _tick() {
    for (const [userId, e] of this.tiles) {
      const v = this.trainees.get(userId);
      if (!v || !(v.hidden && v.present)) continue;
      const li = e.facts.querySelector('.pt-awaytime');
      if (!li) continue;
      const s = this._awaySeconds(v);
      li.dataset.seconds = String(s);
      li.querySelector('.pt-value').textContent = fmtDuration(s);
    }
  }
}
