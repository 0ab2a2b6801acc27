// The proctoring wall folds away (issue K): on a laptop the lecturer keeps the stage, chat, Q&A and
// hands in view; the wall's head, with its counts (in class, away, tab switches, sign-ins, roll
// call), stays visible while its tiles are folded. The choice is kept for the next lesson.
import { t, onLangChange } from './i18n.js';

const KEY = 'classroom.wallCollapsed';
const section = document.getElementById('proctor-wall-section');
const button = document.getElementById('wall-toggle');

function show(collapsed) {
  section.classList.toggle('wall-collapsed', collapsed);
  button.setAttribute('aria-expanded', String(!collapsed));
  const key = collapsed ? 'wall.expand' : 'wall.collapse';
  button.dataset.i18n = key;
  button.textContent = t(key);
}

let collapsed = false;
try { collapsed = localStorage.getItem(KEY) === '1'; } catch { /* storage off: start open */ }
show(collapsed);
button.addEventListener('click', () => {
  collapsed = !collapsed;
  try { localStorage.setItem(KEY, collapsed ? '1' : '0'); } catch { /* not kept */ }
  show(collapsed);
});
onLangChange(() => show(collapsed));
