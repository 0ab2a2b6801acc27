// Chat, danmaku (弹幕) and likes — docs/protocol.md, "Chat, danmaku and likes".
//   mountChat(ctx, {lecturer})      #chat-panel: class chat and private questions to the lecturers
//   mountDanmaku(ctx, {lecturer})   #danmaku-layer over the video, #danmaku-input / #danmaku-send
//   mountLikes(ctx)                 #btn-like and #like-count
import { el } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { hhmm, report, whoAmI } from './interaction-common.js';

const $ = (id) => document.getElementById(id);
const MAX_MESSAGES = 300;

// ---------------------------------------------------------------------------------------------
// chat

export function mountChat(ctx, { lecturer = false } = {}) {
  const { client, banner } = ctx;
  const ui = {
    list: $('chat-messages'), form: $('chat-form'), input: $('chat-input'), send: $('chat-send'),
    to: $('chat-to'), muteState: $('chat-mute-state'), muteAll: $('chat-mute-all'),
  };
  const messages = new Map();          // messageId -> message
  const mutedUsers = new Map();        // userId -> boolean (lecturers: what the server told us)
  const mute = { self: null, all: false };
  let busy = false;

  function me() { return whoAmI(ctx); }
  function iAmMuted() {
    if (lecturer) return false;
    return mute.self === true || (mute.all && mute.self !== false);
  }

  function add(m) {
    if (!m || !m.messageId || messages.has(m.messageId)) return;
    messages.set(m.messageId, m);
    if (messages.size > MAX_MESSAGES) messages.delete(messages.keys().next().value);
    render();
    ui.list.scrollTop = ui.list.scrollHeight;
  }

  function item(m) {
    const from = m.from || {};
    const mine = me() && from.userId === me().userId;
    const li = el('li', {
      class: `chat-msg role-${from.role || 'trainee'}${mine ? ' is-mine' : ''}${m.to === 'lecturers' ? ' is-private' : ''}`,
      'data-message-id': m.messageId, 'data-user-id': from.userId, 'data-to': m.to || 'class',
      'data-masked': String(!!m.masked),
    });
    const head = el('div', { class: 'chat-head' },
      el('span', { class: 'chat-name' }, from.displayName || from.userId || ''),
      from.role === 'lecturer' ? el('span', { class: 'role-badge role-lecturer' }, t('role.lecturer')) : null,
      m.to === 'lecturers' ? el('span', { class: 'chat-private', title: t('chat.privateHint') }, t('chat.private')) : null,
      el('time', { class: 'chat-time', datetime: m.sentAt }, hhmm(m.sentAt)));
    if (lecturer) {
      const actions = el('span', { class: 'chat-actions' });
      actions.append(el('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-action': 'delete',
        title: t('chat.delete'), onclick: () => del(m.messageId) }, t('chat.delete')));
      if (from.role === 'trainee') {
        const muted = mutedUsers.get(from.userId) === true;
        actions.append(el('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-action': 'mute',
          'aria-pressed': String(muted), onclick: () => muteUser(from.userId, !muted) },
        t(muted ? 'chat.unmuteUser' : 'chat.muteUser')));
      }
      head.append(actions);
    }
    li.append(head, el('div', { class: 'chat-text' }, m.text));
    if (m.masked) li.append(el('div', { class: 'chat-masked' }, t('chat.masked')));
    return li;
  }

  function render() {
    const items = [...messages.values()].map(item);
    if (items.length === 0) items.push(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('chat.none')));
    ui.list.replaceChildren(...items);
    renderForm();
  }

  function renderForm() {
    const joined = client.isOpen && !!ctx.you;
    const muted = iAmMuted();
    ui.input.disabled = !joined || muted;
    ui.send.disabled = !joined || muted || busy;
    ui.input.placeholder = muted ? t('chat.mutedPlaceholder') : t('chat.placeholder');
    if (ui.muteState) {
      ui.muteState.hidden = !muted && !(lecturer && mute.all);
      ui.muteState.dataset.muted = String(muted);
      ui.muteState.dataset.all = String(mute.all);
      ui.muteState.textContent = lecturer ? t('chat.allMutedLecturer')
        : mute.self === true ? t('chat.youMuted') : t('chat.allMuted');
    }
    if (ui.muteAll) {
      ui.muteAll.setAttribute('aria-pressed', String(mute.all));
      ui.muteAll.textContent = t(mute.all ? 'chat.unmuteAll' : 'chat.muteAll');
      ui.muteAll.disabled = !joined;
    }
  }

  ui.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = ui.input.value.trim();
    if (!text || busy) return;
    busy = true; renderForm();
    banner.clear('chat');
    try {
      const ok = await client.request('chat.send', { text, to: ui.to ? ui.to.value : 'class' });
      ui.input.value = '';
      add(ok.message);
    } catch (e) {
      report(banner, 'chat', e, { level: e.code === 106 ? 'warn' : 'error' });
    } finally {
      busy = false; renderForm();
      ui.input.focus();
    }
  });

  async function del(messageId) {
    banner.clear('chat');
    try {
      await client.request('chat.delete', { messageId });
      messages.delete(messageId); render();
    } catch (e) { report(banner, 'chat', e); }
  }

  async function muteUser(userId, muted) {
    banner.clear('chat');
    try {
      await client.request('chat.mute', { userId, muted });
      mutedUsers.set(userId, muted); render();
    } catch (e) { report(banner, 'chat', e); }
  }

  if (ui.muteAll) {
    ui.muteAll.addEventListener('click', async () => {
      banner.clear('chat');
      const muted = !mute.all;
      try {
        await client.request('chat.mute', { muted });
        mute.all = muted; renderForm();
      } catch (e) { report(banner, 'chat', e); }
    });
  }

  client.on('chat.message', (m) => add(m.message));
  // Right after (re)joining: the lesson's recent messages, which replace what the page showed
  // (messages deleted while this page was away disappear).
  client.on('chat.history', (m) => {
    messages.clear();
    for (const msg of m.messages || []) add(msg);
    render();
  });
  client.on('chat.deleted', (m) => { if (messages.delete(m.messageId)) render(); });
  client.on('chat.muted', (m) => {
    if (m.userId) {
      mutedUsers.set(m.userId, !!m.muted);
      if (me() && m.userId === me().userId) mute.self = !!m.muted;
    } else {
      mute.all = !!m.muted;
    }
    render();
  });
  // A new join tells us the mutes again (events right after class.join.ok).
  ctx.interaction.onJoined.push(() => { mute.self = null; mute.all = false; renderForm(); });
  ctx.interaction.onRender.push(renderForm);
  onLangChange(render);
  render();
  return { messages, render };
}

