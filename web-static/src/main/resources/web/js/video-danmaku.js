// Danmaku on a video: each flies over the player when playback reaches its moment; new ones from
// other viewers arrive over the live stream and fly at once; one's own are sent at the current time.
import { el } from './classroom-page.js';

const FLY_MS = 8000;
const LANE_HEIGHT = 32;

export class VideoDanmaku {
  constructor(api, video, layer, me) {
    this.api = api;
    this.video = video;
    this.layer = layer;
    this.me = me;
    this.items = [];
    this.known = new Set();
    this.lastT = 0;
    this.laneFreeAt = [];
    video.addEventListener('timeupdate', () => this.onTime());
    video.addEventListener('seeked', () => { this.lastT = video.currentTime; });
  }

  load(list) {
    for (const d of list) this.remember(d);
  }

  remember(d) {
    if (this.known.has(d.id)) return false;
    this.known.add(d.id);
    this.items.push(d);
    return true;
  }

  /** A danmaku pushed live (another viewer's, or one's own echo): fly it now. */
  live(d) {
    if (this.remember(d)) this.fly(d);
  }

  async send(text, color) {
    const d = await this.api.call('POST', 'danmaku', { atS: this.video.currentTime, text, color });
    if (this.remember(d)) this.fly(d);
    return d;
  }

  onTime() {
    const now = this.video.currentTime;
    if (this.video.paused || now < this.lastT || now - this.lastT > 1.5) { this.lastT = now; return; }
    for (const d of this.items) {
      const at = d.atMs / 1000;
      if (at > this.lastT && at <= now) this.fly(d);
    }
    this.lastT = now;
  }

  pickLane() {
    const lanes = Math.max(1, Math.floor((this.layer.clientHeight || 240) / LANE_HEIGHT) - 1);
    const now = performance.now();
    let best = 0;
    for (let i = 0; i < lanes; i++) {
      if ((this.laneFreeAt[i] || 0) <= now) { best = i; break; }
      if ((this.laneFreeAt[i] || 0) < (this.laneFreeAt[best] || 0)) best = i;
    }
    return best;
  }

  fly(d) {
    const node = el('div', {
      class: 'danmaku' + (this.me && d.userId === this.me ? ' is-mine' : ''),
      dataset: { danmakuId: d.id, userId: d.userId || '', source: d.source || 'video', atMs: String(d.atMs) },
    }, d.text);
    node.style.color = d.color || '#ffffff';
    const lane = this.pickLane();
    node.style.top = `${6 + lane * LANE_HEIGHT}px`;
    const width = this.layer.clientWidth || 640;
    node.style.setProperty('--from', `${width}px`);
    node.style.animationDuration = `${FLY_MS}ms`;
    node.addEventListener('animationend', () => node.remove());
    this.layer.append(node);
    const speed = (width + node.offsetWidth) / FLY_MS;
    this.laneFreeAt[lane] = performance.now() + (node.offsetWidth + 40) / speed;
  }
}
