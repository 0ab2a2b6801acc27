// Trainee page: watch the lecturers' streams, see who is present; learning trace (focus,
// heartbeats, microphone), face-processing consent, proctoring camera, sign-in (签到),
// tab-switch warnings and leave requests (请假).
import { createClassroomPage, el, errorText, detailNode } from './classroom-page.js';
import { TraceOutbox, trackFocus, MicMeter } from './trace-outbox.js';
import { LeaveList, leaveItem } from './leaves.js';
import { t, onLangChange } from './i18n.js';
import { interactionHub } from './interaction-common.js';
import { mountChat, mountDanmaku, mountLikes } from './live-chat.js';
import { mountQa } from './qa.js';
import { mountExerciseTrainee } from './exercise.js';
import { mountSpeakingTrainee } from './speaking.js';
import { mountBreakoutTrainee } from './breakout.js';
import { mountVideosTrainee } from './videos.js';
import { mountRecording } from './recording.js';
import { mountFormPrompt } from './form-prompt.js';
import { mountCommerceTrainee } from './commerce-trainee.js'; // issue I live room (i-live)

/** Version of the face-processing notice shown in #consent-dialog; a new version asks again. */
export const NOTICE_VERSION = '2026-11';
const AUDIO_REPORT_MS = 10000;

const $ = (id) => document.getElementById(id);
const ui = {
  warning: $('proctor-warning'),
  signin: $('btn-signin'), signinFace: $('btn-signin-face'), signinState: $('signin-state'),
  self: $('proctor-self'), selfEmpty: $('proctor-self-empty'), proctorStatus: $('proctor-status'),
  mic: $('btn-proctor-mic'), retry: $('btn-proctor-retry'),
  consentState: $('consent-state'), consentChange: $('btn-consent-change'),
  consentDialog: $('consent-dialog'), consentAccept: $('btn-consent-accept'), consentDecline: $('btn-consent-decline'),
  consentVersion: $('consent-version'),
  leaveForm: $('leave-form'), leaveHours: $('leave-hours'), leaveDate: $('leave-date'), leaveReason: $('leave-reason'),
  leaveSubmit: $('btn-leave-submit'), leaveError: $('leave-error'), myLeaves: $('my-leaves'),
  attendancePanel: $('attendance-panel'), proctorPanel: $('proctor-panel'), leavePanel: $('leave-panel'),
};

const state = {
  joined: false,
  consent: { answer: 'unknown', noticeVersion: null, sentOnThisJoin: false, sending: false },
  signin: { signedFor: null, at: null, busy: false },       // signedFor = sessionId
  cam: { stream: null, busy: false, error: null, publishState: 'off', micMuted: false, meter: null },
  leaves: new LeaveList(),
  leaveBusy: false,
  lastWarning: null,
};

// The outbox and focus listeners start at once: focus changes before the join are kept and sent
// after it. The storage key is set when we know who and which class.
const outbox = new TraceOutbox(null);
const focus = trackFocus(outbox, { shouldHeartbeat: () => state.joined });

const ctx = createClassroomPage({
  page: 'trainee',
  onIdentity,
  onJoined,
  onSessionChange,
  onConnectionChange,
  onRender: renderAll,
});
const { client, media, banner } = ctx;
outbox.client = client;
interactionHub(ctx);
mountFormPrompt(ctx);

function me() { return ctx.you || ctx.me; }
function isTrainee() { return me()?.role === 'trainee'; }
function live() { return ctx.lessonState === 'live'; }
function sessionId() { return ctx.session?.sessionId || null; }
function storageSuffix() { return `${ctx.classId}.${me()?.userId}`; }

// ---------------------------------------------------------------------------------------------
// page life cycle

function onIdentity() {
  if (!isTrainee()) {
    // Watchers (regulators, admins) see the class; proctoring and attendance are for trainees.
    focus.stop();
    outbox.events = [];
    for (const p of [ui.attendancePanel, ui.proctorPanel, ui.leavePanel]) p.hidden = true;
    return;
  }
  outbox.bind(`classroom.trace.${storageSuffix()}`);
  loadConsent();
  loadSignin();
  renderAll();
}

