// Lecturer page: start / end the lesson, publish camera and screen, watch the co-lecturer;
// proctoring wall (every trainee's state and proctoring camera), roll call, leave requests.
import { createClassroomPage, el } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { ProctorWall } from './proctor-wall.js';
import { LeaveList, leaveItem } from './leaves.js';
import { interactionHub } from './interaction-common.js';
import { mountChat, mountDanmaku, mountLikes } from './live-chat.js';
import { mountQa } from './qa.js';
import { mountExerciseLecturer } from './exercise.js';
import { mountSpeakingLecturer } from './speaking.js';
import { mountBreakoutLecturer } from './breakout.js';
import { mountVideosLecturer } from './videos.js';
import { mountRecording } from './recording.js';
import { StartRefusal } from './start-refusal.js'; // issue H pages
import { mountCommerceLecturer } from './commerce-lecturer.js'; // issue I live room (i-live)

const $ = (id) => document.getElementById(id);
const ui = {
  start: $('btn-start'), end: $('btn-end'), endConfirm: $('btn-end-confirm'), endDialog: $('end-dialog'),
  camera: $('btn-camera'), cameraStop: $('btn-camera-stop'), cameraStatus: $('camera-status'),
  screen: $('btn-screen'), screenStop: $('btn-screen-stop'), screenStatus: $('screen-status'),
  localVideo: $('local-video'), localScreenVideo: $('local-screen-video'),
  localCameraTile: $('local-camera-tile'), localScreenTile: $('local-screen-tile'), localEmpty: $('local-empty'),
  wall: $('proctor-wall'), wallSummary: $('proctor-summary'), wallEmpty: $('proctor-wall-empty'),
  leaveRequests: $('leave-requests'), leavePending: $('leave-pending-count'),
};

const local = { camera: null, screen: null };          // MediaStream per kind
const localState = { camera: 'off', screen: 'off' };
let busy = { start: false, end: false, camera: false, screen: false };

const leaves = new LeaveList();
const leaveBusy = new Set();        // leaveIds with a decision on its way
let wall = null;
const startRefusal = new StartRefusal($('start-refusal')); // issue H pages: 264 beside the start button

const ctx = createClassroomPage({
  page: 'lecturer',
  onIdentity: checkRole,
  onJoined: () => { ctx.interaction.joined(); updateControls(); fetchLeaves(); },
  onSessionChange: () => { updateControls(); ctx.interaction?.render(); },
  onConnectionChange: () => { updateControls(); ctx.interaction?.render(); },
  onRender: () => { updateControls(); renderLocal(); renderLeaves(); ctx.interaction?.render(); },
  // Trainees' proctoring cameras go on the wall, not on the stage.
  claimRemote: (info) => {
    if (info.kind !== 'proctor') return false;
    wall.addStream(info);
    return true;
  },
  releaseRemote: (streamId) => wall.removeStream(streamId),
  remoteState: (streamId, state) => wall.streamState(streamId, state),
});
const { client, media, banner } = ctx;
interactionHub(ctx);

wall = new ProctorWall({ wall: ui.wall, summary: ui.wallSummary, empty: ui.wallEmpty }, {
  onRollCall: async (userId) => {
    banner.clear('rollcall');
    try {
      await client.request('attendance.rollcall', { userId, present: true });
    } catch (e) {
      banner.fromError('rollcall', e);
    }
  },
});
client.on('proctor.state', (m) => wall.setState(m));

function isLecturer() { return (ctx.you || ctx.me)?.role === 'lecturer'; }

function checkRole() {
  if (!isLecturer()) {
    banner.show('role', { code: 304, error: 'ROLE_FORBIDDEN', key: 'err.notLecturer', level: 'warn' });
  }
}

function updateControls() {
  const joined = client.isOpen && !!ctx.you;
  const lecturer = isLecturer();
  const live = ctx.lessonState === 'live';
  if (live) startRefusal.clear(); // issue H pages: started (here or by the co-lecturer)
  ui.start.disabled = !joined || !lecturer || live || busy.start;
  ui.end.disabled = !joined || !lecturer || !live || busy.end;
  ui.endConfirm.disabled = busy.end;
  ui.camera.disabled = !lecturer || !!local.camera || busy.camera;
  ui.screen.disabled = !lecturer || !!local.screen || busy.screen;
  wall.setEnabled(joined && lecturer);
  ui.cameraStop.hidden = !local.camera;
  ui.screenStop.hidden = !local.screen;
  ui.camera.hidden = !!local.camera;
  ui.screen.hidden = !!local.screen;
  document.body.dataset.camera = local.camera ? 'on' : 'off';
  document.body.dataset.screen = local.screen ? 'on' : 'off';
}

