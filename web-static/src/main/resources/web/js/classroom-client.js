// Classroom signalling protocol client (protocol version 1, see docs/protocol.md).
//
//   const client = new ClassroomClient();
//   client.on('state', ({ state }) => ...);          // 'connecting' | 'open' | 'closed'
//   client.on('participant.joined', (msg) => ...);   // any server event type
//   await client.connect(token);
//   const ok = await client.request('class.join', { classroomId: 'demo-class' });
//
// request() resolves with the `<type>.ok` message, or rejects with a ProtocolError carrying
// `code` (numeric protocol code, or null for client-side failures), `error` (symbolic name) and
// `message`.

export const PROTOCOL_VERSION = 1;

export class ProtocolError extends Error {
  constructor({ code = null, error = 'UNKNOWN', message = '', requestId = null, type = null } = {}) {
    super(message || error);
    this.name = 'ProtocolError';
    this.code = typeof code === 'number' ? code : null;
    this.error = error;
    this.requestId = requestId;
    this.requestType = type;
  }
}

/** Default WebSocket URL for this page's origin. */
export function defaultWsUrl(token, loc = globalThis.location) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
}

export class ClassroomClient {
  /**
   * @param {object} [opts]
   * @param {(token:string)=>string} [opts.url] builds the WebSocket URL from the token
   * @param {number} [opts.requestTimeoutMs] default request timeout
   * @param {number} [opts.connectTimeoutMs] WebSocket open timeout
   * @param {number} [opts.keepAliveMs] interval of application `ping` requests (0 = off)
   */
  constructor({ url = defaultWsUrl, requestTimeoutMs = 15000, connectTimeoutMs = 10000,
                keepAliveMs = 25000 } = {}) {
    this._urlFor = url;
    this.requestTimeoutMs = requestTimeoutMs;
    this.connectTimeoutMs = connectTimeoutMs;
    this.keepAliveMs = keepAliveMs;
    this.state = 'closed';
    this._ws = null;
    this._pending = new Map();     // requestId -> { resolve, reject, timer, type }
    this._handlers = new Map();    // type -> Set<fn>
    this._seq = 0;
    this._prefix = Math.random().toString(36).slice(2, 8);
    this._keepAliveTimer = null;
  }

  /** Subscribe to a server event type, to 'state', to 'error' (errors without requestId),
   *  to '*' (every incoming message) or to 'sent' (every request sent). Returns an unsubscribe
   *  function. */
  on(type, fn) {
    if (!this._handlers.has(type)) this._handlers.set(type, new Set());
    this._handlers.get(type).add(fn);
    return () => this.off(type, fn);
  }

  off(type, fn) {
    const set = this._handlers.get(type);
    if (set) set.delete(fn);
  }

  _emit(type, payload) {
    const set = this._handlers.get(type);
    if (!set) return;
    for (const fn of [...set]) {
      try { fn(payload); } catch (e) { console.error(`handler for ${type} failed`, e); }
    }
  }

  _setState(state, detail = {}) {
    if (this.state === state) return;
    this.state = state;
    this._emit('state', { state, ...detail });
  }

  get isOpen() { return this.state === 'open'; }

  /** Open the WebSocket. Resolves when open; rejects with ProtocolError('CONNECT_FAILED'). */
  connect(token) {
    if (this._ws) this._dropSocket(1000, 'reconnect');
    const ws = new WebSocket(this._urlFor(token));
    this._ws = ws;
    this._setState('connecting');
    return new Promise((resolve, reject) => {
      let opened = false;
      const timer = setTimeout(() => {
        if (!opened && this._ws === ws) {
          ws.close();
          this._onClose(ws, { code: 4000, reason: 'connect timeout', wasClean: false });
          reject(new ProtocolError({ error: 'CONNECT_TIMEOUT', message: 'WebSocket open timed out' }));
        }
      }, this.connectTimeoutMs);
      ws.onopen = () => {
        if (this._ws !== ws) return;
        opened = true;
        clearTimeout(timer);
        this._setState('open');
        this._startKeepAlive();
        resolve();
      };
      ws.onmessage = (ev) => { if (this._ws === ws) this._onMessage(ev.data); };
      ws.onerror = () => { /* followed by onclose */ };
      ws.onclose = (ev) => {
        clearTimeout(timer);
        if (this._ws !== ws) return;
        this._onClose(ws, ev);
        if (!opened) {
          reject(new ProtocolError({ error: 'CONNECT_FAILED',
            message: `WebSocket closed before opening (code ${ev.code})` }));
        }
      };
    });
  }