function onJoined() {
  ctx.interaction.joined();
  if (!isTrainee()) return;
  state.joined = true;
  state.consent.sentOnThisJoin = false;
  outbox.setJoined(true);
  focus.heartbeatNow();
  if (state.consent.answer === 'unknown') openConsent();
  else sendConsent();
  fetchLeaves();
  if (live()) startCamera();
  renderAll();
}

function onConnectionChange() {
  if (ctx.connState !== 'open' && state.joined) {
    state.joined = false;
    outbox.setJoined(false);
  }
  renderAll();
}

function onSessionChange() {
  if (!isTrainee()) { renderAll(); return; }
  if (state.signin.signedFor && state.signin.signedFor !== sessionId()) {
    state.signin.signedFor = null;
    state.signin.at = null;
  }
  if (live()) startCamera();
  else if (ctx.lessonState === 'ended') stopCamera();
  renderAll();
}

// ---------------------------------------------------------------------------------------------
// consent to face processing (PIPL art. 28), remembered per class and user in localStorage

function consentKey() { return `classroom.consent.${storageSuffix()}`; }

function loadConsent() {
  try {
    const raw = localStorage.getItem(consentKey());
    const c = raw ? JSON.parse(raw) : null;
    if (c && typeof c.granted === 'boolean' && c.noticeVersion === NOTICE_VERSION) {
      state.consent.answer = c.granted ? 'granted' : 'declined';
      state.consent.noticeVersion = c.noticeVersion;
      return;
    }
  } catch { /* ask again */ }
  state.consent.answer = 'unknown';
}

function openConsent() {
  const d = ui.consentDialog;
  if (d.open) return;
  ui.consentVersion.textContent = NOTICE_VERSION;
  if (typeof d.showModal === 'function') d.showModal(); else d.setAttribute('open', '');
  // Focus the current choice, else the accept button (the dialog says declining is fine).
  (state.consent.answer === 'declined' ? ui.consentDecline : ui.consentAccept).focus();
}

function answerConsent(granted) {
  state.cam.meter?.resume();
  state.consent.answer = granted ? 'granted' : 'declined';
  state.consent.noticeVersion = NOTICE_VERSION;
  try {
    localStorage.setItem(consentKey(), JSON.stringify({ granted, noticeVersion: NOTICE_VERSION, at: new Date().toISOString() }));
  } catch { /* not remembered: asked again next time */ }
  if (ui.consentDialog.open) ui.consentDialog.close(granted ? 'accept' : 'decline');
  state.consent.sentOnThisJoin = false;
  sendConsent();
  renderConsent();
}

async function sendConsent() {
  const c = state.consent;
  if (!state.joined || c.answer === 'unknown' || c.sending || c.sentOnThisJoin) return;
  c.sending = true;
  renderConsent();
  const answer = c.answer;
  try {
    await client.request('proctor.consent', { granted: answer === 'granted', noticeVersion: NOTICE_VERSION });
    if (c.answer === answer) c.sentOnThisJoin = true;
    banner.clear('consent');
  } catch (e) {
    if (!['CONNECTION_CLOSED', 'NOT_CONNECTED'].includes(e.error)) {
      banner.fromError('consent', e, { key: 'consent.sendFailed',
        action: { key: 'action.retry', fn: () => { banner.clear('consent'); sendConsent(); } } });
    }
  } finally {
    c.sending = false;
    renderConsent();
    // The answer changed while the first one was on its way.
    if (c.answer !== answer && !c.sentOnThisJoin) sendConsent();
  }
}

ui.consentAccept.addEventListener('click', () => answerConsent(true));
ui.consentDecline.addEventListener('click', () => answerConsent(false));
ui.consentChange.addEventListener('click', openConsent);
ui.consentDialog.addEventListener('close', renderConsent);

function renderConsent() {
  const a = state.consent.answer;
  ui.consentState.dataset.state = a;
  ui.consentState.dataset.sent = String(state.consent.sentOnThisJoin);
  ui.consentState.textContent = t(`consent.state.${a}`);
  ui.consentChange.textContent = t(a === 'unknown' ? 'consent.choose' : 'consent.change');
}

