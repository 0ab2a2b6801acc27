// Course videos (issue D): the lecturer's panel (upload in chunks with resume, the class's
// catalogue with processing progress, retry, preview, mark a replay checked) and the trainee's
// list of ready replays and lessons linking to /watch.html. REST: docs/protocol.md, "Videos".
import { el } from './classroom-page.js';
import { t, getLang, onLangChange } from './i18n.js';
import { openPlayer } from './vod-player.js';

const POLL_ACTIVE_MS = 1000;
const POLL_IDLE_MS = 15000;

/** An error from the videos API: {code, error, message, offset?}. */
class ApiError extends Error {
  constructor(body, status) {
    super(body?.message || `HTTP ${status}`);
    this.code = body?.code ?? null;
    this.error = body?.error || `HTTP_${status}`;
    this.offset = body?.offset;
    this.status = status;
  }
}

async function api(token, method, path, body, headers = {}) {
  let res;
  try {
    res = await fetch(path, {
      method, cache: 'no-store', body,
      headers: { Authorization: `Bearer ${token}`, ...headers },
    });
  } catch (e) {
    throw new ApiError({ error: 'NETWORK', message: String(e.message || e) }, 0);
  }
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(json, res.status);
  return json;
}

/** Human text for an upload/processing error: our codes get their own sentence, the server's message follows. */
function errorText(e) {
  const key = e.code ? `videos.err.${e.code}` : (e.error === 'NETWORK' ? 'videos.err.network' : null);
  const head = key && t(key) !== key ? t(key) : t('videos.err.generic');
  // The server's (English) words only on the English page; the code's sentence is enough in Chinese.
  return e.message && e.error !== 'NETWORK' && getLang() === 'en' ? `${head} (${e.message})` : head;
}

