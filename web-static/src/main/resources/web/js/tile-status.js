// The visible state of a remote video tile, so a person sees why there is no picture:
//   connecting    subscribing / ICE not up yet          "正在连接…"
//   waiting       connected, no frame decoded yet        "等待画面…"
//   playing       frames are being shown                 (no overlay)
//   stalled       frames stopped / ICE disconnected      "画面中断，正在重连…"
//   reconnecting  the subscription is being made again   "正在重新连接…"
//   failed        given up                               "无法接收画面"
// The state is on the tile as data-media-state (tests and CSS read it) and as text in
// .tile-status.

import { t } from './i18n.js';

const CHECK_MS = 500;
const STALL_MS = 3000;

const TEXT_KEYS = {
  connecting: 'tile.connecting', waiting: 'tile.waiting', stalled: 'tile.stalled',
  reconnecting: 'tile.reconnecting', failed: 'tile.failed',
};

export class TileStatus {
  /**
   * @param {HTMLElement} tile
   * @param {HTMLVideoElement|null} video null for a placeholder (no subscription yet)
   * @param {RTCPeerConnection|null} pc
   * @param {string} initial 'connecting' | 'reconnecting' | 'failed'
   */
  constructor(tile, video, pc, initial = 'connecting') {
    this.tile = tile;
    this.video = video;
    this.pc = pc;
    this.signalled = initial;  // what media.js said last
    this.frames = 0;
    this.framesAt = performance.now();
    this.everPlayed = false;
    this.node = document.createElement('div');
    this.node.className = 'tile-status';
    this.node.setAttribute('role', 'status');
    this.node.setAttribute('aria-live', 'polite');
    tile.append(this.node);
    this.state = null;
    this.render();
    if (video) {
      this.timer = setInterval(() => this.check(), CHECK_MS);
      for (const ev of ['playing', 'resize', 'loadeddata']) video.addEventListener(ev, () => this.check());
    }
  }

  /** media.js says: 'connecting' | 'connected' | 'reconnecting' | 'failed'. */
  signal(state) {
    this.signalled = state;
    this.check();
  }

  check() {
    if (this.video) {
      const q = this.video.getVideoPlaybackQuality ? this.video.getVideoPlaybackQuality() : null;
      const frames = q ? q.totalVideoFrames : Math.round((this.video.currentTime || 0) * 1000);
      if (frames > this.frames) { this.frames = frames; this.framesAt = performance.now(); this.everPlayed = true; }
    }
    this.render();
  }

  compute() {
    if (this.signalled === 'failed') return 'failed';
    if (this.signalled === 'reconnecting') return 'reconnecting';
    if (!this.video) return 'connecting';
    const ice = this.pc?.iceConnectionState;
    const fresh = performance.now() - this.framesAt < STALL_MS;
    if (this.everPlayed) {
      if (ice === 'disconnected' || ice === 'failed' || !fresh) return 'stalled';
      return 'playing';
    }
    // An audio-only stream never shows a frame: once connected it is as good as it gets.
    if (this.video.srcObject && this.video.srcObject.getVideoTracks().length === 0
        && (ice === 'connected' || ice === 'completed')) return 'playing';
    return (ice === 'connected' || ice === 'completed' || this.signalled === 'connected') ? 'waiting' : 'connecting';
  }

  render() {
    const s = this.compute();
    if (s === this.state) return;
    this.state = s;
    this.tile.dataset.mediaState = s;
    if (this.video) this.video.dataset.mediaState = s;
    this.node.hidden = s === 'playing';
    this.node.textContent = TEXT_KEYS[s] ? t(TEXT_KEYS[s]) : '';
  }

  /** Language changed. */
  relabel() { this.state = null; this.render(); }

  dispose() {
    clearInterval(this.timer);
    this.node.remove();
  }
}
