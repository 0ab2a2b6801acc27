// Lecturer page: start / end the lesson, publish camera and screen, watch the co-lecturer.
import { createClassroomPage } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';

const $ = (id) => document.getElementById(id);
const ui = {
  start: $('btn-start'), end: $('btn-end'), endConfirm: $('btn-end-confirm'), endDialog: $('end-dialog'),
  camera: $('btn-camera'), cameraStop: $('btn-camera-stop'), cameraStatus: $('camera-status'),
  screen: $('btn-screen'), screenStop: $('btn-screen-stop'), screenStatus: $('screen-status'),
  localVideo: $('local-video'), localScreenVideo: $('local-screen-video'),
  localCameraTile: $('local-camera-tile'), localScreenTile: $('local-screen-tile'), localEmpty: $('local-empty'),
};

const local = { camera: null, screen: null };          // MediaStream per kind
const localState = { camera: 'off', screen: 'off' };
let busy = { start: false, end: false, camera: false, screen: false };

const ctx = createClassroomPage({
  page: 'lecturer',
  onIdentity: checkRole,
  onJoined: updateControls,
  onSessionChange: updateControls,
  onConnectionChange: updateControls,
  onRender: () => { updateControls(); renderLocal(); },
});
const { client, media, banner } = ctx;

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
  ui.start.disabled = !joined || !lecturer || live || busy.start;
  ui.end.disabled = !joined || !lecturer || !live || busy.end;
  ui.endConfirm.disabled = busy.end;
  ui.camera.disabled = !lecturer || !!local.camera || busy.camera;
  ui.screen.disabled = !lecturer || !!local.screen || busy.screen;
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
  try {
    const ok = await client.request('session.start');
    // session.started also arrives; apply now so the page reacts at once.
    ctx.lessonState = 'live';
    ctx.session = ok.session;
    media.setSessionLive(true);
    ctx.renderAll();
  } catch (e) {
    banner.fromError('action', e);
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

Object.assign(window.classroom, {
  startSession: () => ui.start.click(),
  endSession,                       // ends without the confirm dialog
  stopCamera: () => stopLocal('camera'),
  stopScreen: () => stopLocal('screen'),
});

updateControls();
renderLocal();
ctx.start();