function stateLabel(v) { return t(`videos.state.${v.state}`); }
function percent(x) { return Math.max(0, Math.min(100, Math.floor(x * 100))); }
function duration(ms) {
  const s = Math.round((ms || 0) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function creds(ctx) {
  return ctx.token && ctx.classId && ctx.me ? { token: ctx.token, classId: ctx.classId } : null;
}

// ---------------------------------------------------------------------------------------------
// Lecturer

export function mountVideosLecturer(ctx) {
  const $ = (id) => document.getElementById(id);
  const ui = {
    panel: $('videos-panel'), form: $('video-upload-form'), title: $('video-title'), file: $('video-file'),
    upload: $('video-upload'), resume: $('video-resume'), progress: $('video-upload-progress'),
    bar: $('video-upload-bar'), pct: $('video-upload-percent'), error: $('video-upload-error'),
    list: $('video-list'), empty: $('video-list-empty'),
    preview: $('video-preview'), player: $('video-preview-player'), previewTitle: $('video-preview-title'),
    previewClose: $('video-preview-close'),
  };
  if (!ui.panel) return null;
  let videos = [];
  let upload = null;          // {id, file, size, chunkBytes, received, running}
  let timer = null;
  let player = null;
  const busy = new Set();

  function showError(e) {
    // A refused type names the file in the page's own words (the server's sentence is English).
    const file = ui.file && ui.file.files && ui.file.files[0];
    const named = e.code === 237 && file ? ` ${t('videos.err.fileNamed', { name: file.name })}` : '';
    ui.error.textContent = errorText(e) + named;
    ui.error.dataset.code = e.code ?? e.error ?? '';
    ui.error.hidden = false;
  }
  function showText(code, key) {
    ui.error.textContent = t(key);
    ui.error.dataset.code = code;
    ui.error.hidden = false;
  }
  function clearError() { ui.error.hidden = true; ui.error.textContent = ''; ui.error.dataset.code = ''; }

  function setProgress(received, size) {
    const p = size ? Math.floor((received * 100) / size) : 0;
    ui.progress.hidden = false;
    ui.bar.value = p;
    ui.pct.textContent = `${p}%`;
    ui.pct.dataset.percent = String(p);
    ui.progress.dataset.state = p >= 100 ? 'done' : (upload?.running ? 'uploading' : 'paused');
  }

  function renderControls() {
    const running = !!upload?.running;
    ui.upload.disabled = running || !creds(ctx);
    ui.resume.hidden = !upload || running || upload.received >= upload.size;
  }

  async function sendChunks() {
    const c = creds(ctx);
    if (!c || !upload || upload.running) return;
    upload.running = true;
    renderControls();
    clearError();
    const u = upload;
    try {
      while (u.received < u.size) {
        const end = Math.min(u.size, u.received + u.chunkBytes);
        try {
          const res = await api(c.token, 'PUT', `/api/videos/${encodeURIComponent(u.id)}/source?offset=${u.received}`,
            u.file.slice(u.received, end), { 'Content-Type': 'application/octet-stream' });
          u.received = res.received;
        } catch (e) {
          if (e.code === 239 && Number.isFinite(e.offset)) { u.received = e.offset; setProgress(u.received, u.size); continue; }
          throw e;
        }
        setProgress(u.received, u.size);
      }
      ui.form.reset();
      refresh();
    } catch (e) {
      showError(e);
      if (e.code === 236 || e.code === 240) upload = null;   // nothing to resume
      refresh();
    } finally {
      u.running = false;
      setProgress(u.received, u.size);
      renderControls();
    }
  }

  async function start(ev) {
    ev.preventDefault();
    const c = creds(ctx);
    if (!c || upload?.running) return;
    clearError();
    const file = ui.file.files?.[0];
    const title = ui.title.value.trim();
    if (!title) { showText('NO_TITLE', 'videos.err.noTitle'); return; }
    if (!file) { showText('NO_FILE', 'videos.err.noFile'); return; }
    try {
      const v = await api(c.token, 'POST', `/api/classes/${encodeURIComponent(c.classId)}/videos`,
        JSON.stringify({ title, fileName: file.name, size: file.size, contentType: file.type || '' }),
        { 'Content-Type': 'application/json' });
      upload = { id: v.id, file, size: v.size, chunkBytes: v.chunkBytes, received: v.received, running: false };
      ui.progress.dataset.videoId = v.id;
      setProgress(0, v.size);
      refresh();
      await sendChunks();
    } catch (e) {
      showError(e);
    }
  }

  async function resume() {
    const c = creds(ctx);
    if (!c || !upload || upload.running) return;
    try {
      const v = await api(c.token, 'GET', `/api/videos/${encodeURIComponent(upload.id)}`);
      upload.received = v.received ?? upload.received;
      setProgress(upload.received, upload.size);
      await sendChunks();
    } catch (e) {
      showError(e);
    }
  }

  async function act(v, what) {
    const c = creds(ctx);
    if (!c || busy.has(v.id)) return;
    busy.add(v.id);
    render();
    try {
      await api(c.token, 'POST', `/api/videos/${encodeURIComponent(v.id)}/${what}`);
    } catch (e) {
      showError(e);
    } finally {
      busy.delete(v.id);
      refresh();
    }
  }

  async function remove(v) {
    const c = creds(ctx);
    if (!c || busy.has(v.id) || !window.confirm(t('videos.deleteConfirm', { title: v.title }))) return;
    busy.add(v.id);
    render();
    try {
      await api(c.token, 'DELETE', `/api/videos/${encodeURIComponent(v.id)}`);
      if (ui.preview.dataset.videoId === v.id) closePreview();
      if (upload?.id === v.id) { upload = null; ui.progress.hidden = true; }
    } catch (e) {
      showError(e);
    } finally {
      busy.delete(v.id);
      refresh();
    }
  }

  async function preview(v) {
    const c = creds(ctx);
    if (!c) return;
    closePreview();
    ui.preview.hidden = false;
    ui.preview.dataset.videoId = v.id;
    ui.previewTitle.textContent = v.title;
    ui.player.muted = true;
    try {
      player = await openPlayer(ui.player, {
        videoId: v.id, track: v.tracks[0] || 'main', token: c.token,
        onFatal: (d) => showError({ error: 'PLAYBACK', message: d?.details || 'playback failed' }),
      });
      ui.player.play().catch(() => { /* the controls still work */ });
    } catch (e) {
      showError({ error: 'PLAYBACK', message: String(e.message || e) });
    }
  }

  function closePreview() {
    if (player) { player.destroy(); player = null; }
    ui.player.removeAttribute('src');
    ui.preview.hidden = true;
    delete ui.preview.dataset.videoId;
  }

  function item(v) {
    const active = v.state === 'queued' || v.state === 'processing';
    const li = el('li', { class: 'video-item', dataset: { videoId: v.id, state: v.state, kind: v.kind } },
      el('div', { class: 'video-head' },
        el('strong', { class: 'video-title' }, v.title),
        el('span', { class: 'video-kind' }, t(`videos.kind.${v.kind}`)),
        el('span', { class: `video-state state-${v.state}`, 'data-field': 'state' }, stateLabel(v)),
        v.state === 'ready' ? el('span', { class: 'video-duration' }, duration(v.durationMillis)) : null,
        v.checked ? el('span', { class: 'video-checked' }, t('videos.checked')) : null));
    if (active) {
      const p = percent(v.progress || 0);
      li.append(el('div', { class: 'video-processing', 'data-progress': String(p) },
        el('progress', { max: '100', value: String(p) }), el('span', {}, `${p}%`)));
    }
    if (v.state === 'failed' && v.error) li.append(el('p', { class: 'video-error', 'data-field': 'error' }, v.error));
    const actions = el('div', { class: 'video-actions' });
    if (v.state === 'failed') {
      actions.append(el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'retry',
        onclick: () => act(v, 'retry') }, t('videos.retry')));
    }
    if (v.state === 'ready') {
      actions.append(el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'preview',
        onclick: () => preview(v) }, t('videos.preview')));
      if (v.kind === 'replay' && !v.checked) {
        actions.append(el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'check',
          onclick: () => act(v, 'check') }, t('videos.markChecked')));
      }
    }
    const deletable = !active && v.state !== 'recording' && (v.kind !== 'replay' || v.checked)
      && !(upload?.running && upload.id === v.id);
    if (deletable) {
      actions.append(el('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-action': 'delete',
        onclick: () => remove(v) }, t('videos.delete')));
    }
    for (const b of actions.querySelectorAll('button')) b.disabled = busy.has(v.id);
    if (actions.childElementCount) li.append(actions);
    return li;
  }

  function render() {
    ui.list.replaceChildren(...videos.map(item));
    ui.empty.hidden = videos.length > 0;
    renderControls();
  }

  async function refresh() {
    clearTimeout(timer);
    const c = creds(ctx);
    if (c) {
      try {
        const res = await api(c.token, 'GET', `/api/classes/${encodeURIComponent(c.classId)}/videos`);
        videos = res.videos || [];
        render();
      } catch (e) {
        if (e.code) showError(e);
      }
    }
    const active = !c || videos.some((v) => v.state === 'queued' || v.state === 'processing');
    timer = setTimeout(refresh, active ? POLL_ACTIVE_MS : POLL_IDLE_MS);
  }

  ui.form.addEventListener('submit', start);
  ui.resume.addEventListener('click', resume);
  ui.previewClose.addEventListener('click', closePreview);
  onLangChange(render);
  refresh();
  return { refresh };
}

