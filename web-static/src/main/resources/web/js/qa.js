// Online Q&A (在线答疑) — docs/protocol.md, "Questions (Q&A)".
// #qa-list li[data-question-id][data-votes][data-state]; trainees ask (#qa-input, #qa-ask) and
// vote; lecturers take questions up (answering) and answer them, with an optional written answer.
import { el } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { hhmm, report, whoAmI } from './interaction-common.js';

const $ = (id) => document.getElementById(id);

export function mountQa(ctx, { lecturer = false } = {}) {
  const { client, banner } = ctx;
  const ui = { list: $('qa-list'), form: $('qa-form'), input: $('qa-input'), ask: $('qa-ask'), count: $('qa-count') };
  const questions = new Map();   // questionId -> question
  const voted = new Map();       // questionId -> youVoted (only replies to us carry it)
  const busy = new Set();
  let asking = false;

  function upsert(q, fromReply = false) {
    if (!q || !q.questionId) return;
    questions.set(q.questionId, { ...questions.get(q.questionId), ...q });
    if (fromReply && typeof q.youVoted === 'boolean') voted.set(q.questionId, q.youVoted);
  }

  function sorted() {
    return [...questions.values()].sort((a, b) => (b.votes || 0) - (a.votes || 0)
      || String(a.askedAt || '').localeCompare(String(b.askedAt || '')));
  }

  function item(q) {
    const me = whoAmI(ctx);
    const mine = me && q.userId === me.userId;
    const youVoted = voted.get(q.questionId) === true;
    const joined = client.isOpen && !!ctx.you;
    const li = el('li', { class: `qa-item qa-${q.state}${mine ? ' is-mine' : ''}`,
      'data-question-id': q.questionId, 'data-votes': String(q.votes || 0), 'data-state': q.state,
      'data-user-id': q.userId });
    const vote = el('button', { type: 'button', class: 'qa-vote', 'data-action': 'vote',
      'aria-pressed': String(youVoted), disabled: mine || !joined || busy.has(q.questionId) ? '' : null,
      title: mine ? t('qa.ownQuestion') : t(youVoted ? 'qa.unvote' : 'qa.vote'),
      onclick: () => vote_(q, !youVoted) },
    el('span', { class: 'qa-arrow', 'aria-hidden': 'true' }, '▲'),
    el('span', { class: 'qa-votes' }, String(q.votes || 0)));
    const body = el('div', { class: 'qa-body' },
      el('div', { class: 'qa-meta' },
        el('span', { class: 'qa-name' }, q.displayName || q.userId),
        el('time', { datetime: q.askedAt }, hhmm(q.askedAt)),
        el('span', { class: `qa-badge qa-badge-${q.state}`, 'data-state': q.state }, t(`qa.state.${q.state}`))),
      el('div', { class: 'qa-text' }, q.text));
    if (q.answer) body.append(el('div', { class: 'qa-answer' }, el('strong', {}, t('qa.answerLabel')), ' ', q.answer));
    if (lecturer) {
      const actions = el('div', { class: 'qa-actions' });
      const off = !joined || busy.has(q.questionId);
      if (q.state === 'open') {
        actions.append(el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'answering',
          disabled: off ? '' : null, onclick: () => mark(q, 'answering') }, t('qa.takeUp')));
      }
      if (q.state !== 'answered' || !q.answer) {
        const input = el('input', { type: 'text', class: 'qa-answer-input', maxlength: '2000', 'data-field': 'answer',
          placeholder: t('qa.answerPlaceholder') });
        actions.append(input, el('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-action': 'answered',
          disabled: off ? '' : null, onclick: () => mark(q, 'answered', input.value.trim()) }, t('qa.markAnswered')));
      }
      body.append(actions);
    }
    li.append(vote, body);
    return li;
  }

  function render() {
    // Keep a half-typed answer across re-renders.
    const typed = new Map([...ui.list.querySelectorAll('li[data-question-id] [data-field=answer]')]
      .map((i) => [i.closest('li').dataset.questionId, { v: i.value, f: document.activeElement === i }]));
    const items = sorted().map((q) => {
      const li = item(q);
      const k = typed.get(q.questionId);
      const input = li.querySelector('[data-field=answer]');
      if (k && input) { input.value = k.v; if (k.f) queueMicrotask(() => input.focus()); }
      return li;
    });
    if (items.length === 0) items.push(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('qa.none')));
    ui.list.replaceChildren(...items);
    if (ui.count) {
      const open = [...questions.values()].filter((q) => q.state !== 'answered').length;
      ui.count.textContent = String(open);
      ui.count.hidden = open === 0;
      ui.count.dataset.count = String(open);
    }
    renderForm();
  }

  function renderForm() {
    if (!ui.form) return;
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    ui.input.disabled = !live;
    ui.ask.disabled = !live || asking;
    ui.input.placeholder = live ? t('qa.placeholder') : t('qa.notLive');
  }

  async function vote_(q, up) {
    busy.add(q.questionId); render();
    banner.clear('qa');
    try {
      const ok = await client.request('qa.vote', { questionId: q.questionId, up });
      upsert(ok.question, true);
    } catch (e) { report(banner, 'qa', e); } finally { busy.delete(q.questionId); render(); }
  }

  async function mark(q, state, answer) {
    busy.add(q.questionId); render();
    banner.clear('qa');
    try {
      const fields = { questionId: q.questionId, state };
      if (answer) fields.answer = answer;
      const ok = await client.request('qa.mark', fields);
      upsert(ok.question, true);
    } catch (e) { report(banner, 'qa', e); } finally { busy.delete(q.questionId); render(); }
  }

  if (ui.form) {
    ui.form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const text = ui.input.value.trim();
      if (!text || asking) return;
      asking = true; renderForm();
      banner.clear('qa');
      try {
        const ok = await client.request('qa.ask', { text });
        ui.input.value = '';
        upsert(ok.question, true);
        render();
      } catch (e) { report(banner, 'qa', e); } finally { asking = false; renderForm(); }
    });
  }

  async function load() {
    try {
      const ok = await client.request('qa.list');
      questions.clear();
      for (const q of ok.questions || []) upsert(q, true);
      banner.clear('qa-list');
    } catch (e) { report(banner, 'qa-list', e, { level: 'warn' }); }
    render();
  }

  client.on('qa.question', (m) => { upsert(m.question); render(); });
  client.on('session.started', () => { questions.clear(); voted.clear(); render(); });
  ctx.interaction.onJoined.push(load);
  ctx.interaction.onRender.push(renderForm);
  onLangChange(render);
  render();
  return { questions };
}
