// Watch progress: heartbeats every `heartbeatSeconds` and on play/pause/seek/end, the rate cap in
// the UI, snapping back from a refused seek, the coverage bar and the completed badge.
//   const wp = new WatchProgress(api, video, rules, { onQuestion, onMessage, onProgress });
//   wp.start();

export class WatchProgress {
  constructor(api, video, rules, handlers) {
    this.api = api;
    this.video = video;
    this.rules = rules;
    this.h = handlers;
    // The server ignores a seq not above the last one it saw (also across reloads): start from the clock.
    this.seq = Date.now() * 1000;
    this.lastTime = 0;            // playhead before the current seek
    this.allowedMax = null;       // null: seeking ahead is allowed
    this.blockedUntilAnswer = false;
    this.visible = document.visibilityState === 'visible';
    this.focused = document.hasFocus();
    this.inflight = Promise.resolve();
  }

  get cap() { return this.rules.maxRatePercent / 100; }

  isVisible() { return this.visible && this.focused; }

  start() {
    const v = this.video;
    v.addEventListener('timeupdate', () => { if (!v.seeking) this.lastTime = v.currentTime; });
    v.addEventListener('play', () => this.beat('play'));
    v.addEventListener('pause', () => { if (!v.ended) this.beat('pause'); });
    v.addEventListener('ended', () => this.beat('ended'));
    v.addEventListener('seeking', () => this.onSeeking());
    v.addEventListener('ratechange', () => {
      if (v.playbackRate > this.cap + 1e-9) {
        v.playbackRate = this.cap;
        this.h.onMessage('rate', { cap: this.rules.maxRatePercent });
      }
    });
    document.addEventListener('visibilitychange', () => {
      this.visible = document.visibilityState === 'visible';
      this.beat('tick');
    });
    window.addEventListener('blur', () => { this.focused = false; this.beat('tick'); });
    window.addEventListener('focus', () => { this.focused = true; this.beat('tick'); });
    this.timer = setInterval(() => this.beat('tick'), this.rules.heartbeatSeconds * 1000);
  }

  stop() { clearInterval(this.timer); }

  onSeeking() {
    const v = this.video;
    if (this.snapping) { this.snapping = false; this.lastTime = v.currentTime; return; }
    const from = this.lastTime;
    const to = v.currentTime;
    if (this.allowedMax != null && to > this.allowedMax + 1) {
      // Refused here at once; the server refuses it too (and records it).
      this.snapBack(this.allowedMax);
    }
    this.beat('seek', { position: to, from });
  }

  snapBack(to) {
    this.snapping = true;
    this.video.currentTime = to;
    this.lastTime = to;
    this.h.onMessage('seek-refused', { to });
  }

  /** Sends one heartbeat (serialised: one at a time, in order). */
  beat(event, extra = {}) {
    const v = this.video;
    const body = {
      seq: ++this.seq,
      position: extra.position != null ? extra.position : v.currentTime,
      rate: v.playbackRate || 1,
      playing: !v.paused && !v.ended,
      visible: this.isVisible(),
      event,
    };
    if (extra.from != null) body.from = extra.from;
    this.inflight = this.inflight.then(() => this.api.call('POST', 'watch', body)
      .then((r) => this.apply(r, body))
      .catch((e) => this.h.onError(e)));
    return this.inflight;
  }

  apply(r, sent) {
    if (r.ignored) return;
    this.allowedMax = r.allowedMaxPosition;
    this.h.onProgress(r);
    if (r.refused === 'seek-ahead' && r.allowedMaxPosition != null) {
      if (Math.abs(this.video.currentTime - r.allowedMaxPosition) > 0.5 && this.video.currentTime > r.allowedMaxPosition) {
        this.snapBack(r.allowedMaxPosition);
      } else {
        this.h.onMessage('seek-refused', { to: r.allowedMaxPosition });
      }
    }
    if (r.question) this.h.onQuestion(r.question, sent);
  }

  /** After a wrong or late answer: back to the segment start. */
  rewind(to, allowedMax) {
    this.allowedMax = allowedMax;
    this.snapping = true;
    this.video.currentTime = to;
    this.lastTime = to;
  }
}
