// Tiny i18n: t(key, params), a language switch, and data-i18n attributes.
//   <span data-i18n="key"></span>             -> textContent
//   <button data-i18n-attr="title:key2">       -> attributes (comma separated)
// Language: ?lang=xx, else localStorage, else zh-CN. Choice is remembered in localStorage.

import zhCN from './i18n/zh-CN.js';
import en from './i18n/en.js';
import zhCNInteraction from './i18n/interaction.zh-CN.js';
import enInteraction from './i18n/interaction.en.js';
import zhCNVideos from './i18n/videos.zh-CN.js';
import enVideos from './i18n/videos.en.js';
import zhCNRecording from './i18n/recording.zh-CN.js';
import enRecording from './i18n/recording.en.js';
import zhCNWatch from './i18n/watch.zh-CN.js';
import enWatch from './i18n/watch.en.js';

export const DICTIONARIES = {
  'zh-CN': { ...zhCN, ...zhCNInteraction, ...zhCNVideos, ...zhCNRecording, ...zhCNWatch },
  en: { ...en, ...enInteraction, ...enVideos, ...enRecording, ...enWatch },
};
export const DEFAULT_LANG = 'zh-CN';
const STORAGE_KEY = 'classroom.lang';

function normalize(lang) {
  if (!lang) return null;
  const l = String(lang).toLowerCase();
  if (l === 'en' || l.startsWith('en-')) return 'en';
  if (l === 'zh' || l.startsWith('zh')) return 'zh-CN';
  return null;
}

function initialLang() {
  const fromQuery = normalize(new URLSearchParams(location.search).get('lang'));
  if (fromQuery) {
    try { localStorage.setItem(STORAGE_KEY, fromQuery); } catch { /* ignore */ }
    return fromQuery;
  }
  try {
    const stored = normalize(localStorage.getItem(STORAGE_KEY));
    if (stored) return stored;
  } catch { /* ignore */ }
  return DEFAULT_LANG;
}

let current = initialLang();
const listeners = new Set();

export function getLang() { return current; }

/** Translate; `{name}` placeholders are replaced from params. Missing keys fall back to zh-CN, then the key. */
export function t(key, params = {}) {
  let s = DICTIONARIES[current][key];
  if (s === undefined) s = DICTIONARIES[DEFAULT_LANG][key];
  if (s === undefined) return key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (params[name] !== undefined && params[name] !== null ? String(params[name]) : m));
}

/** True when a translation exists. */
export function has(key) { return DICTIONARIES[current][key] !== undefined || DICTIONARIES[DEFAULT_LANG][key] !== undefined; }

export function setLang(lang) {
  const l = normalize(lang) || DEFAULT_LANG;
  try { localStorage.setItem(STORAGE_KEY, l); } catch { /* ignore */ }
  if (l === current) return;
  current = l;
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) { url.searchParams.set('lang', l === 'en' ? 'en' : 'zh-CN'); history.replaceState(history.state, '', url); }
  applyI18n();
  for (const fn of [...listeners]) { try { fn(l); } catch (e) { console.error(e); } }
}

/** Called after every language change (to re-render dynamic text). */
export function onLangChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

export function applyI18n(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(',')) {
      const [attr, key] = pair.split(':').map((x) => x.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
  const titleKey = document.documentElement.dataset.titleKey;
  if (titleKey) document.title = t(titleKey);
}

/** Render the language switch (two buttons) into `container`. */
export function mountLangSwitch(container) {
  if (!container) return;
  container.classList.add('lang-switch');
  container.setAttribute('role', 'group');
  container.replaceChildren();
  const langs = [['zh-CN', '中文', 'lang-zh'], ['en', 'EN', 'lang-en']];
  const buttons = langs.map(([code, label, testid]) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.lang = code;
    b.dataset.lang = code;
    b.dataset.testid = testid;
    b.id = testid;
    b.addEventListener('click', () => setLang(code));
    container.append(b);
    return b;
  });
  const sync = () => {
    container.setAttribute('aria-label', t('lang.switch'));
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.lang === current));
  };
  sync();
  onLangChange(sync);
}
