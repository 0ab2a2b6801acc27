// In-class exercises (随堂练习) — docs/protocol.md, "In-class exercises".
//   mountExerciseTrainee(ctx): #exercise-dialog pops up on exercise.started, counts down to the
//     server's deadline (clock offset from `serverTime`), submits once, shows the result.
//   mountExerciseLecturer(ctx): #exercise-compose, #exercise-start, live #exercise-tally, close, results.
// The server judges lateness by its own clock: a submit at 0 s is sent anyway and the server's
// refusal (217, recorded as a late attempt) is shown.
import { el, errorText } from './classroom-page.js';
import { t, getLang, onLangChange } from './i18n.js';
import { serverClock, mmss, optionLetter, percent, report } from './interaction-common.js';

const $ = (id) => document.getElementById(id);
const TICK_MS = 200;

function choiceText(ex, choices) {
  if (!Array.isArray(choices) || choices.length === 0) return '—';
  return choices.map((i) => `${optionLetter(i)}${ex?.options?.[i] !== undefined ? ' ' + ex.options[i] : ''}`).join('，');
}

function keyText(ex, correct) {
  if (correct === undefined || correct === null) return null;
  if (ex?.kind === 'text') return Array.isArray(correct) && correct.length ? correct.join(' / ') : null;
  return choiceText(ex, correct);
}

// ---------------------------------------------------------------------------------------------
// trainee

