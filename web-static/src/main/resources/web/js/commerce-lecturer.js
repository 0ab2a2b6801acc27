// The practice live room on the lecturer page (issue I): open it (title), hand the host role to a
// trainee present, close it; the room's state (host, pinned product, flash sale) and the dashboard.
//   #cm-panel[data-state=open|closed], #cm-open-form, #cm-host-form (#cm-host-pick), #cm-close,
//   #cm-room-line, #cm-pinned-line, #cm-dashboard (CommerceDashboard), #cm-last, #cm-error[data-code]
import { el, errorText } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { isConnectionError, mmss, serverClock } from './interaction-common.js';
import { CommerceRoomState, yuan, percentOf } from './commerce-common.js';
import { CommerceDashboard } from './commerce-dashboard.js';

const $ = (id) => document.getElementById(id);

export function mountCommerceLecturer(ctx) {
  const { client } = ctx;
  const ui = {
    panel: $('cm-panel'), openForm: $('cm-open-form'), title: $('cm-room-title'), open: $('cm-open'),
    room: $('cm-open-room'), roomLine: $('cm-room-line'), hostForm: $('cm-host-form'), pick: $('cm-host-pick'),
    hostSet: $('cm-host-set'), close: $('cm-close'), pinnedLine: $('cm-pinned-line'), last: $('cm-last'),
    error: $('cm-error'),
  };
  const state = new CommerceRoomState(client);
  const dashboard = new CommerceDashboard($('cm-dashboard'));
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

  ui.openForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const title = ui.title.value.trim();
    call('commerce.room.open', title ? { title } : {}, (ok) => { state.setRoom(ok.room); state.changed('ok'); });
  });
  ui.hostForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const userId = ui.pick.value;
    if (!userId) return;
    call('commerce.host.set', { userId }, (ok) => { state.setRoom(ok.room); state.changed('ok'); });
  });
  ui.close.addEventListener('click', () => {
    const roomId = state.room?.roomId;
    call('commerce.room.close', {}, (ok) => {
      if (state.room?.roomId === roomId) {
        state.closed = { roomId, reason: 'lecturer', stats: ok.stats || null };
        state.room = null;
      }
      state.changed('ok');
    });
  });

  function trainees() {
    return [...ctx.participants.values()].filter((p) => p.role === 'trainee')
      .sort((a, b) => String(a.userId).localeCompare(String(b.userId)));
  }

  function renderPick() {
    const room = state.room;
    const chosen = ui.pick.value;
    const options = [el('option', { value: '' }, t('cm.hostPickNone'))];
    for (const p of trainees()) {
      const o = el('option', { value: p.userId }, `${p.displayName || p.userId}${room?.hostId === p.userId ? ` (${t('cm.hostNow')})` : ''}`);
      options.push(o);
    }
    ui.pick.replaceChildren(...options);
    if ([...ui.pick.options].some((o) => o.value === chosen)) ui.pick.value = chosen;
  }

  function render() {
    const room = state.room;
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    ui.panel.dataset.state = room ? 'open' : 'closed';
    ui.panel.dataset.hostId = room?.hostId || '';
    ui.openForm.hidden = !!room;
    ui.room.hidden = !room;
    ui.open.disabled = busy || !live;
    ui.close.disabled = busy || !client.isOpen;
    renderPick();
    ui.hostSet.disabled = busy || !live || !ui.pick.value;
    if (room) {
      ui.roomLine.replaceChildren(
        el('strong', { class: 'cm-room-name' }, room.title || ''), ' · ',
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
    ui.last.hidden = !!room || !c;
    if (!room && c) {
      const s = c.stats || {};
      ui.last.replaceChildren(el('strong', {}, t(`cm.closedReason.${c.reason === 'lesson-ended' ? 'lesson-ended' : 'lecturer'}`)), ' ',
        t('cm.closedFigures', { orders: s.orders ?? 0, units: s.units ?? 0, turnover: yuan(s.turnoverFen ?? 0),
          buyers: s.buyers ?? 0, viewers: s.viewers ?? 0, conversion: percentOf(s.conversion ?? 0) }));
    }
    const running = !!(room?.flash && serverClock.secondsUntil(room.flash.endsAt) > 0);
    if (running && !ticker) ticker = setInterval(render, 500);
    if (!running && ticker) { clearInterval(ticker); ticker = null; }
  }

  state.listen((type) => {
    if (type === 'commerce.stats') dashboard.update(state.stats);
    if (type === 'reset') dashboard.reset();
    render();
  });
  ui.pick.addEventListener('change', render);
  client.on('participant.joined', render);
  client.on('participant.left', render);
  ctx.interaction.onJoined.push(() => state.reset());
  ctx.interaction.onRender.push(render);
  onLangChange(render);
  render();
  return state;
}