// ---------------------------------------------------------------------------------------------
// proctoring camera (kind `proctor`, seen by lecturers only)

function cameraErrorKey(e) {
  const n = e && e.name;
  if (n === 'NotFoundError' || n === 'DevicesNotFoundError' || n === 'OverconstrainedError') return 'err.proctorNoCamera';
  if (n === 'NotAllowedError' || n === 'PermissionDeniedError' || n === 'SecurityError') return 'err.proctorDenied';
  if (n === 'NotReadableError' || n === 'TrackStartError' || n === 'AbortError') return 'err.proctorBusy';
  return 'err.proctorOther';
}

async function getProctorMedia() {
  if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('getUserMedia unavailable'), { name: 'NotSupportedError' });
  const video = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 15 } };
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video });
  } catch (e) {
    // No microphone: the camera alone still lets the lecturer see the trainee.
    if (e.name === 'NotFoundError') {
      try { return await navigator.mediaDevices.getUserMedia({ audio: false, video }); } catch { /* report the first error */ }
    }
    throw e;
  }
}

async function startCamera() {
  const cam = state.cam;
  if (!isTrainee() || cam.stream || cam.busy) return;
  cam.busy = true;
  cam.error = null;
  renderCamera();
  try {
    const stream = await getProctorMedia();
    if (!live()) { for (const tr of stream.getTracks()) tr.stop(); return; }  // lesson ended meanwhile
    cam.stream = stream;
    for (const tr of stream.getAudioTracks()) tr.enabled = !cam.micMuted;
    ui.self.srcObject = stream;
    ui.self.play().catch(() => {});
    cam.meter = new MicMeter(stream);
    for (const track of stream.getVideoTracks()) {
      track.addEventListener('ended', () => {
        if (cam.stream !== stream) return;
        stopCamera();
        cam.error = { name: 'TrackEnded', key: 'err.proctorEnded' };
        banner.show('proctor-camera', { error: 'CAMERA_ENDED', key: 'err.proctorEnded', level: 'warn' });
        renderCamera();
      });
    }
    banner.clear('proctor-camera');
    media.startLocal('proctor', stream);
  } catch (e) {
    cam.error = { name: e.name || 'Error', key: cameraErrorKey(e), message: e.message };
    banner.show('proctor-camera', { error: e.name || 'Error', key: cameraErrorKey(e), message: e.message, level: 'warn',
      action: { key: 'proctor.retry', fn: () => { banner.clear('proctor-camera'); startCamera(); } } });
  } finally {
    cam.busy = false;
    renderCamera();
  }
}

function stopCamera() {
  const cam = state.cam;
  const stream = cam.stream;
  cam.stream = null;
  media.stopLocal('proctor');
  if (stream) for (const tr of stream.getTracks()) tr.stop();
  cam.meter?.close();
  cam.meter = null;
  ui.self.srcObject = null;
  renderCamera();
}

media.addEventListener('local-state', (ev) => {
  const { kind, state: s, error } = ev.detail;
  if (kind !== 'proctor') return;
  state.cam.publishState = s;
  if (s === 'live' || s === 'publishing') banner.clear('proctor-publish');
  if (s === 'error' && error && ![400, 202].includes(error.code)) banner.fromError('proctor-publish', error);
  if (s === 'live') reportAudio();
  renderCamera();
});

function micTrack() { return state.cam.stream?.getAudioTracks()[0] || null; }

function reportAudio() {
  const cam = state.cam;
  if (!cam.stream || cam.publishState !== 'live') return;
  const track = micTrack();
  const muted = !track || !track.enabled || track.muted || track.readyState === 'ended';
  const sample = cam.meter ? cam.meter.sample() : null;
  const data = { muted, level: muted || sample === null ? 0 : sample };
  if (!muted && sample === null) data.measured = false;
  outbox.add('proctor.audio', data);
}
setInterval(reportAudio, AUDIO_REPORT_MS);

