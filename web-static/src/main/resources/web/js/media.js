// WebRTC helpers for the classroom protocol (docs/protocol.md, "Media").
//
// Low level:   publish(client, kind, mediaStream)  -> { streamId, kind, pc, stream, direction:'send', close() }
//              subscribe(client, streamId)         -> { streamId, subscriptionId, pc, stream, direction:'recv', close() }
// Class level: new ClassMedia(client) keeps the wanted publications and subscriptions alive across
//              media.state hangup, media.lost / media.restored, session end/start, reconnects and
//              room changes (breakout groups, speaking turns: see docs/protocol.md): a wanted stream
//              that the server ended with reason ROOM_CHANGED is published again at once (into the
//              page's new room), and one refused with 224 waits until the rooms change.

import { ProtocolError } from './classroom-client.js';
import { MediaDiag, PeerTrace, peerStats, diagNow } from './media-diag.js';

let configPromise = null;

/** iceServers from GET /api/config (cached; [] if the call fails). */
export function getIceServers() {
  if (!configPromise) {
    configPromise = fetch('/api/config', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : {}))
      .then((c) => (Array.isArray(c.iceServers) ? c.iceServers : []))
      .catch(() => { configPromise = null; return []; });
  }
  return configPromise;
}

// ---------------------------------------------------------------------------------------------
// Routing of server `media.trickle` / `media.state` events to peer connections, per client.
// Candidates for a target we do not know yet (the streamId / subscriptionId arrives in the
// `.ok` reply, and the server's candidates may come before it) are kept for a while.

const routers = new WeakMap();
const PENDING_TTL_MS = 30000;

class MediaRouter {
  constructor(client) {
    this.targets = new Map();  // target -> { onCandidate(c), onState(msg) }
    this.pending = new Map();  // target -> { at, candidates: [], states: [] }
    client.on('media.trickle', (m) => this._route(m.target, (h) => h.onCandidate(m.candidate),
      (p) => p.candidates.push(m.candidate)));
    client.on('media.state', (m) => this._route(m.target, (h) => h.onState(m),
      (p) => p.states.push(m)));
  }

  _route(target, deliver, keep) {
    if (typeof target !== 'string') return;
    const h = this.targets.get(target);
    if (h) { deliver(h); return; }
    this._gc();
    let p = this.pending.get(target);
    if (!p) { p = { at: Date.now(), candidates: [], states: [] }; this.pending.set(target, p); }
    keep(p);
  }

  _gc() {
    const now = Date.now();
    for (const [t, p] of this.pending) if (now - p.at > PENDING_TTL_MS) this.pending.delete(t);
  }

  register(target, handler) {
    this.targets.set(target, handler);
    const p = this.pending.get(target);
    if (p) {
      this.pending.delete(target);
      for (const c of p.candidates) handler.onCandidate(c);
      for (const s of p.states) handler.onState(s);
    }
  }

  unregister(target, handler) {
    if (this.targets.get(target) === handler) this.targets.delete(target);
  }
}

function routerFor(client) {
  let r = routers.get(client);
  if (!r) { r = new MediaRouter(client); routers.set(client, r); }
  return r;
}

/** Remote candidates are buffered until the remote description is set. */
class RemoteCandidates {
  constructor(pc, trace) { this.pc = pc; this.trace = trace; this.ready = false; this.queue = []; }
  add(c) {
    if (this.trace) {
      if (c) this.trace.remoteCandidates++; else this.trace.endOfRemoteCandidates = true;
    }
    if (!this.ready) {
      if (this.trace) this.trace.remoteCandidatesBuffered++;
      this.queue.push(c);
      return;
    }
    this._apply(c);
  }
  flush() {
    this.ready = true;
    const q = this.queue; this.queue = [];
    if (q.length && this.trace) this.trace.step('remote candidates applied', q.length);
    for (const c of q) this._apply(c);
  }
  _apply(c) {
    if (this.pc.signalingState === 'closed') return;
    // null = end of candidates.
    const init = c ? c : { candidate: '' };
    this.pc.addIceCandidate(init).catch((e) => {
      if (this.trace) { this.trace.candidateErrors++; this.trace.step('addIceCandidate failed', String(e.message || e)); }
      console.warn('addIceCandidate failed', e, c);
    });
  }
}

