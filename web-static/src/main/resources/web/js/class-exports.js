// A class's roster, attendance and results as a spreadsheet (CSV or Excel .xlsx), on the admin's
// classes.html and the regulator's openings.html. The API serves them only with the bearer token
// (docs/protocol.md "Classes and people", Exports), so a link cannot do: the file is fetched with
// the Authorization header and saved under the name the server gives in Content-Disposition
// (filename* of RFC 5987 first: the class's Chinese name). A refusal shows the code's text.
import { el, t, showOk, clearMsg } from './asmt-staff.js';
import { EnrolmentError, showFailure } from './enrolment-common.js';

const KINDS = ['roster', 'attendance', 'results'];
const FORMATS = ['csv', 'xlsx'];

/**
 * The file name of a Content-Disposition header: `filename*` (RFC 5987: charset'language'
 * percent-encoded) before `filename`, or null. Only a plain name is kept (no folder part).
 */
export function fileNameOf(disposition) {
  if (!disposition) return null;
  let name = null;
  const ext = /filename\*\s*=\s*([^']*)'[^']*'([^;\s]+)/i.exec(disposition);
  if (ext) {
    try {
      name = /^utf-8$/i.test(ext[1]) || ext[1] === '' ? decodeURIComponent(ext[2]) : null;
    } catch { name = null; }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(disposition);
    if (plain) name = plain[1] != null ? plain[1].replace(/\\(.)/g, '$1') : plain[2];
  }
  if (!name) return null;
  name = name.split(/[\\/]/).pop().trim();
  return name || null;
}

/** Fetches `path` with the token and saves the answer as a file; resolves {name, size}, rejects EnrolmentError. */
export async function saveExport(token, path, fallbackName) {
  let res;
  try {
    res = await fetch(path, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch { throw new EnrolmentError(0, null); }
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    throw new EnrolmentError(res.status, body);
  }
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('Content-Disposition')) || fallbackName;
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: '' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: blob.size };
}

/**
 * Renders the six buttons into `box` (a kind per row: CSV and Excel), for the class `classId()`
 * names under `base(id)` (…/export), with `msg` the message slot. Call again after a language change.
 */
export function renderExports(box, { token, base, classId, msg }) {
  const rows = KINDS.map((kind) => el('div', { class: 'exp-row', role: 'group', 'aria-label': t(`exp.kind.${kind}`) },
    el('span', { class: 'exp-kind' }, t(`exp.kind.${kind}`)),
    ...FORMATS.map((format) => el('button', {
      type: 'button', class: 'btn btn-small exp-btn', 'data-kind': kind, 'data-format': format,
      'aria-label': t('exp.button.label', { kind: t(`exp.kind.${kind}`), format: t(`exp.format.${format}`) }),
      onclick: (ev) => run(ev.currentTarget, kind, format),
    }, t(`exp.format.${format}`)))));
  box.replaceChildren(el('p', { class: 'hint' }, t('exp.hint')), ...rows);

  async function run(button, kind, format) {
    const id = classId();
    if (!id) return;
    clearMsg(msg);
    delete msg.dataset.file;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const r = await saveExport(token, `${base(id)}/${kind}.${format}`, `${id}-${kind}.${format}`);
      showOk(msg, t('exp.saved', { name: r.name }));
      msg.dataset.file = r.name;
    } catch (e) {
      showFailure(msg, e);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}
