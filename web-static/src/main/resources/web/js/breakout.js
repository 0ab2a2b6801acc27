// Breakout groups (分组讨论) — docs/protocol.md, "Breakout groups".
//   mountBreakoutTrainee(ctx, camera): #my-group[data-group-id] (name, members, timer, broadcasts,
//     shared notes saved with breakout.notes, moved / back notices); the camera publishes while in
//     a group (media.js re-publishes on ROOM_CHANGED); the group's videos show on the stage.
//   mountBreakoutLecturer(ctx, {getCamera}): #breakout-panel: set up (count, mode, minutes, manual
//     assignment), run (groups, visit / leave, move, extend, broadcast, notes), #btn-recall.
import { el } from './classroom-page.js';
import { publish } from './media.js';
import { t, onLangChange } from './i18n.js';
import { serverClock, mmss, hhmm, nameOf, report, whoAmI } from './interaction-common.js';

const $ = (id) => document.getElementById(id);

function syncFrom(breakout) {
  // No serverTime on breakouts: the start time is the server's clock when breakout.started was made.
  if (breakout?.startedAt && !serverClock.known) serverClock.sync(breakout.startedAt);
}

// ---------------------------------------------------------------------------------------------
// trainee

export function mountBreakoutTrainee(ctx, camera) {
  const { client, banner } = ctx;
  const ui = {
    panel: $('my-group'), name: $('my-group-name'), members: $('my-group-members'), timer: $('my-group-timer'),
    messages: $('breakout-messages'), notes: $('breakout-notes'), save: $('breakout-notes-save'),
    notesState: $('breakout-notes-state'), notice: $('breakout-notice'),
  };
  const st = { breakout: null, groupId: null, notesDirty: false, saving: false, savedAt: null, notesBy: null, timer: null, messages: [] };

  function me() { return whoAmI(ctx); }
  function myGroup() { return st.breakout?.groups?.find((g) => g.groupId === st.groupId) || null; }

  function notice(kind, params = {}) {
    ui.notice.hidden = false;
    ui.notice.dataset.kind = kind;
    ui.notice.replaceChildren(el('span', {}, t(`breakout.notice.${kind}`, params)),
      el('button', { type: 'button', class: 'btn btn-small', onclick: () => { ui.notice.hidden = true; } }, t('common.ok')));
  }

  function apply(breakout, { started = false } = {}) {
    if (started) syncFrom(breakout);
    const prev = st.groupId;
    st.breakout = breakout;
    const mine = me() && breakout.groups.find((g) => (g.members || []).includes(me().userId));
    st.groupId = mine ? mine.groupId : null;
    if (prev !== st.groupId) {
      st.notesDirty = false;
      st.messages = st.messages.filter(() => st.groupId !== null);
      if (prev && st.groupId) notice('moved', { name: mine.name });
      else if (prev && !st.groupId) notice('mainRoom');
      else if (!prev && st.groupId && !started) notice('joined', { name: mine.name });
      else if (started && st.groupId) ui.notice.hidden = true;
    }
    camera.want('group', !!st.groupId);
    if (!st.notesDirty && mine && document.activeElement !== ui.notes) ui.notes.value = mine.notes || '';
    tick();
    render();
  }

  function end(m) {
    const was = st.groupId;
    st.breakout = null;
    st.groupId = null;
    st.messages = [];
    camera.want('group', false);
    if (was || m) notice('back');
    render();
  }

  function tick() {
    clearInterval(st.timer);
    if (!st.breakout) return;
    const upd = () => {
      const s = st.breakout ? serverClock.secondsUntil(st.breakout.endsAt) : 0;
      ui.timer.dataset.secondsLeft = String(s);
      ui.timer.textContent = mmss(s);
      ui.timer.dataset.urgent = String(s <= 60);
    };
    upd();
    st.timer = setInterval(() => { if (!st.breakout) { clearInterval(st.timer); return; } upd(); }, 500);
  }

  function render() {
    const g = myGroup();
    document.body.dataset.breakout = st.breakout ? (g ? 'in-group' : 'main-room') : 'none';
    if (!g) { ui.panel.hidden = true; delete ui.panel.dataset.groupId; return; }
    ui.panel.hidden = false;
    ui.panel.dataset.groupId = g.groupId;
    ui.name.textContent = g.name;
    ui.members.replaceChildren(...(g.members || []).map((u) => el('li', { 'data-user-id': u,
      class: me() && u === me().userId ? 'is-me' : '' }, nameOf(ctx, u))),
    ...(g.visitors || []).map((u) => el('li', { 'data-user-id': u, class: 'is-visitor' },
      `${nameOf(ctx, u)}（${t('breakout.visiting')}）`)));
    ui.messages.replaceChildren(...st.messages.map((m) => el('li', {},
      el('strong', {}, m.displayName || m.from), ' ', el('time', {}, hhmm(m.at)), '：', m.text)));
    ui.messages.hidden = st.messages.length === 0;
    const joined = client.isOpen && !!ctx.you;
    ui.save.disabled = !joined || st.saving || !st.notesDirty;
    ui.notesState.textContent = st.saving ? t('breakout.notes.saving') : st.notesDirty ? t('breakout.notes.unsaved')
      : st.savedAt ? t('breakout.notes.saved', { time: hhmm(st.savedAt), who: st.notesBy ? nameOf(ctx, st.notesBy) : '' }) : '';
    ui.notesState.dataset.state = st.saving ? 'saving' : st.notesDirty ? 'dirty' : 'saved';
  }

  ui.notes.addEventListener('input', () => { st.notesDirty = true; render(); });
  ui.save.addEventListener('click', async () => {
    const g = myGroup();
    if (!g || st.saving) return;
    st.saving = true; render();
    banner.clear('breakout');
    const text = ui.notes.value;
    try {
      await client.request('breakout.notes', { groupId: g.groupId, text });
      if (ui.notes.value === text) st.notesDirty = false;
      g.notes = text;
      st.savedAt = new Date().toISOString();
      st.notesBy = me()?.userId;
    } catch (e) { report(banner, 'breakout', e); } finally { st.saving = false; render(); }
  });

  client.on('breakout.started', (m) => apply(m.breakout, { started: true }));
  client.on('breakout.updated', (m) => apply(m.breakout));
  client.on('breakout.ended', (m) => end(m));
  client.on('breakout.ending', (m) => { if (st.groupId) notice('ending', { s: m.secondsLeft }); });
  client.on('breakout.broadcast', (m) => {
    if (!st.breakout) return;
    st.messages.push({ ...m, at: new Date().toISOString() });
    notice('broadcast', { text: m.text });
    render();
  });
  client.on('breakout.notes', (m) => {
    const g = st.breakout?.groups?.find((x) => x.groupId === m.groupId);
    if (!g) return;
    g.notes = m.text;
    st.savedAt = m.at; st.notesBy = m.by;
    if (m.groupId === st.groupId && !st.notesDirty && document.activeElement !== ui.notes) ui.notes.value = m.text;
    render();
  });
  client.on('session.ended', () => { if (st.breakout) end(null); });
  ctx.breakoutRunning = () => !!st.breakout;
  ctx.interaction.onJoined.push(() => { st.breakout = null; st.groupId = null; camera.want('group', false); render(); });
  ctx.interaction.onRender.push(render);
  onLangChange(render);
  render();
}