ui.mic.addEventListener('click', () => {
  const cam = state.cam;
  cam.micMuted = !cam.micMuted;
  for (const tr of cam.stream?.getAudioTracks() || []) tr.enabled = !cam.micMuted;
  cam.meter?.resume();
  reportAudio();
  renderCamera();
});
ui.retry.addEventListener('click', () => { banner.clear('proctor-camera'); startCamera(); });

// The analyser's AudioContext may start suspended until the page gets a gesture.
for (const type of ['pointerdown', 'keydown']) {
  window.addEventListener(type, () => state.cam.meter?.resume(), { capture: true, passive: true });
}

function renderCamera() {
  const cam = state.cam;
  let s;
  if (!isTrainee()) s = 'off';
  else if (cam.error) s = 'error';
  else if (cam.busy) s = 'starting';
  else if (!cam.stream) s = 'off';
  else s = cam.publishState === 'off' ? 'waiting' : cam.publishState;
  ui.proctorStatus.dataset.state = s;
  let text;
  if (s === 'error') text = t(cam.error.key);
  else if (s === 'off') text = live() ? '' : t('proctor.offUntilLesson');
  else if (s === 'waiting') text = !media.mediaUp ? t('local.waitMedia') : live() ? t('local.waitConnection') : t('proctor.offUntilLesson');
  else text = t(`proctor.${s}`);
  ui.proctorStatus.textContent = text;
  ui.selfEmpty.hidden = !!cam.stream;
  ui.self.hidden = !cam.stream;
  ui.self.dataset.state = s;
  const hasMic = !!micTrack();
  ui.mic.hidden = !cam.stream || !hasMic;
  ui.mic.setAttribute('aria-pressed', String(cam.micMuted));
  ui.mic.dataset.muted = String(cam.micMuted || !hasMic);
  ui.mic.textContent = t(cam.micMuted ? 'proctor.micOn' : 'proctor.micOff');
  ui.retry.hidden = !(cam.error && live() && !cam.busy);
  document.body.dataset.proctorCamera = s;
}

// ---------------------------------------------------------------------------------------------
// sign-in (签到), once per lesson

function signinKey() { return `classroom.signin.${storageSuffix()}`; }

function loadSignin() {
  try {
    const raw = sessionStorage.getItem(signinKey());
    const s = raw ? JSON.parse(raw) : null;
    if (s && s.sessionId) { state.signin.signedFor = s.sessionId; state.signin.at = s.at || null; }
  } catch { /* not signed */ }
}

function signedIn() { return !!(state.signin.signedFor && state.signin.signedFor === sessionId()); }

ui.signin.addEventListener('click', () => signIn('click'));
ui.signinFace.addEventListener('click', () => signIn('face'));

async function signIn(method) {
  if (state.signin.busy || signedIn()) return;
  state.signin.busy = true;
  banner.clear('signin');
  renderSignin();
  const sid = sessionId();
  try {
    const ok = await client.request('attendance.signin', { method }, method === 'face' ? { timeoutMs: 20000 } : undefined);
    state.signin.signedFor = sid;
    state.signin.at = ok.signedInAt || new Date().toISOString();
    try { sessionStorage.setItem(signinKey(), JSON.stringify({ sessionId: sid, at: state.signin.at })); } catch { /* ignore */ }
  } catch (e) {
    banner.fromError('signin', e);
  } finally {
    state.signin.busy = false;
    renderSignin();
  }
}

