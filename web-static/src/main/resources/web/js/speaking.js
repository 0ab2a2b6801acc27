// Raising hands and speaking turns — docs/protocol.md, "Raising hands and speaking".
//   mountSpeakingTrainee(ctx, camera): #btn-hand[aria-pressed], #speak-state[data-state], accept /
//     decline an invitation, end one's turn; while speaking `camera` publishes (media.js).
//   mountSpeakingLecturer(ctx): #hands-list (invite), #speakers-list (withdraw / end turn).
import { el } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { nameOf, report, whoAmI } from './interaction-common.js';

const $ = (id) => document.getElementById(id);

export function mountSpeakingTrainee(ctx, camera) {
  const { client, banner } = ctx;
  const ui = { hand: $('btn-hand'), state: $('speak-state'), text: $('speak-text'),
    accept: $('speak-accept'), decline: $('speak-decline'), end: $('speak-end') };
  const st = { raised: false, invite: null, turn: null, busy: false };

  function me() { return whoAmI(ctx); }
  function phase() { return st.turn ? 'speaking' : st.invite ? 'invited' : st.raised ? 'raised' : 'idle'; }

  function render() {
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    const p = phase();
    ui.state.dataset.state = p;
    ui.text.textContent = t(`speak.state.${p}`);
    ui.hand.setAttribute('aria-pressed', String(st.raised));
    ui.hand.textContent = t(st.raised ? 'speak.lower' : 'speak.raise');
    ui.hand.disabled = !live || st.busy || p === 'speaking' || p === 'invited' || ctx.breakoutRunning?.();
    ui.hand.hidden = p === 'speaking' || p === 'invited';
    ui.accept.hidden = p !== 'invited';
    ui.decline.hidden = p !== 'invited';
    ui.end.hidden = p !== 'speaking';
    for (const b of [ui.accept, ui.decline, ui.end]) b.disabled = st.busy || !live;
    document.body.dataset.speaking = String(p === 'speaking');
  }

  async function call(type, fields, then) {
    st.busy = true; render();
    banner.clear('speak');
    try { const ok = await client.request(type, fields); then?.(ok); } catch (e) { report(banner, 'speak', e); }
    finally { st.busy = false; render(); }
  }

  ui.hand.addEventListener('click', () => {
    const raised = !st.raised;
    call('hand.raise', { raised }, (ok) => { st.raised = ok.raised ?? raised; });
  });
  ui.accept.addEventListener('click', () => {
    if (!st.invite) return;
    const turnId = st.invite.turnId;
    call('speak.accept', { turnId }, (ok) => { startTurn(ok.turn || { turnId }); });
  });
  ui.decline.addEventListener('click', () => {
    if (!st.invite) return;
    const turnId = st.invite.turnId;
    call('speak.end', { turnId }, () => { if (st.invite?.turnId === turnId) st.invite = null; });
  });
  ui.end.addEventListener('click', () => {
    if (!st.turn) return;
    call('speak.end', { turnId: st.turn.turnId });
  });

  function startTurn(turn) {
    st.invite = null;
    st.raised = false;
    st.turn = turn;
    camera.want('speaking', true);
    render();
  }

  function endTurn() {
    st.turn = null;
    st.invite = null;
    camera.want('speaking', false);
    render();
  }

  client.on('hand.changed', (m) => { if (me() && m.userId === me().userId) { st.raised = !!m.raised; render(); } });
  client.on('speak.invited', (m) => { st.invite = { turnId: m.turnId, by: m.by }; render(); });
  client.on('speak.started', (m) => { if (me() && m.turn?.userId === me().userId) startTurn(m.turn); });
  client.on('speak.ended', (m) => {
    const mine = (st.turn && m.turnId === st.turn.turnId) || (st.invite && m.turnId === st.invite.turnId)
      || (me() && m.userId === me().userId);
    if (!mine) return;
    const wasSpeaking = !!st.turn;
    endTurn();
    if (m.reason && m.reason !== 'ended' && m.reason !== 'declined') {
      banner.show('speak', { key: `speak.endedReason.${m.reason}`, level: 'info' });
    } else if (wasSpeaking && m.endedBy && me() && m.endedBy !== me().userId) {
      banner.show('speak', { key: 'speak.endedByLecturer', level: 'info' });
    }
  });
  client.on('session.ended', () => { st.raised = false; endTurn(); });
  ctx.interaction.onJoined.push(() => { st.raised = false; st.invite = null; if (st.turn) endTurn(); });
  ctx.interaction.onRender.push(render);
  onLangChange(render);
  render();
}

