// Watch page (观看课程): an on-demand lesson or a lesson replay, opened as /watch.html?video=<id>.
// Trainees: heartbeats and the server's watch rules (rate cap, no seeking ahead, coverage to
// complete), timed in-video questions, danmaku and comments; replays also show the live lesson's
// timeline. Lecturers: add a question at the current time, see everyone's progress.
import { takeCredentials, whoami, ErrorBanner, el } from './classroom-page.js';
import { t, applyI18n, mountLangSwitch, onLangChange } from './i18n.js';
import { openPlayer } from './vod-player.js';
import { WatchApi } from './watch-api.js';
import { WatchProgress } from './watch-progress.js';
import { VideoQuestions } from './video-questions.js';
import { VideoDanmaku } from './video-danmaku.js';
import { VideoComments } from './video-comments.js';
import { isCommerce, commerceLabel, commerceText } from './replay-commerce.js'; // issue I (i-record)

const $ = (id) => document.getElementById(id);
const banner = new ErrorBanner($('error-banner'));
const state = { me: null, video: null, rules: null, progress: null, timeline: [] };
const main = $('video-main');
const screen = $('video-screen');
let api;
let progress;
let questions;

applyI18n();
mountLangSwitch($('lang-switch'));
onLangChange(() => { renderRules(); renderProgress(); renderKind(); });

function fmtTime(s) {
  const v = Math.max(0, Math.floor(s || 0));
  return `${Math.floor(v / 60)}:${String(v % 60).padStart(2, '0')}`;
}

function showError(e) {
  banner.fromError('action', e);
}

/** A short note under the top bar: what the rules just did. */
function message(kind, params = {}) {
  const n = $('watch-message');
  const key = {
    'seek-refused': 'watch.msgSeekRefused', rate: 'watch.msgRate', right: 'watch.msgRight', wrong: 'watch.msgWrong',
    'wrong-rewind': 'watch.msgWrongRewind', late: 'watch.msgLate', 'late-rewind': 'watch.msgLateRewind',
    completed: 'watch.msgCompleted',
  }[kind] || 'watch.msgGeneric';
  n.hidden = false;
  n.dataset.kind = kind;
  n.dataset.level = kind === 'right' || kind === 'completed' ? 'info' : 'warn';
  if (params.code != null) n.dataset.code = String(params.code); else delete n.dataset.code;
  n.textContent = (params.code != null ? `${t('err.codeLabel')} ${params.code} · ` : '')
    + t(key, { to: fmtTime(params.to), cap: params.cap });
}

function renderKind() {
  if (!state.video) return;
  $('video-kind').textContent = state.video.kind === 'replay' ? t('watch.kindReplay') : t('watch.kindOnDemand');
}

function renderRules() {
  const r = state.rules;
  if (!r) return;
  const items = [
    ['rate', t('watch.ruleRate', { cap: r.maxRatePercent / 100 })],
    ['seek', r.allowSeekAhead ? t('watch.ruleSeekFree') : t('watch.ruleSeek')],
    ['completion', t('watch.ruleCompletion', { pct: r.completionPercent })],
    ['heartbeat', t('watch.ruleHeartbeat', { s: r.heartbeatSeconds, gap: r.heartbeatSeconds * 2 })],
    ['hidden', t('watch.ruleHidden')],
    ['questions', r.rewindOnWrongAnswer ? t('watch.ruleQuestionsRewind') : t('watch.ruleQuestions')],
  ];
  if (state.video && state.video.kind === 'replay') {
    items.push(['replay', r.replayCountsAsLearning ? t('watch.ruleReplayCounts') : t('watch.ruleReplayNotCounting')]);
  }
  $('watch-rules').replaceChildren(...items.map(([rule, text]) => el('li', { dataset: { rule } }, text)));
  $('counts-note').hidden = r.counts !== false;
}

function renderProgress() {
  const p = state.progress;
  if (!p || !state.rules) return;
  const pct = Math.round((p.coverage || 0) * 1000) / 10;
  const bar = $('coverage-bar');
  bar.dataset.coverage = String(p.coverage || 0);
  bar.setAttribute('aria-valuenow', String(pct));
  $('coverage-fill').style.width = `${Math.min(100, pct)}%`;
  $('coverage-goal').style.left = `${state.rules.completionPercent}%`;
  $('coverage-text').textContent = t('watch.coverageText', { pct, goal: state.rules.completionPercent });
  $('completed-badge').hidden = !p.completed;
}