export function mountExerciseTrainee(ctx) {
  const { client, banner } = ctx;
  const ui = {
    dialog: $('exercise-dialog'), title: $('exercise-title'), prompt: $('exercise-prompt'), kind: $('exercise-kind'),
    countdown: $('exercise-countdown'), options: $('exercise-options'), text: $('exercise-text'),
    submit: $('exercise-submit'), status: $('exercise-status'), result: $('exercise-result'),
    hide: $('exercise-hide'), reopen: $('btn-exercise-reopen'),
  };
  // ex: the exercise; answered: {choices|text, at}; closed: exercise.closed; result: exercise.result;
  // error: the last refusal {code, message}
  let cur = null;
  let timer = null;

  function begin(ex, { yours = null, state = 'running' } = {}) {
    if (!ex) return;
    if (ex.serverTime) serverClock.sync(ex.serverTime);
    if (cur && cur.ex.exerciseId === ex.exerciseId) {
      cur.ex = { ...cur.ex, ...ex };
      if (yours && !cur.answered) cur.answered = yours;
    } else {
      cur = { ex, answered: yours, closed: null, result: null, error: null, busy: false, hidden: false, draft: null };
      buildInputs();
    }
    if (state === 'closed') cur.closed = cur.closed || { exerciseId: ex.exerciseId };
    cur.hidden = false;
    startTicking();
    render();
  }

  function buildInputs() {
    const ex = cur.ex;
    const multiple = ex.kind === 'multiple';
    const opts = ex.kind === 'text' ? [] : (ex.options && ex.options.length ? ex.options : (ex.kind === 'truefalse' ? ['对', '错'] : []));
    ui.options.replaceChildren(...opts.map((o, i) => el('label', { class: 'ex-option' },
      el('input', { type: multiple ? 'checkbox' : 'radio', name: 'exercise-choice', value: String(i),
        onchange: renderControls }),
      el('span', { class: 'ex-letter' }, optionLetter(i)),
      el('span', { class: 'ex-option-text' }, o))));
    ui.options.hidden = ex.kind === 'text';
    ui.text.hidden = ex.kind !== 'text';
    ui.text.value = '';
  }

  function picked() {
    return [...ui.options.querySelectorAll('input:checked')].map((i) => Number(i.value));
  }

  function secondsLeft() {
    if (!cur) return 0;
    if (cur.closed) return 0;
    return serverClock.secondsUntil(cur.ex.deadline);
  }

  function startTicking() {
    if (timer) return;
    timer = setInterval(() => {
      if (!cur) { clearInterval(timer); timer = null; return; }
      renderCountdown();
      if (cur.closed) { clearInterval(timer); timer = null; }
    }, TICK_MS);
  }

  function state() {
    if (!cur) return 'none';
    if (cur.closed) return 'closed';
    if (cur.answered) return 'answered';
    return 'open';
  }

  function renderCountdown() {
    const s = secondsLeft();
    ui.countdown.dataset.secondsLeft = String(s);
    ui.countdown.textContent = cur?.closed ? t('exercise.closedShort') : mmss(s);
    ui.countdown.dataset.urgent = String(!cur?.closed && s <= 5);
    ui.countdown.setAttribute('aria-label', t('exercise.timeLeft', { s }));
    if (s === 0 && cur && !cur.closed && !cur.answered) {
      ui.status.dataset.kind = 'deadline';
      ui.status.textContent = t('exercise.deadlinePassed');
    }
  }

  function renderControls() {
    if (!cur) return;
    const st = state();
    const canSend = !cur.answered && !cur.busy && client.isOpen && !!ctx.you;
    const hasAnswer = cur.ex.kind === 'text' ? ui.text.value.trim().length > 0 : picked().length > 0;
    ui.submit.disabled = !canSend || !hasAnswer;
    ui.submit.hidden = !!cur.answered;
    ui.submit.textContent = t(st === 'closed' ? 'exercise.submitLate' : 'exercise.submit');
    for (const i of ui.options.querySelectorAll('input')) i.disabled = !!cur.answered;
    ui.text.disabled = !!cur.answered;
  }

  function render() {
    const n = ui.dialog;
    if (!cur) { n.hidden = true; if (ui.reopen) ui.reopen.hidden = true; delete n.dataset.exerciseId; n.dataset.state = 'none'; return; }
    const ex = cur.ex;
    const st = state();
    n.hidden = cur.hidden;
    if (ui.reopen) ui.reopen.hidden = !cur.hidden;
    n.dataset.exerciseId = ex.exerciseId;
    n.dataset.state = st;
    n.dataset.kind = ex.kind;
    ui.kind.textContent = t(`exercise.kind.${ex.kind}`);
    ui.prompt.textContent = ex.prompt;
    ui.title.textContent = t('exercise.title', { points: ex.points ?? 10 });
    renderCountdown();
    renderControls();
    // status line
    ui.status.dataset.kind = '';
    if (cur.error) {
      ui.status.dataset.kind = 'error';
      ui.status.textContent = t(`exercise.refused.${cur.error.code}`) !== `exercise.refused.${cur.error.code}`
        ? t(`exercise.refused.${cur.error.code}`) : errorText(cur.error);
      ui.status.dataset.code = String(cur.error.code ?? '');
    } else if (cur.answered) {
      ui.status.dataset.kind = 'answered';
      ui.status.textContent = t('exercise.answeredWait');
    } else if (st === 'open') {
      ui.status.textContent = secondsLeft() === 0 ? t('exercise.deadlinePassed') : t('exercise.answerOnce');
    } else {
      ui.status.textContent = t('exercise.notAnswered');
    }
    // result
    const r = ui.result;
    if (!cur.closed) { r.hidden = true; r.replaceChildren(); delete r.dataset.correct; return; }
    r.hidden = false;
    const yours = cur.result ? cur.result.yours : (cur.answered && cur.answered.correct !== undefined ? cur.answered : undefined);
    const rate = cur.result?.correctRate ?? cur.closed.correctRate;
    const key = keyText(ex, cur.closed.correct);
    const parts = [];
    if (!cur.result && !cur.closed.correctRate && cur.closed.correctRate !== 0) {
      parts.push(el('div', { class: 'ex-res-line' }, t('exercise.waitResult')));
    }
    let correct = 'none';
    if (cur.result) {
      if (yours === null || yours === undefined) {
        correct = 'none';
        parts.push(el('div', { class: 'ex-res-main' }, t('exercise.youDidNotAnswer')));
      } else {
        correct = yours.correct === true ? 'true' : yours.correct === false ? 'false' : 'unscored';
        const mine = ex.kind === 'text' ? (yours.text ?? '') : choiceText(ex, yours.choices);
        parts.push(el('div', { class: 'ex-res-main' },
          correct === 'true' ? t('exercise.right', { score: yours.score ?? '' })
            : correct === 'false' ? t('exercise.wrong') : t('exercise.unscored')));
        parts.push(el('div', { class: 'ex-res-line' }, `${t('exercise.yourAnswer')}：${mine}`));
      }
    }
    if (key) parts.push(el('div', { class: 'ex-res-line', 'data-field': 'key' }, `${t('exercise.key')}：${key}`));
    if (rate !== undefined && rate !== null) {
      parts.push(el('div', { class: 'ex-res-line', 'data-field': 'correct-rate', 'data-rate': String(rate) },
        `${t('exercise.correctRate')}：${percent(rate)}`));
    }
    r.dataset.correct = correct;
    r.dataset.result = cur.result ? 'received' : 'pending';
    r.replaceChildren(...parts);
  }

  ui.text.addEventListener('input', renderControls);
  ui.submit.addEventListener('click', async () => {
    if (!cur || cur.answered || cur.busy) return;
    const ex = cur.ex;
    const fields = { exerciseId: ex.exerciseId };
    if (ex.kind === 'text') fields.text = ui.text.value.trim(); else fields.choices = picked();
    cur.busy = true; cur.error = null;
    banner.clear('exercise');
    renderControls();
    const mine = cur;
    try {
      const ok = await client.request('exercise.answer', fields);
      mine.answered = { ...fields, at: ok.acceptedAt };
    } catch (e) {
      if (e.code === 219) mine.answered = mine.answered || { ...fields };
      mine.error = { code: e.code, message: e.message };
      report(banner, 'exercise', e, { level: e.code === 217 || e.code === 219 ? 'warn' : 'error' });
    } finally {
      mine.busy = false;
      if (cur === mine) render();
    }
  });
  ui.hide.addEventListener('click', () => { if (cur) { cur.hidden = true; render(); } });
  if (ui.reopen) ui.reopen.addEventListener('click', () => { if (cur) { cur.hidden = false; render(); } });

  client.on('exercise.started', (m) => begin(m.exercise));
  client.on('exercise.closed', (m) => {
    if (!cur || cur.ex.exerciseId !== m.exerciseId) return;
    cur.closed = m;
    cur.hidden = false;
    render();
  });
  client.on('exercise.result', (m) => {
    if (!cur || cur.ex.exerciseId !== m.exerciseId) return;
    cur.result = m;
    if (!cur.closed) cur.closed = { exerciseId: m.exerciseId, correctRate: m.correctRate };
    render();
  });

  // After a (re)join: a running exercise comes as exercise.started; the list says whether we answered.
  ctx.interaction.onJoined.push(async () => {
    try {
      const ok = await client.request('exercise.list');
      const running = (ok.exercises || []).filter((x) => x.state === 'running').pop();
      if (running) begin(running.exercise, { yours: running.yours || null });
    } catch (e) { report(banner, 'exercise-list', e, { level: 'warn' }); }
  });
  ctx.interaction.onRender.push(() => { if (cur) renderControls(); });
  onLangChange(render);
  render();
}