  /** Close the connection on purpose (no 'lost' semantics for the caller). */
  close(code = 1000, reason = 'client close') {
    if (this._ws) this._dropSocket(code, reason);
  }

  _dropSocket(code, reason) {
    const ws = this._ws;
    try { ws.close(code, reason); } catch { /* ignore */ }
    this._onClose(ws, { code, reason, wasClean: true, byClient: true });
  }

  _onClose(ws, ev) {
    if (this._ws !== ws) return;
    this._ws = null;
    this._stopKeepAlive();
    const err = new ProtocolError({ error: 'CONNECTION_CLOSED', message: 'connection closed' });
    for (const [id, p] of this._pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this._pending.delete(id);
    }
    this._setState('closed', { code: ev.code, reason: ev.reason || '', byClient: !!ev.byClient });
  }

  _onMessage(data) {
    let msg;
    try { msg = JSON.parse(data); } catch {
      console.warn('non-JSON frame from server', data);
      return;
    }
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
    const p = msg.requestId != null ? this._pending.get(msg.requestId) : undefined;
    if (p) {
      this._pending.delete(msg.requestId);
      clearTimeout(p.timer);
      if (msg.type === 'error') {
        p.reject(new ProtocolError({ ...msg, type: p.type }));
      } else if (msg.type === `${p.type}.ok`) {
        p.resolve(msg);
      } else {
        p.reject(new ProtocolError({ error: 'UNEXPECTED_REPLY', requestId: msg.requestId,
          type: p.type, message: `expected ${p.type}.ok, got ${msg.type}` }));
      }
      this._emit('*', msg);
      return;
    }
    this._emit('*', msg);
    if (msg.type === 'error') {
      // An error the server could not tie to a request (malformed frame, ...).
      this._emit('error', new ProtocolError(msg));
      return;
    }
    // Server events. Note: the server also sends events whose type names a request
    // (e.g. `media.trickle` with the media server's candidates).
    this._emit(msg.type, msg);
  }

  /**
   * Send a request; resolves with the `.ok` reply, rejects with a ProtocolError.
   * @param {string} type
   * @param {object} [fields]
   * @param {{timeoutMs?:number}} [opts]
   */
  request(type, fields = {}, { timeoutMs = this.requestTimeoutMs } = {}) {
    if (!this.isOpen) {
      return Promise.reject(new ProtocolError({ error: 'NOT_CONNECTED', type,
        message: 'not connected' }));
    }
    const requestId = `${this._prefix}-${++this._seq}`;
    const frame = JSON.stringify({ ...fields, type, requestId });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this._pending.delete(requestId)) {
          reject(new ProtocolError({ error: 'TIMEOUT', requestId, type,
            message: `${type} got no reply within ${timeoutMs} ms` }));
        }
      }, timeoutMs);
      this._pending.set(requestId, { resolve, reject, timer, type });
      try {
        this._ws.send(frame);
        this._emit('sent', { ...fields, type, requestId });
      } catch (e) {
        clearTimeout(timer);
        this._pending.delete(requestId);
        reject(new ProtocolError({ error: 'SEND_FAILED', requestId, type, message: String(e) }));
      }
    });
  }

  _startKeepAlive() {
    this._stopKeepAlive();
    if (!this.keepAliveMs) return;
    const ws = this._ws;
    this._keepAliveTimer = setInterval(() => {
      if (this._ws !== ws || !this.isOpen) return;
      this.request('ping', {}, { timeoutMs: 10000 }).catch((e) => {
        // No answer: the connection is dead even if the socket has not noticed yet.
        if (e.error === 'TIMEOUT' && this._ws === ws) {
          try { ws.close(4001, 'keep-alive timeout'); } catch { /* ignore */ }
          this._onClose(ws, { code: 4001, reason: 'keep-alive timeout', wasClean: false });
        }
      });
    }, this.keepAliveMs);
  }

  _stopKeepAlive() {
    if (this._keepAliveTimer) clearInterval(this._keepAliveTimer);
    this._keepAliveTimer = null;
  }
}
