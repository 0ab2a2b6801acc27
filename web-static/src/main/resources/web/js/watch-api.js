// REST and live stream of the watch page (docs/protocol.md, "Watching videos"):
//   const api = new WatchApi(videoId, token);
//   await api.call('POST', 'watch', {...});       // resolves with the JSON body, or throws WatchError
//   api.live((event, data) => ...);              // Server-Sent Events over fetch() (EventSource can't send the bearer)

export class WatchError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.code = body && body.code != null ? body.code : null;
    this.error = (body && body.error) || `HTTP_${status}`;
  }
}

export class WatchApi {
  constructor(videoId, token) {
    this.videoId = videoId;
    this.token = token;
    this.closed = false;
  }

  url(path) {
    const base = `/api/videos/${encodeURIComponent(this.videoId)}`;
    return path ? `${base}/${path}` : base;
  }

  async call(method, path, body) {
    let res;
    try {
      res = await fetch(this.url(path), {
        method,
        headers: { Authorization: `Bearer ${this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        cache: 'no-store',
      });
    } catch (e) {
      throw new WatchError(0, { error: 'NETWORK', message: String(e.message || e) });
    }
    let json = null;
    try { json = await res.json(); } catch { /* not JSON */ }
    if (!res.ok) throw new WatchError(res.status, json);
    return json;
  }

  /** Opens the live stream; reconnects after a drop. `onEvent(name, data)`. */
  live(onEvent, onState = () => {}) {
    const run = async () => {
      while (!this.closed) {
        try {
          this.abort = new AbortController();
          const res = await fetch(this.url('live'), {
            headers: { Authorization: `Bearer ${this.token}`, Accept: 'text/event-stream' },
            cache: 'no-store', signal: this.abort.signal,
          });
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          onState('open');
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buf = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buf += value;
            let cut;
            while ((cut = buf.indexOf('\n\n')) >= 0) {
              const frame = buf.slice(0, cut);
              buf = buf.slice(cut + 2);
              let name = 'message';
              const data = [];
              for (const line of frame.split('\n')) {
                if (line.startsWith('event: ')) name = line.slice(7);
                else if (line.startsWith('data: ')) data.push(line.slice(6));
              }
              if (data.length) {
                try { onEvent(name, JSON.parse(data.join('\n'))); } catch (e) { console.error(e); }
              }
            }
          }
        } catch (e) {
          if (this.closed) return;
        }
        onState('closed');
        if (!this.closed) await new Promise((r) => setTimeout(r, 2000));
      }
    };
    run();
  }

  close() {
    this.closed = true;
    if (this.abort) this.abort.abort();
  }
}