// ---------------------------------------------------------------------------------------------
// lecturer

export function mountExerciseLecturer(ctx) {
  const { client, banner } = ctx;
  const ui = {
    compose: $('exercise-compose'), kind: $('ex-kind'), prompt: $('ex-prompt'), options: $('ex-options'),
    optionsField: $('ex-options-field'), correct: $('ex-correct'), correctField: $('ex-correct-field'),
    accepted: $('ex-accepted'), acceptedField: $('ex-accepted-field'), seconds: $('ex-seconds'), points: $('ex-points'),
    start: $('exercise-start'), live: $('exercise-live'), livePrompt: $('exercise-live-prompt'),
    countdown: $('exercise-live-countdown'), tally: $('exercise-tally'), answers: $('exercise-answers'),
    close: $('exercise-close'), results: $('exercise-results'), formError: $('exercise-form-error'),
  };
  let cur = null;      // {ex, tally, closed, correct}
  let busy = false;
  let timer = null;

  function optionLines() {
    return ui.options.value.split('\n').map((s) => s.trim()).filter(Boolean);
  }

  function renderCorrect() {
    const kind = ui.kind.value;
    const lines = kind === 'truefalse' ? (optionLines().length ? optionLines() : ['对', '错']) : optionLines();
    ui.optionsField.hidden = kind === 'text';
    ui.acceptedField.hidden = kind !== 'text';
    ui.correctField.hidden = kind === 'text';
    const was = new Set([...ui.correct.querySelectorAll('input:checked')].map((i) => i.value));
    ui.correct.replaceChildren(...lines.map((o, i) => el('label', { class: 'ex-correct-option' },
      el('input', { type: kind === 'multiple' ? 'checkbox' : 'radio', name: 'ex-correct', value: String(i),
        checked: was.has(String(i)) ? '' : null }),
      el('span', { class: 'ex-letter' }, optionLetter(i)), el('span', {}, o))));
    if (lines.length === 0) ui.correct.append(el('span', { class: 'hint' }, t('exercise.compose.noOptions')));
  }
  ui.kind.addEventListener('change', () => {
    if (ui.kind.value === 'truefalse' && !ui.options.value.trim()) ui.options.value = '对\n错';
    renderCorrect();
  });
  ui.options.addEventListener('input', renderCorrect);

  function formError(text) { ui.formError.hidden = !text; ui.formError.textContent = text || ''; }

  ui.compose.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    formError('');
    const kind = ui.kind.value;
    const fields = { kind, prompt: ui.prompt.value.trim(), seconds: Number(ui.seconds.value), points: Number(ui.points.value) };
    if (!fields.prompt) { formError(t('exercise.compose.needPrompt')); ui.prompt.focus(); return; }
    if (kind === 'text') {
      const acc = ui.accepted.value.split(/[\n,，;；]/).map((s) => s.trim()).filter(Boolean);
      if (acc.length) fields.correct = acc;
    } else {
      const opts = optionLines();
      if (kind !== 'truefalse' || opts.length) fields.options = opts;
      const correct = [...ui.correct.querySelectorAll('input:checked')].map((i) => Number(i.value));
      if (correct.length === 0) { formError(t('exercise.compose.needCorrect')); return; }
      fields.correct = correct;
    }
    busy = true; render();
    banner.clear('exercise');
    try {
      const ok = await client.request('exercise.start', fields);
      begin(ok.exercise, fields.correct);
    } catch (e) {
      report(banner, 'exercise', e);
      // Which field is wrong: the server's words on the English page, the page's text otherwise.
      if (e.code === 103) formError(getLang() === 'en' && e.message ? e.message : errorText(e));
    } finally { busy = false; render(); }
  });

  ui.close.addEventListener('click', async () => {
    if (!cur || cur.closed || busy) return;
    busy = true; render();
    banner.clear('exercise');
    try { await client.request('exercise.close', { exerciseId: cur.ex.exerciseId }); } catch (e) { if (e.code !== 217) report(banner, 'exercise', e); }
    finally { busy = false; render(); }
  });

  function begin(ex, correct) {
    if (ex.serverTime) serverClock.sync(ex.serverTime);
    if (!cur || cur.ex.exerciseId !== ex.exerciseId) {
      cur = { ex, tally: { answered: 0, expected: null, counts: [], answers: [] }, closed: null, correct: correct ?? null };
    } else {
      cur.ex = { ...cur.ex, ...ex };
    }
    if (!timer) {
      timer = setInterval(() => {
        renderCountdown();
        if (!cur || cur.closed) { clearInterval(timer); timer = null; }
      }, TICK_MS);
    }
    render();
  }

  function renderCountdown() {
    if (!cur) return;
    const s = cur.closed ? 0 : serverClock.secondsUntil(cur.ex.deadline);
    ui.countdown.dataset.secondsLeft = String(s);
    ui.countdown.textContent = cur.closed ? t('exercise.closedShort') : mmss(s);
  }

  function render() {
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    const running = !!cur && !cur.closed;
    ui.start.disabled = !live || running || busy;
    ui.start.title = running ? t('exercise.compose.oneAtATime') : '';
    ui.compose.hidden = running;        // the live tally takes the card while the exercise runs
    if (!cur) { ui.live.hidden = true; return; }
    ui.live.hidden = false;
    const ex = cur.ex;
    ui.live.dataset.exerciseId = ex.exerciseId;
    ui.live.dataset.state = cur.closed ? 'closed' : 'running';
    ui.livePrompt.textContent = `${t(`exercise.kind.${ex.kind}`)} · ${ex.prompt}`;
    renderCountdown();
    ui.close.hidden = !!cur.closed;
    ui.close.disabled = busy || !live;
    const tl = cur.tally;
    const answered = cur.closed?.answered ?? tl.answered ?? 0;
    const expected = cur.closed?.expected ?? tl.expected;
    ui.tally.dataset.answered = String(answered);
    ui.tally.dataset.expected = String(expected ?? '');
    const rows = [el('div', { class: 'tally-head' }, t('exercise.tally.answered', { n: answered, m: expected ?? '?' }))];
    const opts = ex.kind === 'text' ? [] : (ex.options || []);
    const correctSet = new Set(Array.isArray(cur.correct) && ex.kind !== 'text' ? cur.correct : (cur.closed?.correct || []));
    const max = Math.max(1, answered);
    opts.forEach((o, i) => {
      const n = tl.counts?.[i] || 0;
      rows.push(el('div', { class: `tally-row${correctSet.has(i) ? ' is-correct' : ''}`, 'data-option': String(i), 'data-count': String(n) },
        el('span', { class: 'ex-letter' }, optionLetter(i)),
        el('span', { class: 'tally-label' }, o),
        el('span', { class: 'tally-bar' }, el('span', { class: 'tally-fill', style: `width:${Math.round((n / max) * 100)}%` })),
        el('span', { class: 'tally-n' }, String(n))));
    });
    ui.tally.replaceChildren(...rows);
    ui.answers.replaceChildren(...(tl.answers || []).map((a) => el('li', {
      'data-user-id': a.userId, 'data-correct': a.correct === undefined ? 'unscored' : String(a.correct) },
    el('span', { class: 'ans-name' }, a.displayName || a.userId),
    el('span', { class: 'ans-value' }, ex.kind === 'text' ? (a.text ?? '') : choiceText(ex, a.choices)),
    el('span', { class: 'ans-mark' }, a.correct === true ? '✓' : a.correct === false ? '✗' : ''))));
    if (!tl.answers?.length) ui.answers.append(el('li', { class: 'empty-item' }, t('exercise.tally.none')));
    if (cur.closed) {
      const c = cur.closed;
      const key = keyText(ex, c.correct);
      ui.results.hidden = false;
      ui.results.dataset.correctRate = String(c.correctRate ?? '');
      ui.results.replaceChildren(
        el('div', {}, t(`exercise.closedReason.${c.reason || 'lecturer'}`)),
        key ? el('div', {}, `${t('exercise.key')}：${key}`) : null,
        el('div', { 'data-field': 'correct-rate' }, `${t('exercise.correctRate')}：${percent(c.correctRate)}`));
    } else {
      ui.results.hidden = true;
    }
  }

  client.on('exercise.started', (m) => begin(m.exercise));
  client.on('exercise.tally', (m) => {
    if (!cur || cur.ex.exerciseId !== m.exerciseId) return;
    cur.tally = m;
    render();
  });
  client.on('exercise.closed', (m) => {
    if (!cur || cur.ex.exerciseId !== m.exerciseId) return;
    cur.closed = m;
    render();
  });
  ctx.interaction.onRender.push(render);
  onLangChange(() => { renderCorrect(); render(); });
  renderCorrect();
  render();
}