// ---------------------------------------------------------------------------------------------
// Trainee

export function mountVideosTrainee(ctx) {
  const list = document.getElementById('my-videos');
  const empty = document.getElementById('my-videos-empty');
  if (!list) return null;
  let videos = [];
  let timer = null;

  function render() {
    list.replaceChildren(...videos.map((v) => el('li', { class: 'video-item', dataset: { videoId: v.id, kind: v.kind } },
      el('a', { href: `/watch.html?video=${encodeURIComponent(v.id)}&class=${encodeURIComponent(v.classroomId)}`,
        class: 'video-link' }, v.title),
      el('span', { class: 'video-kind' }, t(`videos.kind.${v.kind}`)),
      el('span', { class: 'video-duration' }, duration(v.durationMillis)))));
    empty.hidden = videos.length > 0;
  }

  async function refresh() {
    clearTimeout(timer);
    const c = creds(ctx);
    if (c) {
      try {
        const res = await api(c.token, 'GET', `/api/classes/${encodeURIComponent(c.classId)}/videos`);
        videos = (res.videos || []).filter((v) => v.state === 'ready');
        render();
      } catch { /* the next poll tries again */ }
    }
    timer = setTimeout(refresh, c ? POLL_IDLE_MS : POLL_ACTIVE_MS);
  }
  onLangChange(render);
  refresh();
  return { refresh };
}