function setupRates() {
  const cap = state.rules.maxRatePercent / 100;
  const rates = [0.75, 1, 1.25, 1.5, 2].filter((r) => r <= cap + 1e-9);
  const sel = $('rate-select');
  sel.replaceChildren(...rates.map((r) => el('option', { value: String(r) }, `${r}×`)));
  sel.value = '1';
  sel.addEventListener('change', () => { main.playbackRate = Number(sel.value); });
  main.addEventListener('ratechange', () => { if (String(main.playbackRate) !== sel.value) sel.value = String(Math.min(main.playbackRate, cap)); });
}

/** The screen-share track follows the camera track: play/pause/seek/rate, drift over 0.3 s corrected. */
function syncScreen() {
  const follow = () => {
    if (Math.abs(screen.currentTime - main.currentTime) > 0.3) screen.currentTime = main.currentTime;
  };
  main.addEventListener('play', () => { follow(); screen.play().catch(() => {}); });
  main.addEventListener('pause', () => screen.pause());
  main.addEventListener('seeked', follow);
  main.addEventListener('ratechange', () => { screen.playbackRate = main.playbackRate; });
  setInterval(() => { if (!main.paused) follow(); }, 1000);
}

/** Replays: the live lesson's chat, questions, exercises... appear in the side panel at their moments. */
function setupTimeline(items) {
  state.timeline = items.filter((i) => typeof i.atMs === 'number').sort((a, b) => a.atMs - b.atMs);
  const list = $('timeline-list');
  list.replaceChildren(...state.timeline.map((i) => el('li', {
    class: `watch-tl watch-tl-${i.kind}`, dataset: { kind: i.kind, atMs: String(i.atMs) }, hidden: '',
  }, el('span', { class: 'muted' }, fmtTime(i.atMs / 1000)), ' ',
  el('span', { class: 'watch-tl-kind' }, isCommerce(i) ? commerceLabel(i) : t(`watch.tl.${i.kind}`)), ' ',
  i.by ? el('strong', {}, i.name || i.by) : (i.kind === 'commerce-order' ? el('strong', {}, t('cmr.tl.buyer')) : null),
  i.by || i.kind === 'commerce-order' ? '：' : '', isCommerce(i) ? commerceText(i) : (i.text || i.prompt || ''))));
  $('timeline-panel').hidden = false;
  $('watch-side').hidden = false;
  const update = () => {
    const now = main.currentTime * 1000;
    for (const li of list.children) li.hidden = Number(li.dataset.atMs) > now;
  };
  main.addEventListener('timeupdate', update);
  main.addEventListener('seeked', update);
}

async function setupLecturer() {
  $('lecturer-panel').hidden = false;
  $('watch-side').hidden = false;
  const form = $('question-form');
  const takeTime = () => { $('q-at').value = main.currentTime.toFixed(1); };
  main.addEventListener('pause', takeTime);
  main.addEventListener('seeked', () => { if (main.paused) takeTime(); });
  $('q-at').value = main.currentTime.toFixed(1);
  const renderList = async () => {
    const r = await api.call('GET', 'questions');
    $('question-list').replaceChildren(...r.questions.map((q) => el('li', { dataset: { questionId: q.id } },
      el('span', { class: 'muted' }, fmtTime(q.atS)), ' ', q.prompt, ' ',
      el('button', { type: 'button', class: 'btn btn-small btn-ghost', dataset: { action: 'delete' }, onclick: async () => {
        try { await api.call('DELETE', `questions/${encodeURIComponent(q.id)}`); await renderList(); } catch (e) { showError(e); }
      } }, t('watch.delete')))));
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const options = $('q-options').value.split('\n').map((s) => s.trim()).filter(Boolean);
    const correct = $('q-correct').value.split(/[,，\s]+/).filter(Boolean).map((x) => Number(x) - 1);
    try {
      await api.call('POST', 'questions', {
        atS: Number($('q-at').value), prompt: $('q-prompt').value.trim(), options, correct,
        limitSeconds: Number($('q-limit').value),
      });
      $('q-prompt').value = '';
      $('q-options').value = '';
      banner.clear('action');
      await renderList();
    } catch (err) { showError(err); }
  });
  const renderTable = async () => {
    try {
      const r = await api.call('GET', 'progress?all=1');
      $('progress-table').querySelector('tbody').replaceChildren(...r.trainees.map((p) => el('tr', { dataset: { userId: p.userId } },
        el('td', {}, p.name || p.userId), el('td', {}, `${Math.round(p.coverage * 1000) / 10}%`),
        el('td', {}, fmtTime(p.furthestS)), el('td', {}, p.completed ? t('watch.completed') : '—'),
        el('td', {}, Object.entries(p.questions || {}).map(([k, v]) => `${t(`watch.q.${k}`)} ${v}`).join(' · ')))));
    } catch (e) { showError(e); }
  };
  $('progress-refresh').addEventListener('click', renderTable);
  setInterval(renderTable, 15000);
  await Promise.all([renderList(), renderTable()]);
}