function statusText(kind) {
  const s = localState[kind];
  if (s === 'off') return '';
  if (s === 'waiting') {
    if (ctx.lessonState !== 'live') return t('local.waitLesson');
    if (!media.mediaUp) return t('local.waitMedia');
    return t('local.waitConnection');
  }
  return t(`local.${s}`);
}

function renderLocal() {
  for (const kind of ['camera', 'screen']) {
    const node = kind === 'camera' ? ui.cameraStatus : ui.screenStatus;
    node.dataset.state = localState[kind];
    node.textContent = statusText(kind);
  }
  ui.localCameraTile.hidden = !local.camera;
  ui.localScreenTile.hidden = !local.screen;
  ui.localEmpty.hidden = !!(local.camera || local.screen);
}
onLangChange(renderLocal);

media.addEventListener('local-state', (ev) => {
  const { kind, state, error } = ev.detail;
  localState[kind] = state;
  if (state === 'live' || state === 'publishing') banner.clear(`${kind}-publish`);
  if (state === 'error' && error && ![400, 202].includes(error.code)) {
    banner.fromError(`${kind}-publish`, error);
  }
  renderLocal();
});

// ----- lesson

ui.start.addEventListener('click', async () => {
  busy.start = true; updateControls();
  banner.clear('action');
  startRefusal.clear();
  try {
    const ok = await client.request('session.start');
    // session.started also arrives; apply now so the page reacts at once.
    ctx.lessonState = 'live';
    ctx.session = ok.session;
    media.setSessionLive(true);
    ctx.renderAll();
  } catch (e) {
    if (!startRefusal.show(e)) banner.fromError('action', e);
  } finally {
    busy.start = false; updateControls();
  }
});

function openEndDialog() {
  if (ui.endDialog.open) return;
  if (typeof ui.endDialog.showModal === 'function') ui.endDialog.showModal(); else ui.endDialog.setAttribute('open', '');
  ui.endConfirm.focus();
}

async function endSession() {
  if (ui.endDialog.open) ui.endDialog.close('confirm');
  busy.end = true; updateControls();
  banner.clear('action');
  try {
    await client.request('session.end');
    ctx.lessonState = 'ended';
    media.setSessionLive(false);
    ctx.renderAll();
  } catch (e) {
    banner.fromError('action', e);
  } finally {
    busy.end = false; updateControls();
  }
}

ui.end.addEventListener('click', openEndDialog);
ui.endConfirm.addEventListener('click', endSession);

// ----- camera

function mediaErrorKey(e, kind) {
  const name = e && e.name;
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return kind === 'camera' ? 'err.noCamera' : 'err.screenOther';
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError') return kind === 'camera' ? 'err.cameraDenied' : 'err.screenDenied';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return kind === 'camera' ? 'err.cameraBusy' : 'err.screenOther';
  return kind === 'camera' ? 'err.cameraOther' : 'err.screenOther';
}

async function getCamera() {
  const video = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25 } };
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video });
  } catch (e) {
    // A camera without a microphone still makes a usable lesson.
    if (e.name === 'NotFoundError') {
      try { return await navigator.mediaDevices.getUserMedia({ audio: false, video }); } catch { /* report the first error */ }
    }
    throw e;
  }
}

ui.camera.addEventListener('click', async () => {
  if (local.camera || busy.camera) return;
  busy.camera = true; updateControls();
  banner.clear('camera');
  try {
    if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('getUserMedia unavailable'), { name: 'NotSupportedError' });
    const stream = await getCamera();
    local.camera = stream;
    ui.localVideo.srcObject = stream;
    ui.localVideo.play().catch(() => {});
    for (const track of stream.getTracks()) {
      track.addEventListener('ended', () => { if (local.camera === stream && track.kind === 'video') stopLocal('camera'); });
    }
    media.startLocal('camera', stream);
  } catch (e) {
    banner.show('camera', { error: e.name || 'Error', key: mediaErrorKey(e, 'camera'), message: e.message });
  } finally {
    busy.camera = false; updateControls(); renderLocal();
  }
});

