// REST calls of the result-assessment pages (docs/protocol.md, "Result assessment"): JSON with the
// bearer token, uploads with progress, binary downloads. A refusal rejects with {code, status, message}.

const TOKEN_KEY = 'classroom.token';
const CLASS_KEY = 'classroom.class';

/** Token and class from the query string (kept in sessionStorage, as the classroom pages do). */
export function credentials() {
  const url = new URL(location.href);
  let token = url.searchParams.get('token');
  let classId = url.searchParams.get('class');
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token); else token = sessionStorage.getItem(TOKEN_KEY);
    if (classId) sessionStorage.setItem(CLASS_KEY, classId); else classId = sessionStorage.getItem(CLASS_KEY);
  } catch { /* storage disabled */ }
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return { token: token || null, classId: classId || null };
}

export class ApiError extends Error {
  constructor(status, code, message) { super(message || `HTTP ${status}`); this.status = status; this.code = code; }
}

async function failure(res) {
  let body = {};
  try { body = await res.json(); } catch { /* not JSON */ }
  return new ApiError(res.status, body.code ?? null, body.message || '');
}

export class AssessmentApi {
  constructor(token, classId) { this.token = token; this.classId = classId; }

  base(path) { return `/api/classes/${encodeURIComponent(this.classId)}/${path}`; }

  async json(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method, cache: 'no-store',
        headers: { Authorization: `Bearer ${this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) { throw new ApiError(0, null, String(e)); }
    if (!res.ok) throw await failure(res);
    return res.json();
  }

  get(path) { return this.json('GET', this.base(path)); }
  put(path, body) { return this.json('PUT', this.base(path), body); }

  /** A file as a Blob (PDFs). */
  async blob(path) {
    let res;
    try { res = await fetch(path, { headers: { Authorization: `Bearer ${this.token}` }, cache: 'no-store' }); }
    catch (e) { throw new ApiError(0, null, String(e)); }
    if (!res.ok) throw await failure(res);
    return res.blob();
  }

  /** Uploads one attachment; onProgress(fraction). Resolves with the server's description of the file. */
  upload(kind, file, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.base(`attachments?kind=${kind}&fileName=${encodeURIComponent(file.name)}`));
      xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
      xhr.onload = () => {
        let body = {};
        try { body = JSON.parse(xhr.responseText || '{}'); } catch { /* not JSON */ }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body);
        else reject(new ApiError(xhr.status, body.code ?? null, body.message || ''));
      };
      xhr.onerror = () => reject(new ApiError(0, null, 'network'));
      xhr.send(file);
    });
  }
}