async function start() {
  const { token } = takeCredentials();
  const videoId = new URLSearchParams(location.search).get('video');
  if (!token) { banner.show('auth', { key: 'watch.noToken' }); return; }
  if (!videoId) { banner.show('auth', { key: 'watch.noVideo' }); return; }
  try {
    state.me = await whoami(token);
  } catch (e) { banner.fromError('auth', e); return; }
  $('me').textContent = state.me.displayName;
  api = new WatchApi(videoId, token);
  try {
    state.video = await api.call('GET', '');
    const own = await api.call('GET', 'progress');
    state.rules = own.rules;
    state.progress = own;
  } catch (e) { banner.fromError('load', e); document.body.dataset.state = 'failed'; return; }
  $('video-title').textContent = state.video.title;
  renderKind();
  renderRules();
  renderProgress();
  setupRates();

  const replay = state.video.kind === 'replay';
  const track = replay ? 'camera' : 'main';
  const onFatal = (d) => banner.show('media', { key: 'watch.playerFailed', message: d && d.details });
  try {
    await openPlayer(main, { videoId, track, token, onFatal });
    if (replay && (state.video.tracks || []).includes('screen')) {
      $('screen-wrap').hidden = false;
      await openPlayer(screen, { videoId, track: 'screen', token, onFatal });
      syncScreen();
    }
  } catch (e) { banner.show('media', { key: 'watch.playerFailed', message: e.message }); return; }

  const trainee = state.me.role === 'trainee';
  const handlers = {
    onMessage: message,
    onError: showError,
    onProgress: (r) => {
      const was = state.progress && state.progress.completed;
      state.progress = { ...state.progress, ...r };
      renderProgress();
      if (r.completed && !was) message('completed');
    },
    onQuestion: (q) => questions.show(q),
  };
  if (trainee) {
    $('watch-progress').hidden = false;
    progress = new WatchProgress(api, main, state.rules, handlers);
    progress.allowedMax = own(state.progress.allowedMaxPosition);
    questions = new VideoQuestions(api, main, progress, handlers);
    questions.setMarks(state.progress.questions);
    progress.start();
  }
  const danmaku = new VideoDanmaku(api, main, $('danmaku-layer'), state.me.userId);
  const comments = new VideoComments(api, state.me, { onError: showError });
  const loadQuestions = async () => { if (questions) questions.setList((await api.call('GET', 'questions')).questions); };
  await Promise.all([
    api.call('GET', 'danmaku').then((r) => danmaku.load(r.danmaku)).catch(showError),
    comments.load().catch(showError),
    loadQuestions().catch(showError),
    replay ? api.call('GET', 'timeline').then((r) => setupTimeline(r.items || [])).catch((e) => { if (e.code !== 245) showError(e); })
      : Promise.resolve(),
  ]);
  $('danmaku-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('danmaku-input');
    const text = input.value.trim();
    if (!text) return;
    try { await danmaku.send(text, $('danmaku-color').value); input.value = ''; banner.clear('action'); } catch (err) { showError(err); }
  });
  api.live((name, data) => {
    if (name === 'danmaku') danmaku.live(data);
    else if (name === 'comment' || name === 'comment-deleted') comments.load().catch(showError);
    else if (name === 'questions') loadQuestions().catch(showError);
    else if (name === 'hello') document.body.dataset.live = 'open';
  }, (s) => { document.body.dataset.live = s; });
  if (state.me.role === 'lecturer') await setupLecturer();
  document.body.dataset.state = 'ready';
  window.watchPage = { state, main, screen, progress: () => progress };
}

function own(v) { return v === undefined ? null : v; }

start();