// ---------------------------------------------------------------------------------------------
// lecturer

export function mountBreakoutLecturer(ctx, { getCamera }) {
  const { client, banner } = ctx;
  const ui = {
    panel: $('breakout-panel'), setup: $('breakout-setup'), count: $('breakout-count'), mode: $('breakout-mode'),
    minutes: $('breakout-minutes'), assign: $('breakout-assign'), start: $('breakout-start'),
    running: $('breakout-running'), timer: $('breakout-timer'), groups: $('breakout-groups'),
    mainRoom: $('breakout-main-room'), extendMin: $('breakout-extend-minutes'), extend: $('breakout-extend'),
    bcInput: $('breakout-broadcast-input'), bcSend: $('breakout-broadcast-send'), recall: $('btn-recall'),
    last: $('breakout-last'),
  };
  const st = { breakout: null, busy: false, timer: null, assignment: new Map(), visitPub: null, last: null };

  function me() { return whoAmI(ctx); }
  function trainees() {
    return [...ctx.participants.values()].filter((p) => p.role === 'trainee');
  }
  function visiting() {
    return st.breakout?.groups?.find((g) => me() && (g.visitors || []).includes(me().userId)) || null;
  }

  async function call(type, fields, then) {
    st.busy = true; render();
    banner.clear('breakout');
    try { const ok = await client.request(type, fields); then?.(ok); return ok; } catch (e) { report(banner, 'breakout', e); return null; }
    finally { st.busy = false; render(); }
  }

  function renderSetup() {
    const n = Math.min(10, Math.max(2, Number(ui.count.value) || 2));
    const manual = ui.mode.value === 'manual';
    ui.assign.hidden = !manual;
    if (!manual) return;
    const rows = trainees().map((p) => {
      const sel = el('select', { 'data-user-id': p.userId, 'aria-label': t('breakout.assignFor', { name: p.displayName || p.userId }),
        onchange: (ev) => { st.assignment.set(p.userId, ev.target.value); } },
      el('option', { value: '' }, t('breakout.mainRoom')),
      ...Array.from({ length: n }, (_, i) => el('option', { value: String(i) }, t('breakout.groupN', { n: i + 1 }))));
      const was = st.assignment.get(p.userId);
      sel.value = was !== undefined && Number(was) < n ? was : '';
      return el('li', { class: 'assign-row', 'data-user-id': p.userId }, el('span', {}, p.displayName || p.userId), sel);
    });
    if (rows.length === 0) rows.push(el('li', { class: 'empty-item' }, t('breakout.noTrainees')));
    ui.assign.replaceChildren(...rows);
  }

  function moveSelect(userId, current) {
    const groups = st.breakout.groups;
    const sel = el('select', { class: 'move-select', 'data-user-id': userId, 'aria-label': t('breakout.moveTo'),
      disabled: st.busy ? '' : null,
      onchange: (ev) => call('breakout.move', { userId, groupId: ev.target.value || null }, (ok) => apply(ok.breakout)) },
    el('option', { value: '' }, t('breakout.mainRoom')),
    ...groups.map((g) => el('option', { value: g.groupId }, g.name)));
    sel.value = current || '';
    return sel;
  }

  function render() {
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    const b = st.breakout;
    ui.panel.dataset.state = b ? 'running' : 'idle';
    ui.setup.hidden = !!b;
    ui.running.hidden = !b;
    ui.start.disabled = !live || st.busy || !!b;
    if (st.last && !b) {
      ui.last.hidden = false;
      ui.last.replaceChildren(el('h3', {}, t('breakout.lastNotes')),
        ...st.last.map((n) => el('div', { class: 'bo-note', 'data-group-id': n.groupId },
          el('strong', {}, n.name), el('pre', {}, n.text || t('breakout.notes.empty')))));
    } else ui.last.hidden = true;
    if (!b) { renderSetup(); return; }
    const v = visiting();
    const inGroup = new Set(b.groups.flatMap((g) => g.members || []));
    ui.groups.replaceChildren(...b.groups.map((g) => el('div', { class: `bo-group${v && v.groupId === g.groupId ? ' is-visiting' : ''}`,
      'data-group-id': g.groupId, 'data-members': String((g.members || []).length) },
    el('div', { class: 'bo-group-head' }, el('strong', {}, g.name),
      el('span', { class: 'muted' }, t('breakout.membersN', { n: (g.members || []).length })),
      el('button', { type: 'button', class: `btn btn-small${v && v.groupId === g.groupId ? ' btn-primary' : ''}`,
        'data-action': v && v.groupId === g.groupId ? 'leave' : 'visit', disabled: st.busy || !live ? '' : null,
        onclick: () => visit(v && v.groupId === g.groupId ? null : g.groupId) },
      t(v && v.groupId === g.groupId ? 'breakout.leave' : 'breakout.visit'))),
    el('ul', { class: 'bo-members' }, ...(g.members || []).map((u) => el('li', { 'data-user-id': u },
      el('span', {}, nameOf(ctx, u)), moveSelect(u, g.groupId))),
    ...(g.visitors || []).map((u) => el('li', { class: 'is-visitor', 'data-user-id': u }, `${nameOf(ctx, u)}（${t('breakout.visiting')}）`))),
    el('details', { class: 'bo-notes', open: '' }, el('summary', {}, t('breakout.notes.title')),
      el('pre', { 'data-field': 'notes' }, g.notes || t('breakout.notes.empty'))))));
    const outside = trainees().filter((p) => !inGroup.has(p.userId));
    ui.mainRoom.replaceChildren(...outside.map((p) => el('li', { 'data-user-id': p.userId },
      el('span', {}, p.displayName || p.userId), moveSelect(p.userId, null))));
    ui.mainRoom.hidden = outside.length === 0;
    $('breakout-main-room-title').hidden = outside.length === 0;
    for (const x of [ui.extend, ui.bcSend, ui.recall]) x.disabled = st.busy || !live;
  }

  function tick() {
    clearInterval(st.timer);
    const upd = () => {
      const s = st.breakout ? serverClock.secondsUntil(st.breakout.endsAt) : 0;
      ui.timer.dataset.secondsLeft = String(s);
      ui.timer.textContent = mmss(s);
    };
    upd();
    st.timer = setInterval(() => { if (!st.breakout) { clearInterval(st.timer); return; } upd(); }, 500);
  }

  function apply(breakout, opts = {}) {
    if (!breakout) return;
    if (opts.started) syncFrom(breakout);
    st.breakout = breakout;
    st.last = null;
    syncVisitCamera();
    tick();
    render();
  }

  // A visiting lecturer with the camera on is seen in the group (media.publish with groupId).
  async function syncVisitCamera() {
    const v = visiting();
    const cam = getCamera();
    const want = v && cam ? v.groupId : null;
    const have = st.visitPub;
    if (have && have.groupId === want) return;
    if (have) { have.closed = true; have.handle?.close(); st.visitPub = null; }
    if (!want) return;
    const pub = { groupId: want, handle: null, closed: false };
    st.visitPub = pub;
    try {
      const handle = await publish(client, 'camera', cam.clone(), { groupId: want });
      if (pub.closed) handle.close(); else pub.handle = handle;
    } catch (e) {
      if (st.visitPub === pub) st.visitPub = null;
      report(banner, 'breakout-camera', e, { level: 'warn' });
    }
  }

  async function visit(groupId) {
    await call('breakout.visit', { groupId }, (ok) => apply(ok.breakout));
  }

  ui.mode.addEventListener('change', renderSetup);
  ui.count.addEventListener('input', renderSetup);
  ui.setup.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const groups = Math.min(10, Math.max(2, Number(ui.count.value) || 2));
    const fields = { groups, mode: ui.mode.value, minutes: Math.min(120, Math.max(1, Number(ui.minutes.value) || 10)) };
    if (fields.mode === 'manual') {
      fields.assignment = {};
      for (const sel of ui.assign.querySelectorAll('select[data-user-id]')) {
        if (sel.value !== '') fields.assignment[sel.dataset.userId] = Number(sel.value);
      }
    }
    call('breakout.start', fields, (ok) => apply(ok.breakout, { started: true }));
  });
  ui.extend.addEventListener('click', () => call('breakout.extend', { minutes: Math.max(1, Number(ui.extendMin.value) || 5) }, (ok) => apply(ok.breakout)));
  ui.bcSend.addEventListener('click', () => {
    const text = ui.bcInput.value.trim();
    if (!text) return;
    call('breakout.broadcast', { text }, () => { ui.bcInput.value = ''; });
  });
  ui.recall.addEventListener('click', () => call('breakout.recall', {}));

  client.on('breakout.started', (m) => apply(m.breakout, { started: true }));
  client.on('breakout.updated', (m) => apply(m.breakout));
  client.on('breakout.notes', (m) => {
    const g = st.breakout?.groups?.find((x) => x.groupId === m.groupId);
    if (g) { g.notes = m.text; render(); }
  });
  client.on('breakout.ended', (m) => {
    st.breakout = null;
    st.last = m.notes || null;
    syncVisitCamera();
    render();
  });
  client.on('participant.joined', render);
  client.on('participant.left', render);
  ctx.breakoutRunning = () => !!st.breakout;
  ctx.interaction.onJoined.push(() => { st.breakout = null; if (st.visitPub) { st.visitPub.handle?.close({ unpublish: false }); st.visitPub = null; } render(); });
  ctx.interaction.onRender.push(render);
  onLangChange(render);
  render();
  return { syncVisitCamera };
}