/** Local candidates are held until we know the target id and the server has our SDP. */
class LocalCandidates {
  constructor(client, trace) { this.client = client; this.trace = trace; this.target = null; this.queue = []; }
  add(c) {
    if (this.trace) {
      if (c) this.trace.localCandidates++; else this.trace.step('local candidates complete', this.trace.localCandidates);
    }
    if (this.target === null) { this.queue.push(c); return; }
    this._send(c);
  }
  start(target) {
    this.target = target;
    const q = this.queue; this.queue = [];
    for (const c of q) this._send(c);
  }
  _send(c) {
    if (!this.client.isOpen) return;
    const candidate = c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null;
    this.client.request('media.trickle', { target: this.target, candidate })
      .catch((e) => console.warn('media.trickle failed', e));
  }
}

/**
 * Publish a local MediaStream as `kind` ('camera' or 'screen').
 * @param {import('./classroom-client.js').ClassroomClient} client
 * @param {'camera'|'screen'} kind
 * @param {MediaStream} stream
 * @param {{onState?:(msg)=>void, groupId?:string}} [opts] onState receives media.state events
 *        ({state:'connected'|'hangup'}) and local {state:'failed'} when ICE fails; groupId names the
 *        breakout group to publish into (a lecturer visiting it), else the page's own room.
 */
export async function publish(client, kind, stream, { onState, groupId, trace } = {}) {
  const iceServers = await getIceServers();
  const pc = new RTCPeerConnection({ iceServers });
  trace?.watch(pc);
  const local = new LocalCandidates(client, trace);
  const remote = new RemoteCandidates(pc, trace);
  const router = routerFor(client);
  let closed = false;
  const handle = {
    kind, pc, stream, direction: 'send', streamId: null,
    /** Resolves once the server has answered the media.unpublish (at once without one). */
    close({ unpublish = true } = {}) {
      if (closed) return Promise.resolve();
      closed = true;
      if (handle.streamId) router.unregister(handle.streamId, routeHandler);
      try { pc.close(); } catch { /* ignore */ }
      if (unpublish && handle.streamId && client.isOpen) {
        return client.request('media.unpublish', { streamId: handle.streamId }).then(() => {}, () => {});
      }
      return Promise.resolve();
    },
    get closed() { return closed; },
  };
  const routeHandler = {
    onCandidate: (c) => remote.add(c),
    onState: (m) => { trace?.step(`media.state ${m.state}`, m.reason); if (!closed && onState) onState(m); },
  };
  pc.onicecandidate = (ev) => local.add(ev.candidate);
  pc.onconnectionstatechange = () => {
    if (!closed && pc.connectionState === 'failed' && onState) onState({ state: 'failed', local: true });
  };
  for (const track of stream.getTracks()) {
    pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  }
  try {
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    trace?.step('media.publish sent', groupId || null);
    const ok = await client.request('media.publish',
      groupId ? { kind, sdp: pc.localDescription.sdp, groupId } : { kind, sdp: pc.localDescription.sdp });
    handle.streamId = ok.streamId;
    if (trace) { trace.target = ok.streamId; trace.step('media.publish.ok', ok.streamId); }
    if (closed) {  // closed while we waited: give the stream back before saying so
      await client.request('media.unpublish', { streamId: ok.streamId }).catch(() => {});
      throw new ProtocolError({ error: 'CANCELLED', message: 'publish cancelled' });
    }
    router.register(ok.streamId, routeHandler);
    await pc.setRemoteDescription({ type: 'answer', sdp: ok.sdp });
    remote.flush();
    local.start(ok.streamId);
    return handle;
  } catch (e) {
    trace?.step('publish failed', `${e.code ?? ''} ${e.error || e.name || ''} ${e.message || ''}`.trim());
    handle.close({ unpublish: !!handle.streamId && e.error !== 'CANCELLED' });
    throw e;
  }
}