// ---------------------------------------------------------------------------------------------
// danmaku

const LANE_HEIGHT = 34;
const FLY_MS = 8000;

export function mountDanmaku(ctx, { lecturer = false } = {}) {
  const { client, banner } = ctx;
  const ui = {
    layer: $('danmaku-layer'), form: $('danmaku-form'), input: $('danmaku-input'), send: $('danmaku-send'),
    color: $('danmaku-color'), visible: $('btn-danmaku-visible'), state: $('danmaku-state'),
    switchBox: $('danmaku-switch'),
  };
  const st = { enabled: true, visible: true, busy: false };
  const laneFreeAt = [];               // lane -> time its last item has moved far enough

  function pickLane() {
    const lanes = Math.max(1, Math.floor((ui.layer.clientHeight || 240) / LANE_HEIGHT) - 1);
    const now = performance.now();
    let best = 0;
    for (let i = 0; i < lanes; i++) {
      if ((laneFreeAt[i] || 0) <= now) { best = i; break; }
      if ((laneFreeAt[i] || 0) < (laneFreeAt[best] || 0)) best = i;
    }
    return best;
  }

  function show(d) {
    if (!d || !d.danmakuId || !st.visible) return;
    if (ui.layer.querySelector(`[data-danmaku-id="${CSS.escape(d.danmakuId)}"]`)) return;
    const mine = whoAmI(ctx) && d.userId === whoAmI(ctx).userId;
    const node = el('div', { class: `danmaku${mine ? ' is-mine' : ''}`, 'data-danmaku-id': d.danmakuId,
      'data-user-id': d.userId, 'data-masked': String(!!d.masked), title: d.displayName || '' }, d.text);
    if (/^#[0-9a-fA-F]{6}$/.test(d.color || '')) node.style.color = d.color;
    const lane = pickLane();
    node.style.top = `${6 + lane * LANE_HEIGHT}px`;
    const width = ui.layer.clientWidth || 640;
    node.style.setProperty('--from', `${width}px`);
    node.style.animationDuration = `${FLY_MS}ms`;
    node.addEventListener('animationend', () => node.remove());
    ui.layer.append(node);
    // The lane is free again once this item's tail has left the right edge.
    const speed = (width + 200) / FLY_MS;
    laneFreeAt[lane] = performance.now() + (node.offsetWidth + 40) / speed;
    // Safety net (animations do not run in hidden tabs).
    setTimeout(() => node.remove(), FLY_MS + 2000);
  }

  function render() {
    const joined = client.isOpen && !!ctx.you;
    const live = ctx.lessonState === 'live';
    ui.layer.hidden = !st.visible;
    ui.layer.dataset.enabled = String(st.enabled);
    if (ui.input) {
      ui.input.disabled = !joined || !live || !st.enabled;
      ui.input.placeholder = !st.enabled ? t('danmaku.off') : !live ? t('danmaku.notLive') : t('danmaku.placeholder');
      ui.send.disabled = ui.input.disabled || st.busy;
    }
    if (ui.visible) {
      ui.visible.setAttribute('aria-pressed', String(st.visible));
      ui.visible.textContent = t(st.visible ? 'danmaku.hide' : 'danmaku.show');
    }
    if (ui.state) {
      ui.state.dataset.enabled = String(st.enabled);
      ui.state.hidden = st.enabled;
      ui.state.textContent = t('danmaku.offByLecturer');
    }
    if (ui.switchBox) {
      ui.switchBox.checked = st.enabled;
      ui.switchBox.disabled = !joined;
    }
  }

  if (ui.form) {
    ui.form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const text = ui.input.value.trim();
      if (!text || st.busy) return;
      st.busy = true; render();
      banner.clear('danmaku');
      try {
        const fields = { text };
        if (ui.color && ui.color.value && ui.color.value.toLowerCase() !== '#ffffff') fields.color = ui.color.value;
        const ok = await client.request('danmaku.send', fields);
        ui.input.value = '';
        show(ok.danmaku);
      } catch (e) {
        if (e.code === 214) st.enabled = false;
        report(banner, 'danmaku', e, { level: e.code === 106 ? 'warn' : 'error' });
      } finally {
        st.busy = false; render();
      }
    });
  }
  if (ui.visible) {
    ui.visible.addEventListener('click', () => {
      st.visible = !st.visible;
      if (!st.visible) ui.layer.replaceChildren();
      render();
    });
  }
  if (ui.switchBox) {
    ui.switchBox.addEventListener('change', async () => {
      const enabled = ui.switchBox.checked;
      banner.clear('danmaku');
      try {
        const ok = await client.request('danmaku.toggle', { enabled });
        st.enabled = ok.enabled !== undefined ? !!ok.enabled : enabled;
      } catch (e) { report(banner, 'danmaku', e); }
      render();
    });
  }

  client.on('danmaku.shown', (m) => show(m.danmaku));
  client.on('danmaku.toggled', (m) => {
    st.enabled = !!m.enabled;
    if (!st.enabled) ui.layer.replaceChildren();
    render();
  });
  ctx.interaction.onJoined.push(() => { st.enabled = true; render(); });
  ctx.interaction.onRender.push(render);
  onLangChange(render);
  render();
  return { show };
}

