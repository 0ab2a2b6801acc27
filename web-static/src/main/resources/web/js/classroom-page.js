// Shared logic of the trainee and lecturer pages: token, whoami, connection + reconnect,
// class.join, lesson state, participant list, remote videos, error banner.

import { ClassroomClient, ProtocolError } from './classroom-client.js';
import { ClassMedia } from './media.js';
import { t, has, getLang, applyI18n, mountLangSwitch, onLangChange } from './i18n.js';
import { TileStatus } from './tile-status.js';

const TOKEN_KEY = 'classroom.token';
const CLASS_KEY = 'classroom.class';

/** Read token/class from the query string, keep them in sessionStorage, strip the token from the URL. */
export function takeCredentials() {
  const url = new URL(location.href);
  let token = url.searchParams.get('token');
  let classId = url.searchParams.get('class');
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token); else token = sessionStorage.getItem(TOKEN_KEY);
    if (classId) sessionStorage.setItem(CLASS_KEY, classId); else classId = sessionStorage.getItem(CLASS_KEY);
  } catch { /* storage disabled: keep what we have */ }
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + (url.search ? url.search : '') + url.hash);
  }
  return { token: token || null, classId: classId || null };
}

/** GET /api/whoami. Resolves with the identity, or rejects with ProtocolError (code from the body). */
export async function whoami(token) {
  let res;
  try {
    res = await fetch('/api/whoami', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch (e) {
    throw new ProtocolError({ error: 'NETWORK', message: String(e.message || e) });
  }
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (res.ok && body && body.userId) return body;
  if (body && body.type === 'error') throw new ProtocolError(body);
  throw new ProtocolError({ error: 'HTTP_' + res.status, message: `GET /api/whoami: HTTP ${res.status}` });
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}
export { el };

/**
 * Page text for a refused request or a failure: `err.<code>`, else `err.<error>`, else the
 * generic text. Never the server's (English) `message`: that goes to {@link detailNode}.
 */
export function errorText(e, params) {
  if (e?.code != null && has(`err.${e.code}`)) return t(`err.${e.code}`, params);
  if (e?.error && has(`err.${e.error}`)) return t(`err.${e.error}`, params);
  return t('err.generic', params);
}

/**
 * The server's or the browser's detail for a person debugging: as a line on the English page,
 * folded in a "details" disclosure on the Chinese one (it is English text). Null without one.
 */
export function detailNode(message, cls = 'banner-detail') {
  if (!message) return null;
  if (getLang() === 'en') return el('div', { class: cls, 'data-testid': 'error-detail' }, message);
  return el('details', { class: `${cls} detail-fold`, 'data-testid': 'error-detail' },
    el('summary', {}, t('layout.details')), el('span', { lang: 'en' }, message));
}

// ---------------------------------------------------------------------------------------------
// Error banner: several "slots" may hold an error at once; the most recent one is shown.

export class ErrorBanner {
  constructor(node) {
    this.node = node;
    this.slots = new Map(); // slot -> descriptor
    onLangChange(() => this.render());
    this.render();
  }

  /**
   * @param {string} slot  e.g. 'auth', 'connection', 'join', 'media', 'camera', 'screen', 'action'
   * @param {object} d     {code?, error?, message?, key?, params?, action?: {key, fn}, level?: 'error'|'warn'|'info'}
   */
  show(slot, d) {
    this.slots.delete(slot);
    this.slots.set(slot, { ...d, at: Date.now() });
    this.render();
  }

  fromError(slot, e, extra = {}) {
    this.show(slot, { code: e.code ?? null, error: e.error || e.name, message: e.message, ...extra });
  }

  clear(slot) {
    if (this.slots.delete(slot)) this.render();
  }

  has(slot) { return this.slots.has(slot); }

  text(d) {
    if (d.key) return t(d.key, d.params);
    if (d.code != null && has(`err.${d.code}`)) return t(`err.${d.code}`, d.params);
    if (d.error && has(`err.${d.error}`)) return t(`err.${d.error}`, d.params);
    return t('err.generic');
  }

  render() {
    const n = this.node;
    const entries = [...this.slots.entries()];
    if (entries.length === 0) {
      n.hidden = true;
      n.replaceChildren();
      delete n.dataset.code;
      delete n.dataset.error;
      delete n.dataset.slot;
      n.dataset.level = 'none';
      return;
    }
    const [slot, d] = entries[entries.length - 1];
    n.hidden = false;
    n.dataset.slot = slot;
    n.dataset.level = d.level || 'error';
    if (d.code != null) n.dataset.code = String(d.code); else delete n.dataset.code;
    if (d.error) n.dataset.error = d.error; else delete n.dataset.error;
    const parts = [];
    const head = el('div', { class: 'banner-main' });
    if (d.code != null) head.append(el('span', { class: 'banner-code' }, `${t('err.codeLabel')} ${d.code}`));
    head.append(el('span', { class: 'banner-text', 'data-testid': 'error-text' }, this.text(d)));
    parts.push(head);
    if (d.message && d.message !== this.text(d)) parts.push(detailNode(d.message));
    const actions = el('div', { class: 'banner-actions' });
    if (d.action) {
      actions.append(el('button', { type: 'button', class: 'btn btn-small', id: 'error-action',
        onclick: () => d.action.fn() }, t(d.action.key)));
    }
    if (d.dismissible !== false) {
      actions.append(el('button', { type: 'button', class: 'btn btn-small btn-ghost', id: 'error-dismiss',
        'aria-label': t('common.dismiss'), onclick: () => this.clear(slot) }, '×'));
    }
    if (entries.length > 1) {
      actions.prepend(el('span', { class: 'banner-more' }, t('err.more', { n: entries.length - 1 })));
    }
    parts.push(actions);
    n.replaceChildren(...parts);
  }
}

// ---------------------------------------------------------------------------------------------

const ROLE_ORDER = { lecturer: 0, trainee: 1, regulator: 2, admin: 3 };

/**
 * Set up the shared parts of a classroom page.
 * @param {object} opts
 * @param {'trainee'|'lecturer'} opts.page
 * @param {(ctx)=>void} [opts.onJoined]
 * @param {(ctx)=>void} [opts.onSessionChange]
 * @param {(ctx)=>void} [opts.onConnectionChange]
 */
export function createClassroomPage(opts) {
  applyI18n();
  mountLangSwitch(document.getElementById('lang-switch'));

  const nodes = {
    sessionState: document.getElementById('session-state'),
    connState: document.getElementById('connection-state'),
    className: document.getElementById('class-name'),
    me: document.getElementById('me'),
    participants: document.getElementById('participants'),
    countTrainees: document.getElementById('participant-count-trainees'),
    countLecturers: document.getElementById('participant-count-lecturers'),
    remote: document.getElementById('remote-videos'),
    stageEmpty: document.getElementById('stage-empty'),
    endedBanner: document.getElementById('ended-banner'),
    unmute: document.getElementById('btn-unmute'),
  };

  const client = new ClassroomClient();
  const media = new ClassMedia(client);
  const banner = new ErrorBanner(document.getElementById('error-banner'));

  const ctx = {
    client, media, banner, page: opts.page,
    token: null, classId: null, me: null,
    classroom: null, you: null, session: null,
    lessonState: 'waiting',         // waiting | live | ended
    participants: new Map(),        // participantId -> participant
    connState: 'connecting',
    everJoined: false, replaced: false, stopped: false,
    reconnectAttempts: 0, reconnectTimer: null,
    resumeToken: null, resumes: 0,  // take the presence back after a dropped connection
    remoteTiles: new Map(),         // streamId -> {tile, video, caption, info, status}
    pendingTiles: new Map(),        // streamId -> {tile, caption, info, status}: no video yet (connecting, reconnecting)
    claimedRemotes: new Set(),      // streamIds shown by the page itself (opts.claimRemote)
    audioBlocked: false,
  };

  // ----- rendering

  function renderHeader() {
    const name = ctx.classroom?.name || ctx.classId || '';
    nodes.className.textContent = name || t('app.title');
    document.title = `${name ? name + ' · ' : ''}${t(opts.page === 'lecturer' ? 'page.lecturer' : 'page.trainee')}`;
    const who = ctx.you || ctx.me;
    if (who) {
      nodes.me.replaceChildren(
        el('span', { class: 'me-name' }, who.displayName || who.userId),
        el('span', { class: `role-badge role-${who.role}` }, t(`role.${who.role}`)));
      nodes.me.dataset.userId = who.userId;
      nodes.me.dataset.role = who.role;
    } else {
      nodes.me.replaceChildren();
    }
  }

  function renderSession() {
    const s = ctx.lessonState;
    nodes.sessionState.dataset.state = s;
    const key = s === 'live' ? 'session.live' : s === 'ended' ? 'session.ended'
      : (opts.page === 'lecturer' ? 'session.waitingLecturer' : 'session.waiting');
    nodes.sessionState.textContent = t(key);
    if (nodes.endedBanner) {
      nodes.endedBanner.hidden = s !== 'ended';
      nodes.endedBanner.textContent = t('session.endedBanner');
    }
    document.body.dataset.sessionState = s;
  }

  function renderConn() {
    nodes.connState.dataset.state = ctx.connState;
    let key = `conn.${ctx.connState}`;
    if (ctx.connState === 'closed' && ctx.reconnectTimer) key = 'conn.reconnecting';
    nodes.connState.textContent = t(key, { n: ctx.reconnectAttempts });
  }

  function renderParticipants() {
    const list = [...ctx.participants.values()].sort((a, b) =>
      (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9) ||
      String(a.joinedAt || '').localeCompare(String(b.joinedAt || '')) ||
      String(a.userId).localeCompare(String(b.userId)));
    const items = list.map((p) => {
      const isMe = ctx.you && p.participantId === ctx.you.participantId;
      return el('li', {
        class: `participant role-${p.role}${isMe ? ' is-me' : ''}`,
        'data-user-id': p.userId, 'data-role': p.role, 'data-participant-id': p.participantId,
      },
      el('span', { class: 'avatar', 'aria-hidden': 'true' }, (p.displayName || p.userId || '?').slice(0, 1)),
      el('span', { class: 'p-name' }, p.displayName || p.userId, isMe ? el('span', { class: 'me-tag' }, t('participants.me')) : null),
      el('span', { class: `role-badge role-${p.role}` }, t(`role.${p.role}`)));
    });
    nodes.participants.replaceChildren(...items);
    if (items.length === 0) {
      nodes.participants.append(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('participants.none')));
    }
    const trainees = list.filter((p) => p.role === 'trainee').length;
    const lecturers = list.filter((p) => p.role === 'lecturer').length;
    const maxT = ctx.classroom?.maxTrainees ?? 30;
    const maxL = ctx.classroom?.maxLecturers ?? 2;
    nodes.countTrainees.textContent = `${trainees}/${maxT}`;
    nodes.countTrainees.dataset.count = trainees;
    nodes.countTrainees.dataset.max = maxT;
    nodes.countLecturers.textContent = `${lecturers}/${maxL}`;
    nodes.countLecturers.dataset.count = lecturers;
    nodes.countLecturers.dataset.max = maxL;
  }

  function renderStageEmpty() {
    if (!nodes.stageEmpty) return;
    const empty = ctx.remoteTiles.size === 0 && ctx.pendingTiles.size === 0;
    nodes.stageEmpty.hidden = !empty;
    let key;
    if (ctx.lessonState === 'ended') key = 'stage.ended';
    else if (!media.mediaUp) key = 'stage.interrupted';
    else if (ctx.lessonState === 'live') key = opts.page === 'lecturer' ? 'stage.noOtherStreams' : 'stage.noStreams';
    else key = opts.page === 'lecturer' ? 'stage.notStartedLecturer' : 'stage.notStarted';
    nodes.stageEmpty.textContent = t(key);
    nodes.stageEmpty.dataset.reason = key;
    if (nodes.unmute) nodes.unmute.hidden = !(ctx.audioBlocked && !empty);
  }

  function renderAll() {
    renderHeader(); renderSession(); renderConn(); renderParticipants(); renderStageEmpty();
    for (const { caption, info, status } of [...ctx.remoteTiles.values(), ...ctx.pendingTiles.values()]) {
      caption.textContent = tileCaption(info);
      status?.relabel();
    }
    opts.onRender?.(ctx);
  }
  onLangChange(renderAll);

  // ----- remote videos

  function tileCaption(info) {
    return `${info.displayName || info.userId || ''} · ${t(`kind.${info.kind}`)}`;
  }

  function addRemoteTile(info) {
    removeRemoteTile(info.streamId);
    // A page may show some streams itself (the lecturer's proctoring wall shows `proctor` streams).
    if (opts.claimRemote && opts.claimRemote(info)) {
      ctx.claimedRemotes.add(info.streamId);
      return;
    }
    const video = el('video', {
      autoplay: '', playsinline: '',
      'data-stream-id': info.streamId, 'data-kind': info.kind, 'data-user-id': info.userId,
      'data-participant-id': info.participantId, 'data-media-state': 'connecting',
    });
    video.srcObject = info.mediaStream;
    video.addEventListener('loadeddata', () => info.handle?.trace?.step('first frame shown'), { once: true });
    const caption = el('div', { class: 'tile-caption' }, tileCaption(info));
    const tile = el('div', { class: `tile tile-${info.kind}`, 'data-kind': info.kind, 'data-stream-id': info.streamId,
      'data-user-id': info.userId }, video, caption);
    placeTile(tile, info);
    const status = new TileStatus(tile, video, info.handle?.pc || null, 'connecting');
    ctx.remoteTiles.set(info.streamId, { tile, video, caption, info, status });
    startPlayback(video);
    renderStageEmpty();
  }

  function placeTile(tile, info) {
    // Cameras first, screen shares beside them.
    if (info.kind === 'camera') {
      const firstScreen = nodes.remote.querySelector('.tile-screen');
      nodes.remote.insertBefore(tile, firstScreen);
    } else {
      nodes.remote.append(tile);
    }
  }

  /** A tile without video while the stream is being subscribed (again), so nobody stares at nothing. */
  function showPendingTile(info, state) {
    if (!info || ctx.remoteTiles.has(info.streamId) || ctx.claimedRemotes.has(info.streamId)) return;
    if (info.kind === 'proctor' && opts.page === 'lecturer') return;  // the proctoring wall shows those
    let e = ctx.pendingTiles.get(info.streamId);
    if (!e) {
      const caption = el('div', { class: 'tile-caption' }, tileCaption(info));
      const tile = el('div', { class: `tile tile-${info.kind} tile-pending`, 'data-kind': info.kind,
        'data-stream-id': info.streamId, 'data-user-id': info.userId }, el('div', { class: 'tile-blank' }), caption);
      placeTile(tile, info);
      e = { tile, caption, info, status: new TileStatus(tile, null, null, state) };
      ctx.pendingTiles.set(info.streamId, e);
      renderStageEmpty();
    }
    e.status.signal(state);
  }

  function removePendingTile(streamId) {
    const e = ctx.pendingTiles.get(streamId);
    if (!e) return;
    e.status.dispose();
    e.tile.remove();
    ctx.pendingTiles.delete(streamId);
    renderStageEmpty();
  }

  function startPlayback(video) {
    video.muted = ctx.audioBlocked;
    const p = video.play();
    if (p && p.catch) {
      p.catch((e) => {
        if (e.name === 'NotAllowedError' && !video.muted) {
          // Autoplay with sound refused: play muted, offer a button to turn the sound on.
          ctx.audioBlocked = true;
          video.muted = true;
          video.play().catch(() => {});
          renderStageEmpty();
        }
      });
    }
  }

  if (nodes.unmute) {
    nodes.unmute.addEventListener('click', () => {
      ctx.audioBlocked = false;
      for (const { video } of ctx.remoteTiles.values()) { video.muted = false; video.play().catch(() => {}); }
      renderStageEmpty();
    });
  }

  function removeRemoteTile(streamId) {
    if (ctx.claimedRemotes.delete(streamId)) opts.releaseRemote?.(streamId);
    removePendingTile(streamId);
    const e = ctx.remoteTiles.get(streamId);
    if (!e) return;
    e.status.dispose();
    e.video.srcObject = null;
    e.tile.remove();
    ctx.remoteTiles.delete(streamId);
    renderStageEmpty();
  }

  function removeAllTiles() {
    for (const id of [...ctx.remoteTiles.keys(), ...ctx.pendingTiles.keys(), ...ctx.claimedRemotes]) removeRemoteTile(id);
  }

  media.addEventListener('remote-added', (ev) => addRemoteTile(ev.detail));
  media.addEventListener('remote-removed', (ev) => removeRemoteTile(ev.detail.streamId));
  media.addEventListener('remote-state', (ev) => {
    const { streamId, state, info } = ev.detail;
    if (ctx.claimedRemotes.has(streamId)) { opts.remoteState?.(streamId, state); return; }
    const e = ctx.remoteTiles.get(streamId);
    if (state === 'gone') { removePendingTile(streamId); return; }
    if (e) { e.status.signal(state); return; }
    if (state === 'connecting' || state === 'reconnecting' || state === 'failed') showPendingTile(info, state);
  });
  media.addEventListener('interrupted', (ev) => {
    removeAllTiles();
    banner.show('media', { code: 400, error: 'MEDIA_UNAVAILABLE', key: 'err.mediaLost', message: ev.detail.reason, dismissible: false });
    document.body.dataset.media = 'interrupted';
    renderStageEmpty();
  });
  media.addEventListener('restored', () => {
    banner.clear('media');
    banner.clear('media-request');
    document.body.dataset.media = 'up';
    renderStageEmpty();
  });
  media.addEventListener('error', (ev) => {
    const e = ev.detail.error;
    if ([202, 204, 400].includes(e.code)) return;          // handled elsewhere / expected races
    if (['CONNECTION_CLOSED', 'NOT_CONNECTED', 'CANCELLED'].includes(e.error)) return;
    banner.fromError('media-request', e);
  });

  // ----- lesson state

  function setSession(session, { fromEvent = false } = {}) {
    ctx.session = session || null;
    if (session && session.state === 'live') ctx.lessonState = 'live';
    else if (session && session.state === 'ended') ctx.lessonState = 'ended';
    else if (!fromEvent && ctx.lessonState !== 'ended') ctx.lessonState = 'waiting';
    renderSession();
    renderStageEmpty();
    opts.onSessionChange?.(ctx);
  }

  client.on('session.started', (m) => { setSession(m.session, { fromEvent: true }); });
  client.on('session.ended', (m) => {
    setSession({ ...(m.session || {}), state: 'ended' }, { fromEvent: true });
    removeAllTiles();
  });

  // ----- participants

  function addParticipant(p) {
    if (!p || !p.participantId) return;
    for (const [id, q] of ctx.participants) if (q.userId === p.userId && id !== p.participantId) ctx.participants.delete(id);
    ctx.participants.set(p.participantId, p);
  }

  client.on('participant.joined', (m) => { addParticipant(m.participant); renderParticipants(); });
  client.on('participant.left', (m) => {
    if (m.participantId) ctx.participants.delete(m.participantId);
    renderParticipants();
  });

  client.on('presence.replaced', () => {
    ctx.replaced = true;
    banner.show('connection', { error: 'DUPLICATE_IDENTITY', key: 'err.replaced', dismissible: false,
      action: { key: 'action.useHere', fn: () => { ctx.replaced = false; banner.clear('connection'); connectAndJoin(); } } });
  });

  client.on('error', (e) => banner.fromError('protocol', e));

  // ----- connection

  function setConn(state) {
    ctx.connState = state;
    renderConn();
    opts.onConnectionChange?.(ctx);
  }

  client.on('state', ({ state, byClient }) => {
    if (state === 'connecting') { setConn('connecting'); return; }
    if (state === 'open') { setConn('open'); return; }
    // closed
    setConn('closed');
    // With a resume token the server keeps our presence and media for a while: keep showing the
    // videos (they still flow from the media server) until the next join says otherwise.
    if (!ctx.resumeToken || byClient || ctx.replaced) removeAllTiles();
    if (byClient || ctx.stopped) return;
    if (ctx.replaced) return;
    if (ctx.everJoined) {
      banner.show('connection', { error: 'CONNECTION_LOST', key: 'err.connectionLost', dismissible: false });
    }
    scheduleReconnect();
  });

  function scheduleReconnect() {
    if (ctx.reconnectTimer || ctx.stopped || ctx.replaced) return;
    ctx.reconnectAttempts += 1;
    const delay = Math.min(1000 * 2 ** (ctx.reconnectAttempts - 1), 15000);
    ctx.reconnectTimer = setTimeout(async () => {
      ctx.reconnectTimer = null;
      // The upgrade may have been refused because the token expired: ask whoami why.
      try {
        await whoami(ctx.token);
      } catch (e) {
        if (e.code != null) { stop('auth', e); return; }
      }
      connectAndJoin();
    }, delay);
    renderConn();
  }

  function stop(slot, e, extra) {
    ctx.stopped = true;
    clearTimeout(ctx.reconnectTimer);
    ctx.reconnectTimer = null;
    banner.clear('connection');
    if (e) banner.fromError(slot, e, { dismissible: false, ...extra });
    client.close();
    setConn('closed');
  }

  async function connectAndJoin() {
    ctx.stopped = false;
    if (client.state === 'open' || client.state === 'connecting') client.close();
    try {
      await client.connect(ctx.token);
    } catch {
      return; // 'closed' state handler schedules the reconnect
    }
    let ok;
    try {
      const join = { classroomId: ctx.classId };
      if (ctx.resumeToken) join.resumeToken = ctx.resumeToken;
      ok = await client.request('class.join', join);
    } catch (e) {
      if (e.error === 'CONNECTION_CLOSED' || e.error === 'NOT_CONNECTED') return;
      if (e.code === 201) {
        stop('join', e, { action: { key: 'action.retry', fn: () => { banner.clear('join'); connectAndJoin(); } } });
      } else if (e.code === 200 || e.code === 303 || (e.code >= 300 && e.code < 400)) {
        stop('join', e);
      } else {
        banner.fromError('join', e);
        client.close();
        ctx.stopped = false;
        setConn('closed');
        scheduleReconnect();
      }
      return;
    }
    applyJoin(ok);
  }

  function applyJoin(ok) {
    if (ok.resumed) {
      ctx.resumes += 1;
    } else if (media.holding) {
      // The presence could not be taken back (too late): what we kept is gone on the server.
      removeAllTiles();
      media.dropHeld();
    }
    ctx.resumeToken = ok.resumeToken || null;
    media.resumable = !!ctx.resumeToken;
    ctx.everJoined = true;
    ctx.reconnectAttempts = 0;
    banner.clear('connection');
    banner.clear('join');
    ctx.classroom = ok.classroom || ctx.classroom;
    ctx.you = ok.you || ctx.you;
    ctx.participants.clear();
    for (const p of ok.participants || []) addParticipant(p);
    if (ok.you) addParticipant(ok.you);
    setSession(ok.session);
    if (!media.mediaUp) { banner.clear('media'); document.body.dataset.media = 'up'; }
    if (ok.resumed) media.onResumed(ok); else media.onJoined(ok);
    renderAll();
    opts.onJoined?.(ctx);
  }

  async function start() {
    renderAll();
    const creds = takeCredentials();
    ctx.token = creds.token;
    ctx.classId = creds.classId;
    if (!ctx.token) {
      setConn('closed');
      banner.show('auth', { error: 'NO_TOKEN', key: 'err.noToken', dismissible: false });
      return;
    }
    try {
      ctx.me = await whoami(ctx.token);
    } catch (e) {
      setConn('closed');
      if (e.code != null) { banner.fromError('auth', e, { dismissible: false }); return; }
      banner.fromError('auth', e, { key: e.error === 'NETWORK' ? 'err.network' : 'err.server', params: { detail: e.message }, dismissible: false,
        action: { key: 'action.retry', fn: () => { banner.clear('auth'); start(); } } });
      return;
    }
    banner.clear('auth');
    if (!ctx.classId) ctx.classId = Array.isArray(ctx.me.classes) && ctx.me.classes.length ? ctx.me.classes[0] : null;
    if (!ctx.classId) {
      setConn('closed');
      banner.show('auth', { error: 'NO_CLASS', key: 'err.noClass', dismissible: false });
      return;
    }
    renderHeader();
    opts.onIdentity?.(ctx);
    await connectAndJoin();
  }

  ctx.start = start;
  ctx.renderAll = renderAll;
  ctx.renderStageEmpty = renderStageEmpty;

  window.classroom = {
    client,
    media,
    peerConnections: () => media.peerConnections(),
    diagnostics: () => diagnostics(),
    state: () => ({
      connection: ctx.connState, lesson: ctx.lessonState, classId: ctx.classId,
      you: ctx.you, session: ctx.session, participants: [...ctx.participants.values()],
      resumes: ctx.resumes,
      streams: [...media.remoteStreams.values()],
    }),
  };

  /** What the page knows, for a person debugging it and for the end-to-end tests' failure messages. */
  async function diagnostics() {
    const bannerNode = document.getElementById('error-banner');
    const tiles = [...nodes.remote.querySelectorAll('.tile')].map((tile) => ({
      streamId: tile.dataset.streamId, userId: tile.dataset.userId || null, kind: tile.dataset.kind,
      state: tile.dataset.mediaState || null, text: tile.querySelector('.tile-status')?.textContent || '',
    }));
    return {
      page: opts.page, url: location.pathname, visibility: document.visibilityState,
      connection: ctx.connState, lesson: ctx.lessonState, classId: ctx.classId,
      you: ctx.you ? { userId: ctx.you.userId, participantId: ctx.you.participantId } : null,
      reconnectAttempts: ctx.reconnectAttempts, resumes: ctx.resumes,
      breakout: document.body.dataset.breakout || null,
      banner: bannerNode && !bannerNode.hidden
        ? { slot: bannerNode.dataset.slot || null, code: bannerNode.dataset.code || null, text: bannerNode.textContent }
        : null,
      tiles,
      media: await media.diagnostics(),
    };
  }
  window.__diag = diagnostics;

  window.addEventListener('pagehide', () => {
    ctx.stopped = true; ctx.resumeToken = null; client.close(1000, 'page closed');
  });
  window.addEventListener('pageshow', (ev) => { if (ev.persisted && ctx.token && ctx.me) connectAndJoin(); });

  return ctx;
}
