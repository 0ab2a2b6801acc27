// What a page knows about its media, for a person debugging it and for the end-to-end tests
// (`window.__diag()`, see classroom-page.js): a bounded log of signalling messages and media
// events, and for each peer connection a timeline (created, offer/answer, candidates, ICE and
// connection states, first frame) with times in ms since the page loaded.

const LOG_SIZE = 80;
const TIMELINE_SIZE = 40;
const LOGGED_TYPES = /^(media\.|stream\.|breakout\.|session\.|speak\.|class\.join)/;

const now = () => Math.round(performance.now());

/** One peer connection's history. */
export class PeerTrace {
  constructor(diag, direction, label) {
    this.diag = diag;
    this.direction = direction;  // 'send' | 'recv'
    this.label = label;          // kind (send) or streamId (recv)
    this.target = null;          // streamId or subscriptionId, once the server named it
    this.createdAt = now();
    this.timeline = [];
    this.localCandidates = 0;
    this.remoteCandidates = 0;
    this.remoteCandidatesBuffered = 0;
    this.candidateErrors = 0;
    this.endOfRemoteCandidates = false;
    this.firstTrackAt = null;
    this.pc = null;
  }

  /** Notes a step; `detail` (short) goes with it. */
  step(what, detail) {
    const entry = detail === undefined ? { t: now(), what } : { t: now(), what, detail };
    this.timeline.push(entry);
    if (this.timeline.length > TIMELINE_SIZE) this.timeline.splice(1, 1);  // keep 'created'
  }

  /** Follows the peer connection's state changes (without taking its handlers). */
  watch(pc) {
    this.pc = pc;
    this.step('pc created');
    pc.addEventListener('icegatheringstatechange', () => this.step('gathering', pc.iceGatheringState));
    pc.addEventListener('iceconnectionstatechange', () => this.step('ice', pc.iceConnectionState));
    pc.addEventListener('connectionstatechange', () => this.step('pc', pc.connectionState));
    pc.addEventListener('signalingstatechange', () => this.step('signaling', pc.signalingState));
    pc.addEventListener('track', (ev) => {
      if (this.firstTrackAt === null) this.firstTrackAt = now();
      this.step('track', ev.track.kind);
      // A remote track is muted until its first RTP packet arrives.
      if (ev.track.muted) ev.track.addEventListener('unmute', () => this.step('first packet', ev.track.kind), { once: true });
    });
  }

  /** A plain summary (no getStats). */
  snapshot() {
    const pc = this.pc;
    return {
      direction: this.direction, label: this.label, target: this.target,
      ageMs: now() - this.createdAt,
      signaling: pc?.signalingState ?? null, gathering: pc?.iceGatheringState ?? null,
      ice: pc?.iceConnectionState ?? null, connection: pc?.connectionState ?? null,
      localCandidates: this.localCandidates, remoteCandidates: this.remoteCandidates,
      remoteCandidatesBuffered: this.remoteCandidatesBuffered, candidateErrors: this.candidateErrors,
      endOfRemoteCandidates: this.endOfRemoteCandidates,
      timeline: this.timeline.map((e) => ({ ...e, t: e.t - this.createdAt })),
      createdAt: this.createdAt,
    };
  }
}

/** The page's media log. One per ClassMedia. */
export class MediaDiag {
  constructor(client) {
    this.log = [];
    this.errors = [];
    this.firsts = {};  // 'in class.join.ok' -> when it first happened (ms since the page loaded)
    this.sent = {};    // requests sent, by type ('media.publish camera' by kind): how often the page negotiated
    client.on('*', (m) => {
      if (typeof m.type !== 'string' || m.type === 'media.trickle.ok') return;
      if (LOGGED_TYPES.test(m.type) || m.type === 'error') this.note('in', brief(m));
    });
    client.on('sent', (m) => {
      const key = m.type === 'media.publish' ? `media.publish ${m.kind}` : m.type;
      this.sent[key] = (this.sent[key] || 0) + 1;
      if (LOGGED_TYPES.test(m.type)) this.note('out', brief(m));
    });
    client.on('state', ({ state, code, reason }) => this.note('ws', { state, code, reason }));
  }

  note(dir, what) {
    const key = `${dir} ${what.type || what.what || what.state}`;
    if (!(key in this.firsts)) this.firsts[key] = now();
    this.log.push({ t: now(), dir, ...what });
    if (this.log.length > LOG_SIZE) this.log.shift();
  }

  error(context, e) {
    this.errors.push({ t: now(), context, code: e?.code ?? null, error: e?.error || e?.name || 'Error',
      message: String(e?.message || e) });
    if (this.errors.length > 20) this.errors.shift();
  }
}

/** A message without its SDP and with a candidate shortened: what a person needs to follow it. */
function brief(m) {
  const out = {};
  for (const [k, v] of Object.entries(m)) {
    if (k === 'sdp') out.sdp = `${String(v).length} chars`;
    else if (k === 'candidate') out.candidate = v && v.candidate ? v.candidate.split(' ').slice(4, 8).join(' ') : v;
    else if (k === 'breakout' && v) out.breakout = { breakoutId: v.breakoutId, groups: (v.groups || []).map((g) => ({ groupId: g.groupId, members: g.members, visitors: g.visitors })) };
    else if (k === 'stream' && v) out.stream = { streamId: v.streamId, kind: v.kind, userId: v.userId, groupId: v.groupId ?? null };
    else if (k === 'streams' && Array.isArray(v)) out.streams = v.map((s) => s.streamId);
    else if (k === 'session') out.session = v?.state;
    else if (['participants', 'classroom', 'chat', 'you', 'resumeToken', 'text', 'notes'].includes(k)) out[k] = '…';
    else out[k] = v;
  }
  return out;
}

/** Inbound and outbound RTP figures and the selected candidate pair of a peer connection. */
export async function peerStats(pc) {
  const out = { inbound: [], outbound: [], pair: null };
  if (!pc || pc.connectionState === 'closed') return out;
  const stats = await pc.getStats();
  let pairId = null;
  stats.forEach((r) => {
    if (r.type === 'transport' && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId;
  });
  stats.forEach((r) => {
    if (r.type === 'inbound-rtp') {
      out.inbound.push({ kind: r.kind, packets: r.packetsReceived || 0, bytes: r.bytesReceived || 0,
        framesReceived: r.framesReceived, framesDecoded: r.framesDecoded, keyFramesDecoded: r.keyFramesDecoded,
        pli: r.pliCount, fir: r.firCount, nack: r.nackCount, freezes: r.freezeCount,
        lost: r.packetsLost });
    } else if (r.type === 'outbound-rtp') {
      out.outbound.push({ kind: r.kind, packets: r.packetsSent || 0, framesEncoded: r.framesEncoded,
        keyFramesEncoded: r.keyFramesEncoded, pli: r.pliCount, fir: r.firCount,
        limitation: r.qualityLimitationReason });
    } else if (r.type === 'candidate-pair' && (r.id === pairId || (!pairId && r.nominated))) {
      const l = stats.get(r.localCandidateId);
      const rem = stats.get(r.remoteCandidateId);
      out.pair = { state: r.state, local: l ? `${l.address}:${l.port} ${l.candidateType}` : null,
        remote: rem ? `${rem.address}:${rem.port} ${rem.candidateType}` : null, rttMs: r.currentRoundTripTime != null ? Math.round(r.currentRoundTripTime * 1000) : null };
    }
  });
  return out;
}

export { now as diagNow };