// ---------------------------------------------------------------------------------------------
// likes: clicks are batched (like.send count 1–10); the counter is the server's coalesced total

export function mountLikes(ctx) {
  const { client, banner } = ctx;
  const ui = { btn: $('btn-like'), count: $('like-count') };
  const st = { total: 0, pending: 0, timer: null, sending: false };

  function render() {
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    const shown = st.total + st.pending;
    ui.count.textContent = String(shown);
    ui.count.dataset.total = String(st.total);
    ui.btn.disabled = !live;
    ui.btn.setAttribute('aria-label', t('likes.label', { n: shown }));
  }

  async function flush() {
    st.timer = null;
    if (st.sending || st.pending === 0) return;
    const count = Math.min(10, st.pending);
    st.sending = true;
    try {
      await client.request('like.send', { count });
    } catch (e) {
      report(banner, 'likes', e);
    } finally {
      st.pending -= count;
      st.sending = false;
      if (st.pending > 0) flush();
      render();
    }
  }

  ui.btn.addEventListener('click', () => {
    st.pending += 1;
    render();
    ui.btn.classList.remove('pop'); void ui.btn.offsetWidth; ui.btn.classList.add('pop');
    if (!st.timer) st.timer = setTimeout(flush, 400);
  });

  client.on('likes.updated', (m) => {
    if (typeof m.total === 'number') st.total = m.total;
    ui.count.dataset.lastSecond = String(m.lastSecond ?? 0);
    render();
  });
  client.on('session.started', () => { st.total = 0; render(); });
  ctx.interaction.onRender.push(render);
  onLangChange(render);
  render();
}