function hhmm(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function renderSignin() {
  const signed = signedIn();
  ui.signinState.dataset.state = signed ? 'signed' : 'not-signed';
  ui.signinState.textContent = signed ? t('signin.signed', { time: hhmm(state.signin.at) })
    : live() ? t('signin.notSigned') : t('signin.closed');
  ui.signin.disabled = !isTrainee() || !state.joined || !client.isOpen || !live() || signed || state.signin.busy;
  ui.signin.textContent = t(signed ? 'signin.done' : 'signin.action');
  ui.signinFace.disabled = ui.signin.disabled;
  ui.signinFace.hidden = signed;
  ui.signinFace.textContent = t(state.signin.busy ? 'signin.faceBusy' : 'signin.face');
}

// ---------------------------------------------------------------------------------------------
// tab-switch warnings (切屏)

client.on('proctor.warning', (m) => {
  state.lastWarning = { ...m, at: Date.now() };
  renderWarning();
  // Make sure it is seen when the trainee comes back.
  ui.warning.classList.remove('flash');
  void ui.warning.offsetWidth;
  ui.warning.classList.add('flash');
});

function renderWarning() {
  const w = state.lastWarning;
  const n = ui.warning;
  if (!w) { n.hidden = true; n.replaceChildren(); return; }
  n.hidden = false;
  n.dataset.count = String(w.count ?? '');
  n.dataset.limit = String(w.limit ?? '');
  n.dataset.reason = String(w.reason || '');
  const parts = [
    el('div', { class: 'warning-title' }, el('span', { class: 'warning-icon', 'aria-hidden': 'true' }, '⚠'),
      t('warning.title', { count: w.count })),
    el('div', { class: 'warning-body' }, t('warning.timeAway')),
  ];
  if (w.limit > 0) {
    parts.push(el('div', { class: 'warning-limit' },
      w.count >= w.limit ? t('warning.locked', { limit: w.limit }) : t('warning.limit', { count: w.count, limit: w.limit })));
  }
  // The page says a tab-switch warning in the chosen language; the server's own words (Chinese)
  // only stand in for a reason this page does not know yet.
  if (w.message && w.reason !== 'tab-switch') {
    parts.push(el('div', { class: 'warning-message', 'data-testid': 'proctor-warning-message' }, w.message));
  }
  const text = el('div', { class: 'warning-text' }, ...parts);
  const close = el('button', { type: 'button', class: 'btn btn-small', id: 'proctor-warning-dismiss',
    'aria-label': t('warning.dismiss'), onclick: () => { state.lastWarning = null; renderWarning(); } }, t('warning.ok'));
  n.replaceChildren(text, close);
}

// ---------------------------------------------------------------------------------------------
// leave requests (请假)

function todayLocal() {
  const d = new Date();
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
ui.leaveDate.value = todayLocal();

async function fetchLeaves() {
  try {
    const ok = await client.request('leave.list');
    state.leaves.reset((ok.leaves || []).filter((l) => !me() || !l.userId || l.userId === me().userId));
    banner.clear('leave-list');
  } catch (e) {
    if (!['CONNECTION_CLOSED', 'NOT_CONNECTED'].includes(e.error)) banner.fromError('leave-list', e, { level: 'warn' });
  }
  renderLeaves();
}

client.on('leave.changed', (m) => {
  if (!m.leave || (me() && m.leave.userId && m.leave.userId !== me().userId)) return;
  state.leaves.upsert(m.leave);
  renderLeaves();
});

function showLeaveError(text, code, detail) {
  ui.leaveError.hidden = !text;
  ui.leaveError.textContent = text || '';
  const d = detailNode(detail, 'form-error-detail');
  if (d) ui.leaveError.append(' ', d);
  if (code != null) ui.leaveError.dataset.code = String(code); else delete ui.leaveError.dataset.code;
}

ui.leaveForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (state.leaveBusy) return;
  showLeaveError('');
  const hoursText = ui.leaveHours.value.trim();
  const hours = Number(hoursText);
  const reason = ui.leaveReason.value.trim();
  const forDate = ui.leaveDate.value;
  // Only what the server cannot judge is checked here; the 4-hour limit is the server's (error 103).
  if (!/^\d+$/.test(hoursText) || hours < 1) { showLeaveError(t('leave.badHours')); ui.leaveHours.focus(); return; }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(forDate)) { showLeaveError(t('leave.badDate')); ui.leaveDate.focus(); return; }
  if (!reason) { showLeaveError(t('leave.badReason')); ui.leaveReason.focus(); return; }
  state.leaveBusy = true;
  renderLeaveForm();
  try {
    const ok = await client.request('leave.request', { hours, reason, forDate });
    state.leaves.upsert(ok.leave);
    ui.leaveReason.value = '';
    renderLeaves();
  } catch (e) {
    // The page's text for the code; the server's message (which field, which limit) as a detail.
    showLeaveError(errorText(e), e.code, e.message);
    ui.leaveError.dataset.error = e.error || '';
  } finally {
    state.leaveBusy = false;
    renderLeaveForm();
  }
});

