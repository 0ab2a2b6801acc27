// The practice live rooms on the lecturer page (issue I): open the whole lesson's room, or during a
// breakout one per group (or one for every group at once); hand the host role to a trainee in a
// room's audience; close it; the rooms side by side (#cm-rooms) and the one shown: its state (host,
// pinned product, flash sale) and dashboard.
//   #cm-panel[data-state=open|closed][data-host-id][data-room-id], #cm-open-form (#cm-open-group,
//   #cm-room-title), #cm-rooms tbody tr[data-room-id] (button[data-action=show]), #cm-host-form
//   (#cm-host-pick), #cm-close, #cm-room-line, #cm-pinned-line, #cm-dashboard (CommerceDashboard),
//   #cm-last, #cm-error[data-code]
import { el, errorText } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { isConnectionError, mmss, serverClock } from './interaction-common.js';
import { CommerceRoomState, yuan, percentOf } from './commerce-common.js';
import { CommerceDashboard } from './commerce-dashboard.js';

const $ = (id) => document.getElementById(id);
const ALL_GROUPS = '*';

export function mountCommerceLecturer(ctx) {
  const { client } = ctx;
  const ui = {
    panel: $('cm-panel'), openForm: $('cm-open-form'), title: $('cm-room-title'), open: $('cm-open'),
    groupField: $('cm-open-group-field'), group: $('cm-open-group'), roomsBox: $('cm-rooms-box'),
    rooms: document.querySelector('#cm-rooms tbody'),
    room: $('cm-open-room'), roomLine: $('cm-room-line'), hostForm: $('cm-host-form'), pick: $('cm-host-pick'),
    hostSet: $('cm-host-set'), close: $('cm-close'), pinnedLine: $('cm-pinned-line'), last: $('cm-last'),
    error: $('cm-error'),
  };
  const state = new CommerceRoomState(client);
  const dashboard = new CommerceDashboard($('cm-dashboard'));
  let groups = [];   // the running breakout's groups: [{groupId, name, members}]
  let busy = false;
  let ticker = null;

  function showError(e) {
    if (!e || isConnectionError(e)) { ui.error.hidden = true; ui.error.textContent = ''; delete ui.error.dataset.code; return; }
    ui.error.hidden = false;
    ui.error.textContent = errorText(e);
    ui.error.dataset.code = String(e.code ?? '');
  }

  async function call(type, fields, then) {
    busy = true; showError(null); render();
    try { const ok = await client.request(type, fields); then?.(ok); } catch (e) { showError(e); }
    finally { busy = false; render(); }
  }

  /** The groups with no room yet (a room per group). */
  function groupsWithoutRoom() {
    const taken = new Set([...state.rooms.values()].map((r) => r.groupId).filter(Boolean));
    return groups.filter((g) => !taken.has(g.groupId));
  }

  function opened(ok) { state.setRoom(ok.room); state.select(ok.room.roomId); }

  ui.openForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const title = ui.title.value.trim();
    if (!groups.length) {
      call('commerce.room.open', title ? { title } : {}, opened);
      return;
    }
    const chosen = ui.group.value;
    const targets = chosen === ALL_GROUPS ? groupsWithoutRoom() : groupsWithoutRoom().filter((g) => g.groupId === chosen);
    busy = true; showError(null); render();
    try {
      for (const g of targets) {
        // One title for all would read the same in every group: each group's room takes its own name.
        const fields = { groupId: g.groupId };
        if (title && chosen !== ALL_GROUPS) fields.title = title;
        opened(await client.request('commerce.room.open', fields));
      }
    } catch (e) { showError(e); } finally { busy = false; render(); }
  });
  ui.hostForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const userId = ui.pick.value;
    const roomId = state.room?.roomId;
    if (!userId || !roomId) return;
    call('commerce.host.set', { userId, roomId }, (ok) => { state.setRoom(ok.room); state.changed('ok'); });
  });
  ui.close.addEventListener('click', () => {
    const room = state.room;
    if (!room) return;
    call('commerce.room.close', { roomId: room.roomId }, (ok) => {
      if (state.rooms.has(room.roomId)) {
        state.closed = { roomId: room.roomId, reason: 'lecturer', stats: ok.stats || null, groupName: room.groupName || null };
        state.remove(room.roomId);
      }
      dashboard.forget(room.roomId);
      state.changed('ok');
    });
  });
  ui.rooms.addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-action="show"]');
    if (b) state.select(b.dataset.roomId);
  });

  /** The trainees present who watch `room`: its group's members, or everyone for the whole lesson's. */
  function audience(room) {
    const members = room?.groupId ? new Set(groups.find((g) => g.groupId === room.groupId)?.members || []) : null;
    return [...ctx.participants.values()].filter((p) => p.role === 'trainee' && (!members || members.has(p.userId)))
      .sort((a, b) => String(a.userId).localeCompare(String(b.userId)));
  }

  /** The room's title, led by its group's name unless the title names it (the default 第1组直播间 does). */
  function roomName(room) {
    const title = room.title || '';
    return room.groupName && !title.includes(room.groupName) ? `${room.groupName} · ${title}` : title;
  }

  function renderPick() {
    const room = state.room;
    const chosen = ui.pick.value;
    const options = [el('option', { value: '' }, t('cm.hostPickNone'))];
    for (const p of audience(room)) {
      options.push(el('option', { value: p.userId }, `${p.displayName || p.userId}${room?.hostId === p.userId ? ` (${t('cm.hostNow')})` : ''}`));
    }
    ui.pick.replaceChildren(...options);
    if ([...ui.pick.options].some((o) => o.value === chosen)) ui.pick.value = chosen;
  }

  function renderOpenForm(live) {
    const free = groupsWithoutRoom();
    const whole = [...state.rooms.values()].some((r) => !r.groupId);
    const canOpen = groups.length ? !whole && free.length > 0 : state.rooms.size === 0;
    ui.openForm.hidden = !canOpen;
    ui.groupField.hidden = !groups.length;
    if (groups.length) {
      const chosen = ui.group.value;
      const options = free.map((g) => el('option', { value: g.groupId }, g.name));
      if (free.length > 1) options.push(el('option', { value: ALL_GROUPS }, t('cm.openAllGroups', { n: free.length })));
      ui.group.replaceChildren(...options);
      if ([...ui.group.options].some((o) => o.value === chosen)) ui.group.value = chosen;
    }
    ui.open.disabled = busy || !live || !canOpen;
  }

  function renderRooms() {
    const rooms = [...state.rooms.values()];
    ui.roomsBox.hidden = !(rooms.length > 1 || rooms.some((r) => r.groupId));
    const shown = state.room?.roomId;
    ui.rooms.replaceChildren(...rooms.map((r) => {
      const s = state.statsByRoom.get(r.roomId) || {};
      return el('tr', { 'data-room-id': r.roomId, 'data-group-id': r.groupId || '', 'data-orders': String(s.orders ?? 0),
        'data-turnover-fen': String(s.turnoverFen ?? 0), 'aria-current': r.roomId === shown ? 'true' : null },
      el('th', { scope: 'row' }, roomName(r)),
      el('td', { 'data-field': 'host' }, r.hostId ? (r.hostName || r.hostId) : t('cm.noHost')),
      el('td', {}, String(s.viewers ?? 0)), el('td', {}, String(s.orders ?? 0)),
      el('td', {}, yuan(s.turnoverFen ?? 0)), el('td', {}, percentOf(s.conversion ?? 0)),
      el('td', {}, el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'show', 'data-room-id': r.roomId,
        'aria-pressed': r.roomId === shown ? 'true' : 'false' }, t('cm.showRoom'))));
    }));
  }

  function render() {
    const room = state.room;
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    ui.panel.dataset.state = room ? 'open' : 'closed';
    ui.panel.dataset.hostId = room?.hostId || '';
    ui.panel.dataset.roomId = room?.roomId || '';
    renderOpenForm(live);
    renderRooms();
    ui.room.hidden = !room;
    ui.close.disabled = busy || !client.isOpen;
    renderPick();
    ui.hostSet.disabled = busy || !live || !ui.pick.value;
    dashboard.show(room?.roomId || null);
    if (room) {
      ui.roomLine.replaceChildren(
        el('strong', { class: 'cm-room-name' }, roomName(room)), ' · ',
        el('span', { 'data-field': 'host', 'data-host-id': room.hostId || '' },
          room.hostId ? t('cm.hostIs', { name: room.hostName || room.hostId }) : t('cm.noHost')), ' · ',
        el('span', { 'data-field': 'products' }, t('cm.productCount', { n: room.products.size })));
      const p = state.pinned();
      if (p) {
        const f = state.flashOf(p.productId);
        const parts = [
          el('span', { class: 'cm-badge' }, t('cm.pinnedBadge')), ' ',
          el('span', { 'data-field': 'pinned', 'data-product-id': p.productId }, p.name), ' ',
          el('strong', {}, yuan(f ? f.priceFen : p.priceFen)), ' ',
          el('span', { 'data-field': 'stock', 'data-stock': String(p.stock) },
            p.stock > 0 ? t('cm.stockLeft', { n: p.stock }) : t('cm.soldOut'))];
        if (f) {
          parts.push(' ', el('span', { class: 'cm-flash' }, `${t('cm.flashBadge')} `,
            el('strong', { role: 'timer' }, mmss(serverClock.secondsUntil(f.endsAt)))));
        }
        ui.pinnedLine.replaceChildren(...parts);
      } else {
        ui.pinnedLine.replaceChildren(el('span', { class: 'hint' }, t('cm.noCard')));
      }
    }
    const c = state.closed;
    ui.last.hidden = !c;
    if (c) {
      const s = c.stats || {};
      const reason = ['lesson-ended', 'breakout-ended'].includes(c.reason) ? c.reason : 'lecturer';
      ui.last.replaceChildren(el('strong', {}, `${c.groupName ? `${c.groupName} · ` : ''}${t(`cm.closedReason.${reason}`)}`), ' ',
        t('cm.closedFigures', { orders: s.orders ?? 0, units: s.units ?? 0, turnover: yuan(s.turnoverFen ?? 0),
          buyers: s.buyers ?? 0, viewers: s.viewers ?? 0, conversion: percentOf(s.conversion ?? 0) }));
    }
    const running = [...state.rooms.values()].some((r) => r.flash && serverClock.secondsUntil(r.flash.endsAt) > 0);
    if (running && !ticker) ticker = setInterval(render, 500);
    if (!running && ticker) { clearInterval(ticker); ticker = null; }
  }

  function breakoutNow(b) {
    groups = (b?.groups || []).map((g) => ({ groupId: g.groupId, name: g.name, members: g.members || [] }));
    render();
  }

  state.listen((type, m) => {
    if (type === 'commerce.stats') dashboard.update(m?.stats);
    if (type === 'commerce.room.closed' || type === 'commerce.room.left') dashboard.forget(m.roomId);
    if (type === 'reset') dashboard.reset();
    render();
  });
  ui.pick.addEventListener('change', render);
  client.on('participant.joined', render);
  client.on('participant.left', render);
  client.on('breakout.started', (m) => breakoutNow(m.breakout));
  client.on('breakout.updated', (m) => breakoutNow(m.breakout));
  client.on('breakout.ended', () => breakoutNow(null));
  client.on('session.ended', () => breakoutNow(null));
  ctx.interaction.onJoined.push(() => { groups = []; state.reset(); });
  ctx.interaction.onRender.push(render);
  onLangChange(render);
  render();
  return state;
}