/**
 * Subscribe to a published stream.
 * @returns {Promise<{streamId, subscriptionId, pc, stream: MediaStream, direction:'recv', close()}>}
 */
export async function subscribe(client, streamId, { onState, trace } = {}) {
  const iceServers = await getIceServers();
  const router = routerFor(client);
  trace?.step('media.subscribe sent');
  const ok = await client.request('media.subscribe', { streamId });
  if (trace) { trace.target = ok.subscriptionId; trace.step('media.subscribe.ok', ok.subscriptionId); }
  const pc = new RTCPeerConnection({ iceServers });
  trace?.watch(pc);
  const stream = new MediaStream();
  const local = new LocalCandidates(client, trace);
  const remote = new RemoteCandidates(pc, trace);
  let closed = false;
  const handle = {
    streamId, subscriptionId: ok.subscriptionId, pc, stream, direction: 'recv', trace,
    close({ unsubscribe = true } = {}) {
      if (closed) return;
      closed = true;
      router.unregister(ok.subscriptionId, routeHandler);
      try { pc.close(); } catch { /* ignore */ }
      for (const t of stream.getTracks()) stream.removeTrack(t);
      if (unsubscribe && client.isOpen) {
        client.request('media.unsubscribe', { subscriptionId: ok.subscriptionId }).catch(() => {});
      }
    },
    get closed() { return closed; },
  };
  const routeHandler = {
    onCandidate: (c) => remote.add(c),
    onState: (m) => { trace?.step(`media.state ${m.state}`, m.reason); if (!closed && onState) onState(m); },
  };
  router.register(ok.subscriptionId, routeHandler);
  pc.ontrack = (ev) => {
    if (!stream.getTracks().includes(ev.track)) stream.addTrack(ev.track);
  };
  pc.onicecandidate = (ev) => local.add(ev.candidate);
  pc.onconnectionstatechange = () => {
    if (!closed && pc.connectionState === 'failed' && onState) onState({ state: 'failed', local: true });
  };
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: ok.sdp });
    remote.flush();
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    trace?.step('media.answer sent');
    await client.request('media.answer', { subscriptionId: ok.subscriptionId, sdp: pc.localDescription.sdp });
    trace?.step('media.answer.ok');
    local.start(ok.subscriptionId);
    return handle;
  } catch (e) {
    trace?.step('subscribe failed', `${e.code ?? ''} ${e.error || e.name || ''} ${e.message || ''}`.trim());
    handle.close();
    throw e;
  }
}

/** Both streams carry the same kinds of track (e.g. audio + video). */
function sameTrackKinds(a, b) {
  const kinds = (s) => s.getTracks().map((tr) => tr.kind).sort().join(',');
  return kinds(a) === kinds(b);
}

/** Sends `stream`'s tracks on a publication's senders instead of the ones it has (no renegotiation). */
function replaceTracks(handle, stream, trace) {
  handle.stream = stream;
  for (const sender of handle.pc.getSenders()) {
    const kind = sender.track?.kind;
    const next = kind && stream.getTracks().find((tr) => tr.kind === kind);
    if (next && next !== sender.track) {
      sender.replaceTrack(next).then(() => trace?.step('track replaced', kind),
        (e) => trace?.step('replaceTrack failed', String(e.message || e)));
    }
  }
}

// ---------------------------------------------------------------------------------------------

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 15000;

/**
 * Keeps the class's media in the wanted state.
 *
 * Events (EventTarget, detail in ev.detail):
 *   'remote-added'   {streamId, kind, userId, displayName, participantId, mediaStream}
 *   'remote-removed' {streamId}
 *   'remote-state'   {streamId, state}     // 'connecting' | 'connected'
 *   'local-state'    {kind, state, error?} // 'off'|'waiting'|'publishing'|'live'|'error'
 *   'interrupted'    {reason}              // media.lost
 *   'restored'       {}
 *   'error'          {error, context}      // ProtocolError from a media request
 */