function renderLeaveForm() {
  ui.leaveSubmit.disabled = state.leaveBusy || !state.joined || !isTrainee();
  ui.leaveForm.setAttribute('aria-busy', String(state.leaveBusy));
}

function renderLeaves() {
  const items = state.leaves.sorted().map((l) => leaveItem(l));
  ui.myLeaves.replaceChildren(...items);
  if (items.length === 0) ui.myLeaves.append(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('leave.none')));
  renderLeaveForm();
}

// ---------------------------------------------------------------------------------------------

function renderAll() {
  ctx.interaction?.render();
  renderConsent();
  renderCamera();
  renderSignin();
  renderWarning();
  renderLeaves();
}
onLangChange(renderAll);

Object.assign(window.classroom, {
  traceOutbox: {
    pending: () => outbox.pending(),
    acked: () => outbox.acked(),
    flush: () => outbox.flush(),
  },
  noticeVersion: NOTICE_VERSION,
});

// ---------------------------------------------------------------------------------------------
// live interaction: chat, danmaku, likes, Q&A, exercises, hands and speaking, breakout groups

/** The trainee's camera + microphone (kind `camera`), wanted while speaking or in a breakout group. */
const shareCamera = (() => {
  const reasons = new Set();
  const preview = { tile: $('share-tile'), video: $('share-self') };
  let stream = null;
  let busy = false;
  async function sync() {
    if (busy) return;
    const want = reasons.size > 0;
    if (want && !stream) {
      busy = true;
      try {
        const s = await navigator.mediaDevices.getUserMedia({ audio: true,
          video: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 15 } } })
          .catch((e) => (e.name === 'NotFoundError' ? navigator.mediaDevices.getUserMedia({ audio: false, video: true }) : Promise.reject(e)));
        stream = s;
        preview.video.srcObject = s;
        preview.video.play().catch(() => {});
        banner.clear('share-camera');
        media.startLocal('camera', s);
      } catch (e) {
        banner.show('share-camera', { error: e.name || 'Error', key: cameraErrorKey(e).replace('proctor', 'share'), message: e.message, level: 'warn' });
      } finally {
        busy = false;
      }
    } else if (!want && stream) {
      media.stopLocal('camera');
      for (const tr of stream.getTracks()) tr.stop();
      stream = null;
      preview.video.srcObject = null;
    }
    preview.tile.hidden = !stream;
    if ((reasons.size > 0) !== !!stream) sync();
  }
  return {
    want(reason, on) {
      const had = reasons.has(reason);
      if (on) reasons.add(reason); else reasons.delete(reason);
      if (had !== on) sync();
    },
    get stream() { return stream; },
  };
})();

for (const [tab, panel] of [['tab-chat', 'panel-chat'], ['tab-qa', 'panel-qa']]) {
  $(tab).addEventListener('click', () => {
    for (const [t2, p2] of [['tab-chat', 'panel-chat'], ['tab-qa', 'panel-qa']]) {
      $(t2).setAttribute('aria-selected', String(t2 === tab));
      $(p2).hidden = p2 !== panel;
    }
  });
}

mountChat(ctx);
mountDanmaku(ctx);
mountLikes(ctx);
mountRecording(ctx, { lecturer: false });
mountQa(ctx);
mountExerciseTrainee(ctx);
mountBreakoutTrainee(ctx, shareCamera);
mountSpeakingTrainee(ctx, shareCamera);
mountCommerceTrainee(ctx, shareCamera); // issue I live room (i-live)
Object.assign(window.classroom, { shareCamera: () => shareCamera.stream });

renderAll();
mountVideosTrainee(ctx);   // issue D: course videos
ctx.start();
