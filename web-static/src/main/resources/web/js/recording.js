// Recording a live lesson for its replay (直播回放, issue D).
// Lecturers: a 录制 / 停止录制 button in the toolbar and a "● 录制中 mm:ss" indicator.
// Trainees: a small "录制中" pill in the top bar while the lesson is being recorded (they must
// know they are recorded). State comes from `recording.state` (sent to everyone, and to someone
// who joins while a recording runs).
import { el } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { mmss, report, serverClock } from './interaction-common.js';

export function mountRecording(ctx, { lecturer = false } = {}) {
  const { client, banner } = ctx;
  const st = { recording: false, videoId: null, since: null, busy: false, timer: null };

  const pill = el('span', {
    id: 'recording-indicator', class: 'pill recording-pill', 'data-testid': 'recording-indicator',
    'data-state': 'off', role: 'status', 'aria-live': 'polite', hidden: '',
  });
  document.querySelector('.topbar-status')?.prepend(pill);

  let btn = null;
  if (lecturer) {
    btn = el('button', { type: 'button', id: 'btn-record', class: 'btn btn-record', 'data-testid': 'btn-record' });
    const group = el('div', { class: 'tool-group' }, btn);
    document.querySelector('section.toolbar')?.append(group);
    btn.addEventListener('click', toggle);
  }

  async function toggle() {
    if (st.busy) return;
    st.busy = true;
    render();
    banner.clear('recording');
    try {
      if (st.recording) {
        await client.request('recording.stop', {});
        apply({ recording: false, videoId: st.videoId, since: null });
      } else {
        const ok = await client.request('recording.start', {});
        apply({ recording: true, videoId: ok.videoId, since: ok.since });
      }
    } catch (e) {
      report(banner, 'recording', e);
    } finally {
      st.busy = false;
      render();
    }
  }

  function apply(m) {
    st.recording = !!m.recording;
    st.videoId = m.videoId || null;
    st.since = m.recording ? m.since : null;
    if (st.recording && !st.timer) st.timer = setInterval(render, 1000);
    if (!st.recording && st.timer) { clearInterval(st.timer); st.timer = null; }
    render();
  }

  function elapsed() {
    const since = Date.parse(st.since);
    return Number.isNaN(since) ? 0 : Math.max(0, (serverClock.now() - since) / 1000);
  }

  function render() {
    const live = ctx.lessonState === 'live' && client.isOpen && !!ctx.you;
    pill.hidden = !st.recording;
    pill.dataset.state = st.recording ? 'recording' : 'off';
    pill.textContent = lecturer ? t('recording.indicator', { time: mmss(elapsed()) }) : t('recording.pill');
    pill.title = t(lecturer ? 'recording.indicatorTitle' : 'recording.pillTitle');
    if (btn) {
      btn.textContent = t(st.recording ? 'recording.stop' : 'recording.start');
      btn.dataset.state = st.recording ? 'recording' : 'off';
      btn.disabled = st.busy || (!live && !st.recording) || !client.isOpen;
      btn.setAttribute('aria-pressed', String(st.recording));
    }
  }

  client.on('recording.state', apply);
  ctx.interaction.onJoined.push(() => apply({ recording: false }));   // the server re-sends a running one
  ctx.interaction.onRender.push(() => {
    if (ctx.lessonState === 'ended' && st.recording) apply({ recording: false, videoId: st.videoId });
    render();
  });
  onLangChange(render);
  window.classroom = Object.assign(window.classroom || {}, {
    recording: () => ({ recording: st.recording, videoId: st.videoId, since: st.since }),
  });
  render();
  return { state: () => ({ ...st }) };
}
