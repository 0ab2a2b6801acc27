// Plays a catalogue video's HLS package in a <video> element with hls.js (served from its webjar
// as /vendor/hls.min.js). Segments are fetched with the page's bearer token.
//   const player = await openPlayer(videoEl, { videoId, track: 'main', token, onFatal });
//   player.destroy();
// URL of a track: /api/videos/{videoId}/hls/{track}/master.m3u8 (docs/protocol.md, "Videos").

let loading = null;

function loadHls() {
  if (window.Hls) return Promise.resolve(window.Hls);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/hls.min.js';
      s.onload = () => resolve(window.Hls);
      s.onerror = () => { loading = null; reject(new Error('hls.js failed to load')); };
      document.head.append(s);
    });
  }
  return loading;
}

export function trackUrl(videoId, track) {
  return `/api/videos/${encodeURIComponent(videoId)}/hls/${encodeURIComponent(track)}/master.m3u8`;
}

export async function openPlayer(video, { videoId, track = 'main', token, onFatal } = {}) {
  const Hls = await loadHls();
  if (!Hls || !Hls.isSupported()) {
    throw new Error('this browser cannot play HLS (no Media Source Extensions)');
  }
  const hls = new Hls({
    xhrSetup: (xhr) => { if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`); },
  });
  hls.on(Hls.Events.ERROR, (_event, data) => { if (data && data.fatal && onFatal) onFatal(data); });
  hls.loadSource(trackUrl(videoId, track));
  hls.attachMedia(video);
  return { hls, destroy: () => hls.destroy() };
}
