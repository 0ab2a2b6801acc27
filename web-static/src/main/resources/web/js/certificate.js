// Public certificate look-up (no login): number + name -> valid / revoked / unknown, nothing else
// (GET /api/public/certificates, docs/protocol.md "Result assessment").
import { t, applyI18n, mountLangSwitch, onLangChange } from './i18n.js';

const $ = (id) => document.getElementById(id);
const result = $('cert-result');

function show(key, status) {
  result.dataset.status = status;
  result.dataset.i18n = key;
  result.textContent = t(key);
}

async function lookUp() {
  const number = $('cert-number').value.trim();
  const name = $('cert-name').value.trim();
  if (!number || !name) { show('cert.missing', 'error'); return; }
  show('cert.looking', 'busy');
  try {
    const res = await fetch(`/api/public/certificates?number=${encodeURIComponent(number)}&name=${encodeURIComponent(name)}`,
      { cache: 'no-store', credentials: 'omit' });
    if (!res.ok) { show('cert.error', 'error'); return; }
    const { status } = await res.json();
    if (status === 'valid') show('cert.status.valid', 'valid');
    else if (status === 'revoked') show('cert.status.revoked', 'revoked');
    else show('cert.status.unknown', 'unknown');
  } catch { show('cert.error', 'error'); }
}

applyI18n();
mountLangSwitch($('lang-switch'));
onLangChange(() => { if (result.dataset.i18n) result.textContent = t(result.dataset.i18n); });
const q = new URLSearchParams(location.search);
if (q.get('number')) $('cert-number').value = q.get('number');
if (q.get('name')) $('cert-name').value = q.get('name');
$('cert-form').addEventListener('submit', (e) => { e.preventDefault(); lookUp(); });