ui.screen.addEventListener('click', async () => {
  if (local.screen || busy.screen) return;
  busy.screen = true; updateControls();
  banner.clear('screen');
  try {
    if (!navigator.mediaDevices?.getDisplayMedia) throw Object.assign(new Error('getDisplayMedia unavailable'), { name: 'NotSupportedError' });
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    local.screen = stream;
    ui.localScreenVideo.srcObject = stream;
    ui.localScreenVideo.play().catch(() => {});
    // "Stop sharing" in the browser UI ends the track.
    for (const track of stream.getVideoTracks()) {
      track.addEventListener('ended', () => { if (local.screen === stream) stopLocal('screen'); });
    }
    media.startLocal('screen', stream);
  } catch (e) {
    banner.show('screen', { error: e.name || 'Error', key: mediaErrorKey(e, 'screen'), message: e.message,
      level: e.name === 'NotAllowedError' ? 'warn' : 'error' });
  } finally {
    busy.screen = false; updateControls(); renderLocal();
  }
});

function stopLocal(kind) {
  const stream = local[kind];
  local[kind] = null;
  media.stopLocal(kind);
  if (stream) for (const track of stream.getTracks()) track.stop();
  const video = kind === 'camera' ? ui.localVideo : ui.localScreenVideo;
  video.srcObject = null;
  banner.clear(`${kind}-publish`);
  updateControls(); renderLocal();
}

ui.cameraStop.addEventListener('click', () => stopLocal('camera'));
ui.screenStop.addEventListener('click', () => stopLocal('screen'));

// ----- leave requests (请假)

async function fetchLeaves() {
  if (!isLecturer()) return;
  try {
    const ok = await client.request('leave.list');
    leaves.reset(ok.leaves || []);
    banner.clear('leave-list');
  } catch (e) {
    if (!['CONNECTION_CLOSED', 'NOT_CONNECTED'].includes(e.error)) banner.fromError('leave-list', e, { level: 'warn' });
  }
  renderLeaves();
}

client.on('leave.changed', (m) => { leaves.upsert(m.leave); renderLeaves(); });

async function decideLeave(leave, approved, note) {
  if (leaveBusy.has(leave.leaveId)) return;
  leaveBusy.add(leave.leaveId);
  banner.clear('leave-decide');
  renderLeaves();
  try {
    const fields = { leaveId: leave.leaveId, approved };
    if (note) fields.note = note;
    const ok = await client.request('leave.decide', fields);
    leaves.upsert(ok.leave);
  } catch (e) {
    banner.fromError('leave-decide', e);
  } finally {
    leaveBusy.delete(leave.leaveId);
    renderLeaves();
  }
}

function renderLeaves() {
  const joined = client.isOpen && !!ctx.you && isLecturer();
  // Keep what is being typed in a note across re-renders.
  const notes = new Map([...ui.leaveRequests.querySelectorAll('li[data-leave-id] [data-field=note]')]
    .map((i) => [i.closest('li').dataset.leaveId, { value: i.value, focused: document.activeElement === i }]));
  const items = leaves.sorted().map((l) => {
    const li = leaveItem(l, { lecturer: true, busy: leaveBusy.has(l.leaveId) || !joined, onDecide: decideLeave });
    const kept = notes.get(l.leaveId);
    const input = li.querySelector('[data-field=note]');
    if (kept && input) { input.value = kept.value; if (kept.focused) queueMicrotask(() => input.focus()); }
    return li;
  });
  ui.leaveRequests.replaceChildren(...items);
  if (items.length === 0) ui.leaveRequests.append(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('leave.noneClass')));
  const pending = leaves.counts().pending;
  ui.leavePending.hidden = pending === 0;
  ui.leavePending.dataset.count = String(pending);
  ui.leavePending.textContent = t('leave.pendingN', { n: pending });
}

Object.assign(window.classroom, {
  proctorWall: () => ({ ...wall.counts(), trainees: [...wall.trainees.values()] }),
  startSession: () => ui.start.click(),
  endSession,                       // ends without the confirm dialog
  stopCamera: () => stopLocal('camera'),
  stopScreen: () => stopLocal('screen'),
});

mountChat(ctx, { lecturer: true });
mountDanmaku(ctx, { lecturer: true });
mountLikes(ctx);
mountRecording(ctx, { lecturer: true });
mountQa(ctx, { lecturer: true });
mountExerciseLecturer(ctx);
mountSpeakingLecturer(ctx);
mountCommerceLecturer(ctx); // issue I live room (i-live)
const breakout = mountBreakoutLecturer(ctx, { getCamera: () => local.camera });
media.addEventListener('local-state', () => breakout.syncVisitCamera());

updateControls();
renderLocal();
mountVideosLecturer(ctx);   // issue D: course videos
ctx.start();