export function mountSpeakingLecturer(ctx) {
  const { client, banner } = ctx;
  const ui = { hands: $('hands-list'), speakers: $('speakers-list'), count: $('hands-count') };
  const hands = new Map();     // userId -> {userId, displayName}
  const turns = new Map();     // turnId -> {turnId, userId, displayName, state:'invited'|'speaking', startedAt}
  const busy = new Set();

  function render() {
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    const handItems = [...hands.values()].map((h) => {
      const invited = [...turns.values()].some((x) => x.userId === h.userId);
      return el('li', { class: 'hand-item', 'data-user-id': h.userId },
        el('span', { class: 'hand-name' }, h.displayName || nameOf(ctx, h.userId)),
        el('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-action': 'invite',
          disabled: !live || invited || busy.has(h.userId) || ctx.breakoutRunning?.() ? '' : null,
          onclick: () => invite(h) }, t('speak.invite')));
    });
    if (handItems.length === 0) handItems.push(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('speak.noHands')));
    ui.hands.replaceChildren(...handItems);
    if (ui.count) { ui.count.textContent = String(hands.size); ui.count.hidden = hands.size === 0; ui.count.dataset.count = String(hands.size); }
    const turnItems = [...turns.values()].map((x) => el('li', { class: `speaker-item is-${x.state}`,
      'data-turn-id': x.turnId, 'data-user-id': x.userId, 'data-state': x.state },
    el('span', { class: 'hand-name' }, x.displayName || nameOf(ctx, x.userId)),
    el('span', { class: `speak-badge speak-${x.state}` }, t(`speak.turn.${x.state}`)),
    el('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'end',
      disabled: busy.has(x.turnId) || !client.isOpen ? '' : null, onclick: () => end(x) },
    t(x.state === 'invited' ? 'speak.withdraw' : 'speak.endTurn'))));
    if (turnItems.length === 0) turnItems.push(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('speak.noSpeakers')));
    ui.speakers.replaceChildren(...turnItems);
  }

  async function invite(h) {
    busy.add(h.userId); render();
    banner.clear('speak');
    try {
      const ok = await client.request('speak.invite', { userId: h.userId });
      if (!turns.has(ok.turnId)) turns.set(ok.turnId, { turnId: ok.turnId, userId: h.userId, displayName: h.displayName, state: 'invited' });
    } catch (e) { report(banner, 'speak', e); } finally { busy.delete(h.userId); render(); }
  }

  async function end(x) {
    busy.add(x.turnId); render();
    banner.clear('speak');
    try { await client.request('speak.end', { turnId: x.turnId }); } catch (e) { report(banner, 'speak', e); }
    finally { busy.delete(x.turnId); render(); }
  }

  client.on('hand.changed', (m) => {
    if (m.raised) hands.set(m.userId, { userId: m.userId, displayName: m.displayName });
    else hands.delete(m.userId);
    render();
  });
  client.on('speak.started', (m) => {
    const x = m.turn;
    if (!x) return;
    turns.set(x.turnId, { ...x, state: 'speaking' });
    hands.delete(x.userId);
    render();
  });
  client.on('speak.ended', (m) => { turns.delete(m.turnId); render(); });
  client.on('participant.left', () => render());
  client.on('session.ended', () => { hands.clear(); turns.clear(); render(); });
  ctx.interaction.onJoined.push(() => { hands.clear(); turns.clear(); render(); });
  ctx.interaction.onRender.push(render);
  onLangChange(render);
  render();
}