export class ClassMedia extends EventTarget {
  constructor(client) {
    super();
    this.client = client;
    this.joined = false;
    this.sessionLive = false;
    this.mediaUp = true;
    this.self = null;              // { participantId, userId }
    this.wantLocal = new Map();    // kind -> MediaStream
    this.publishers = new Map();   // kind -> { handle?, busy, streamId?, attempts, retryTimer }
    this.remoteStreams = new Map();// streamId -> stream info
    this.subs = new Map();         // streamId -> { handle?, busy, attempts, retryTimer }
    this.localState = new Map();   // kind -> state
    this._mediaRetryTimer = null;
    this.roomEpoch = 0;            // bumped whenever who-is-in-which-room may have changed
    this.resumable = false;        // the server keeps our presence for a while after a drop
    this.holding = false;          // peers kept across a dropped connection, waiting for the resume
    this.diag = new MediaDiag(client);
    this.settling = new Map();     // kind -> promise: a closed publication the server may still hold
    this.retiredTraces = [];       // the last peer traces that ended, for diagnostics()

    getIceServers();  // fetched once per page: the first subscribe need not wait for it
    client.on('stream.published', (m) => this.addRemote(m.stream));
    client.on('stream.unpublished', (m) => this.removeRemote(m.streamId, m.reason));
    for (const type of ['breakout.started', 'breakout.updated', 'breakout.ended', 'speak.started']) {
      client.on(type, () => { this.roomEpoch++; this._reconcile(); });
    }
    client.on('media.lost', (m) => this._onLost(m.reason));
    client.on('media.restored', () => this._onRestored());
    client.on('session.started', () => { this.sessionLive = true; this._reconcile(); });
    client.on('session.ended', () => { this.sessionLive = false; this._endAll(); });
    client.on('state', ({ state }) => { if (state !== 'open') this.onDisconnected(); });
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  /** After class.join.ok. */
  onJoined(joinOk) {
    this.joined = true;
    this.self = { participantId: joinOk.you?.participantId, userId: joinOk.you?.userId };
    this.sessionLive = !!(joinOk.session && joinOk.session.state === 'live');
    this.mediaUp = true;
    for (const s of joinOk.streams || []) this.remoteStreams.set(s.streamId, s);
    this._reconcile();
  }

  /**
   * The WebSocket went away. Without resuming, every peer connection is gone on the server side;
   * with it, the server keeps them for a while: keep ours (media still flows) until the next join.
   */
  onDisconnected() {
    if (!this.joined && this.subs.size === 0 && this.publishers.size === 0) return;
    this.joined = false;
    if (this.resumable) { this.holding = true; return; }
    this.dropHeld(true);
  }

  /** The server no longer holds what we kept (the resume came too late): close it all. */
  dropHeld(force = false) {
    if (!this.holding && !force) return;
    this.holding = false;
    this._closeAllPeers(false);
    for (const id of [...this.remoteStreams.keys()]) this._dropRemote(id);
  }

  /**
   * After a class.join.ok with resumed: true. Keep the peer connections that still carry media;
   * start again those that failed while away, and what the snapshot no longer lists.
   */
  onResumed(joinOk) {
    this.holding = false;
    this.joined = true;
    this.self = { participantId: joinOk.you?.participantId, userId: joinOk.you?.userId };
    this.sessionLive = !!(joinOk.session && joinOk.session.state === 'live');
    this.mediaUp = true;
    const listed = new Map((joinOk.streams || []).map((s) => [s.streamId, s]));
    for (const id of [...this.remoteStreams.keys()]) if (!listed.has(id)) this._dropRemote(id);
    for (const [id, info] of listed) this.remoteStreams.set(id, info);
    const dead = (h) => !h || ['failed', 'closed'].includes(h.pc?.connectionState);
    for (const [kind, p] of [...this.publishers]) {
      if (!p.busy && dead(p.handle)) {
        this._closePublisher(kind, !!p.handle);
        if (this.wantLocal.has(kind)) this._setLocalState(kind, 'waiting');
      }
    }
    for (const [streamId, sub] of [...this.subs]) {
      if (!sub.busy && dead(sub.handle)) {
        clearTimeout(sub.retryTimer);
        if (sub.handle) { sub.handle.close({ unsubscribe: true }); this._emit('remote-removed', { streamId }); }
        this.subs.delete(streamId);
      }
    }
    this._reconcile();
  }

  setSessionLive(live) {
    this.sessionLive = live;
    if (live) this._reconcile(); else this._endAll();
  }

  isOwn(stream) {
    if (!this.self) return false;
    if (stream.participantId && stream.participantId === this.self.participantId) return true;
    for (const p of this.publishers.values()) if (p.streamId && p.streamId === stream.streamId) return true;
    return false;
  }

  addRemote(stream) {
    if (!stream || !stream.streamId) return;
    this.remoteStreams.set(stream.streamId, stream);
    this._reconcile();
  }

  removeRemote(streamId, reason) {
    // Could be one of ours (e.g. the server ended it): then publish again if still wanted; at once
    // if it ended because our room changed (it goes into the new room).
    for (const [kind, p] of this.publishers) {
      if (p.streamId === streamId) {
        this._closePublisher(kind, false);
        if (reason === 'ROOM_CHANGED') this._reconcile(); else this._scheduleLocalRetry(kind);
      }
    }
    this._dropRemote(streamId);
  }

  _dropRemote(streamId) {
    this.remoteStreams.delete(streamId);
    const sub = this.subs.get(streamId);
    this._emit('remote-state', { streamId, state: 'gone' });
    if (sub) {
      clearTimeout(sub.retryTimer);
      if (sub.trace) this._retire(sub.trace);
      if (sub.handle) { sub.handle.close(); this._emit('remote-removed', { streamId }); }
      this.subs.delete(streamId);
    }
  }

  // ----- local streams

  /** Want `stream` published as `kind`; published as soon as the lesson is live. */
  startLocal(kind, stream) {
    this.diag.note('page', { what: 'startLocal', kind, tracks: stream.getTracks().map((tr) => tr.kind) });
    const p = this.publishers.get(kind);
    const prev = this.wantLocal.get(kind);
    if (p && !p.waiting && prev && sameTrackKinds(prev, stream)) {
      // A publication of this kind is on its way or live: give it the new tracks. Closing it and
      // publishing again would race the server (206 while the first is still there) and cost a
      // whole new negotiation for everyone who sees it.
      this.wantLocal.set(kind, stream);
      p.stream = stream;
      if (p.handle) replaceTracks(p.handle, stream, p.trace);
      return;
    }
    this.stopLocal(kind);
    this.wantLocal.set(kind, stream);
    this._setLocalState(kind, 'waiting');
    this._reconcile();
  }

  stopLocal(kind) {
    this.wantLocal.delete(kind);
    this._closePublisher(kind, true);
    this._setLocalState(kind, 'off');
  }

  _setLocalState(kind, state, error) {
    if (this.localState.get(kind) === state && !error) return;
    this.localState.set(kind, state);
    this._emit('local-state', { kind, state, error });
  }

  _closePublisher(kind, unpublish) {
    const p = this.publishers.get(kind);
    if (!p) return;
    clearTimeout(p.retryTimer);
    p.cancelled = true;
    if (p.trace) this._retire(p.trace);
    // The next publication of this kind waits until the server no longer holds this one.
    if (p.handle) this._settling(kind, p.handle.close({ unpublish }));
    else if (p.busy && p.settled) this._settling(kind, p.settled);
    this.publishers.delete(kind);
  }

  _settling(kind, promise) {
    this.settling.set(kind, promise);
    promise.finally(() => { if (this.settling.get(kind) === promise) this.settling.delete(kind); });
  }

  _scheduleLocalRetry(kind, prev) {
    if (!this.wantLocal.has(kind)) return;
    const attempts = (prev?.attempts || 0) + 1;
    const p = { busy: false, attempts, retryTimer: null, waiting: true };
    this.publishers.set(kind, p);
    const delay = Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
    p.retryAt = diagNow() + delay;
    this.diag.note('page', { what: 'publish retry', kind, attempts, delayMs: delay });
    p.retryTimer = setTimeout(() => {
      if (this.publishers.get(kind) === p) { this.publishers.delete(kind); this._reconcile(p); }
    }, delay);
  }

  async _publish(kind, prevAttempts = 0) {
    const stream = this.wantLocal.get(kind);
    const epoch = this.roomEpoch;
    const trace = new PeerTrace(this.diag, 'send', kind);
    const p = { busy: true, attempts: prevAttempts, handle: null, streamId: null, cancelled: false, trace, stream };
    let settled;
    p.settled = new Promise((resolve) => { settled = resolve; });
    this.publishers.set(kind, p);
    this._setLocalState(kind, 'publishing');
    try {
      const before = this.settling.get(kind);
      if (before) {
        trace.step('waiting for the previous publication to end');
        await before;
        if (p.cancelled || this.publishers.get(kind) !== p) return;
      }
      const handle = await publish(this.client, kind, stream, {
        onState: (m) => this._onLocalMediaState(kind, p, m), trace,
      });
      if (p.cancelled || this.publishers.get(kind) !== p) { await handle.close(); return; }
      p.handle = handle; p.streamId = handle.streamId; p.busy = false;
      if (p.stream !== stream) replaceTracks(handle, p.stream, trace);
      this._emit('local-published', { kind, streamId: handle.streamId });
    } catch (e) {
      this._retire(trace);
      if (p.cancelled || this.publishers.get(kind) !== p) return;
      this.publishers.delete(kind);
      this.diag.error(`publish ${kind}`, e);
      if (e.code === 224) {  // not allowed in this room now: try again when the rooms change
        this._setLocalState(kind, 'waiting', e);
        if (epoch !== this.roomEpoch) this._reconcile();
        return;
      }
      this._onMediaError(e, { kind });
      if (e.code === 202) { this._setLocalState(kind, 'waiting'); this.sessionLive = false; return; }
      if (e.code === 400) { this._setLocalState(kind, 'waiting', e); return; }
      if (e.code === 304) { this._setLocalState(kind, 'error', e); this.wantLocal.delete(kind); return; }
      if (e.error === 'CONNECTION_CLOSED' || e.error === 'NOT_CONNECTED') return;
      this._setLocalState(kind, 'error', e);
      this._scheduleLocalRetry(kind, { attempts: prevAttempts });
    } finally {
      settled();
    }
  }

  _onLocalMediaState(kind, p, m) {
    if (m.state === 'connected') {
      p.attempts = 0;
      this._setLocalState(kind, 'live');
    } else if (m.state === 'hangup' || m.state === 'failed') {
      if (this.publishers.get(kind) !== p) return;
      if (p.handle) this._settling(kind, p.handle.close({ unpublish: true }));
      this._retire(p.trace);
      this.publishers.delete(kind);
      this._setLocalState(kind, 'publishing');
      this._scheduleLocalRetry(kind, p);
    }
  }

  // ----- remote streams

  async _subscribe(info, prevAttempts = 0) {
    const streamId = info.streamId;
    const trace = new PeerTrace(this.diag, 'recv', streamId);
    const s = { busy: true, attempts: prevAttempts, handle: null, trace };
    this.subs.set(streamId, s);
    this._emit('remote-state', { streamId, state: prevAttempts > 0 ? 'reconnecting' : 'connecting', info });
    try {
      const handle = await subscribe(this.client, streamId, {
        onState: (m) => this._onRemoteMediaState(streamId, s, m), trace,
      });
      if (this.subs.get(streamId) !== s) { handle.close(); return; }
      s.handle = handle; s.busy = false;
      this._emit('remote-added', { ...info, mediaStream: handle.stream, handle });
    } catch (e) {
      this._retire(trace);
      if (this.subs.get(streamId) !== s) return;
      this.subs.delete(streamId);
      this.diag.error(`subscribe ${streamId}`, e);
      if (e.code === 204 || e.code === 202) {
        this.remoteStreams.delete(streamId);
        this._emit('remote-state', { streamId, state: 'gone' });
        return;
      }
      this._onMediaError(e, { streamId });
      if (e.code === 400) return;
      if (e.error === 'CONNECTION_CLOSED' || e.error === 'NOT_CONNECTED') return;
      this._scheduleRemoteRetry(streamId, s);
    }
  }

  _onRemoteMediaState(streamId, s, m) {
    if (m.state === 'connected') {
      s.attempts = 0;
      this._emit('remote-state', { streamId, state: 'connected' });
    } else if (m.state === 'hangup' || m.state === 'failed') {
      if (this.subs.get(streamId) !== s) return;
      s.handle?.close();
      this._retire(s.trace);
      this.subs.delete(streamId);
      this._emit('remote-removed', { streamId });
      this._scheduleRemoteRetry(streamId, s);
    }
  }

  _scheduleRemoteRetry(streamId, prev) {
    if (!this.remoteStreams.has(streamId)) return;
    const attempts = (prev?.attempts || 0) + 1;
    if (attempts > 8) {
      this.diag.note('page', { what: 'subscribe given up', streamId, attempts: attempts - 1 });
      this._emit('remote-state', { streamId, state: 'failed', info: this.remoteStreams.get(streamId) });
      return;
    }
    const delay = Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
    const s = { busy: false, attempts, retryTimer: null, waiting: true, retryAt: diagNow() + delay };
    this.subs.set(streamId, s);
    this.diag.note('page', { what: 'subscribe retry', streamId, attempts, delayMs: delay });
    this._emit('remote-state', { streamId, state: 'reconnecting', info: this.remoteStreams.get(streamId) });
    s.retryTimer = setTimeout(() => {
      if (this.subs.get(streamId) === s) { this.subs.delete(streamId); this._reconcile(null, s); }
    }, delay);
  }

  // ----- media server up / down

  _onMediaError(e, context) {
    if (e.code === 400) this._markMediaDown(e.message);
    this._emit('error', { error: e, context });
  }

  _markMediaDown(reason) {
    if (this.mediaUp) {
      this.mediaUp = false;
      this._emit('interrupted', { reason });
    }
    // Fall back to trying again now and then in case no media.restored reaches us.
    clearTimeout(this._mediaRetryTimer);
    this._mediaRetryTimer = setTimeout(() => { this.mediaUp = true; this._reconcile(); }, 20000);
  }

  _onLost(reason) {
    this._closeAllPeers(false);
    for (const id of [...this.remoteStreams.keys()]) this._dropRemote(id);
    for (const kind of this.wantLocal.keys()) this._setLocalState(kind, 'waiting');
    this.mediaUp = true;  // force the event
    this._markMediaDown(reason);
  }

  _onRestored() {
    clearTimeout(this._mediaRetryTimer);
    this.mediaUp = true;
    this._emit('restored', {});
    this._reconcile();
  }

  _closeAllPeers(sendRequests) {
    for (const kind of [...this.publishers.keys()]) {
      this._closePublisher(kind, sendRequests);
      if (this.wantLocal.has(kind)) this._setLocalState(kind, 'waiting');
    }
    for (const [streamId, s] of [...this.subs]) {
      clearTimeout(s.retryTimer);
      if (s.trace) this._retire(s.trace);
      if (s.handle) { s.handle.close({ unsubscribe: sendRequests }); this._emit('remote-removed', { streamId }); }
      this.subs.delete(streamId);
      this._emit('remote-state', { streamId, state: 'gone' });
    }
  }

  /** The lesson ended: the server ended all streams and subscriptions. */
  _endAll() {
    this._closeAllPeers(false);
    for (const id of [...this.remoteStreams.keys()]) this._dropRemote(id);
    for (const kind of this.wantLocal.keys()) this._setLocalState(kind, 'waiting');
  }

  _reconcile(prevPub, prevSub) {
    if (!this.joined || !this.client.isOpen || !this.mediaUp) return;
    if (this.sessionLive) {
      for (const kind of this.wantLocal.keys()) {
        if (!this.publishers.has(kind)) this._publish(kind, prevPub?.attempts || 0);
      }
    }
    for (const [streamId, info] of this.remoteStreams) {
      if (this.isOwn(info)) continue;
      if (!this.subs.has(streamId)) this._subscribe(info, prevSub?.attempts || 0);
    }
  }

  _retire(trace) {
    if (!trace || trace.retiredAt) return;
    trace.retiredAt = diagNow();
    trace.step('ended');
    this.retiredTraces.push(trace);
    if (this.retiredTraces.length > 12) this.retiredTraces.shift();
  }

  /**
   * What the page knows about its media now: joined/live/media server up, the wanted local
   * streams, every publisher and subscription with its peer connection's states, candidates,
   * timeline and getStats() figures, the streams announced, recent signalling and errors.
   */
  async diagnostics() {
    const at = diagNow();
    const peer = async (x) => {
      const out = { busy: !!x.busy, attempts: x.attempts || 0, waiting: !!x.waiting,
        retryInMs: x.retryAt ? Math.max(0, x.retryAt - at) : null };
      if (x.trace) Object.assign(out, x.trace.snapshot());
      const pc = x.handle?.pc || x.trace?.pc;
      if (pc) {
        try { out.stats = await peerStats(pc); } catch (e) { out.stats = { error: String(e) }; }
      }
      return out;
    };
    const publishers = [];
    for (const [kind, p] of this.publishers) publishers.push({ kind, streamId: p.streamId || null, ...(await peer(p)) });
    const subscriptions = [];
    for (const [streamId, s] of this.subs) {
      const info = this.remoteStreams.get(streamId) || {};
      subscriptions.push({ streamId, userId: info.userId || null, kind: info.kind || null, groupId: info.groupId || null,
        ...(await peer(s)) });
    }
    const announced = [...this.remoteStreams.values()].map((s) => ({ streamId: s.streamId, kind: s.kind,
      userId: s.userId, groupId: s.groupId || null, own: this.isOwn(s), subscribed: this.subs.has(s.streamId) }));
    return {
      atMs: at, joined: this.joined, sessionLive: this.sessionLive, mediaUp: this.mediaUp, holding: this.holding,
      roomEpoch: this.roomEpoch, connection: this.client.state,
      wantLocal: [...this.wantLocal.keys()], localState: Object.fromEntries(this.localState),
      publishers, subscriptions, announced,
      ended: this.retiredTraces.map((t) => ({ ...t.snapshot(), endedMsAgo: at - t.retiredAt })),
      recent: this.diag.log.slice(-40), errors: this.diag.errors.slice(), firsts: this.diag.firsts, sent: this.diag.sent,
    };
  }

  /** For tests: [{streamId, kind, direction, pc}] */
  peerConnections() {
    const out = [];
    for (const [kind, p] of this.publishers) {
      if (p.handle) out.push({ streamId: p.handle.streamId, kind, direction: 'send', pc: p.handle.pc });
    }
    for (const [streamId, s] of this.subs) {
      if (s.handle) {
        out.push({ streamId, kind: this.remoteStreams.get(streamId)?.kind || null,
          userId: this.remoteStreams.get(streamId)?.userId || null,
          groupId: this.remoteStreams.get(streamId)?.groupId || null, direction: 'recv', pc: s.handle.pc });
      }
    }
    return out;
  }
}
