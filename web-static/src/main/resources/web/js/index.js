// Landing page: in dev mode (GET /api/dev/demo answers) list the demo class's people with links.
import { t, applyI18n, mountLangSwitch, onLangChange } from './i18n.js';

applyI18n();
mountLangSwitch(document.getElementById('lang-switch'));

const section = document.getElementById('demo');
const status = document.getElementById('demo-status');
const container = document.getElementById('demo-classes');
let demo = null;      // normalized: [{classroomId, name, people:[{userId, displayName, role, href}]}]

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// protocol.md does not fix the shape of /api/dev/demo ("the seeded demo class with a join link
// per person"), so accept the likely spellings.
const PEOPLE_KEYS = ['people', 'participants', 'members', 'users', 'links', 'joinLinks'];
function peopleOf(o) {
  if (Array.isArray(o)) return o;
  for (const k of PEOPLE_KEYS) if (Array.isArray(o?.[k])) return o[k];
  return [];
}

// Regulators (and admins) read the regulator desk; they have no classroom page of their own.
const DESK_ROLES = new Set(['regulator', 'admin']);
function pageFor(role) {
  if (role === 'lecturer') return '/lecturer.html';
  if (DESK_ROLES.has(role)) return '/regulator.html';
  return '/trainee.html';
}
const OPEN_KEY = { lecturer: 'index.openLecturer', regulator: 'index.openRegulator', admin: 'index.openRegulator' };

function linkFor(p, classroomId) {
  const role = p.role || 'trainee';
  let token = p.token || null;
  let cls = classroomId;
  const raw = p.joinUrl || p.joinLink || p.url || p.link || p.href || null;
  if (raw && !token) {
    try {
      const u = new URL(raw, location.href);
      token = u.searchParams.get('token');
      cls = u.searchParams.get('class') || u.searchParams.get('classroomId') || cls;
      if (!token) return u.origin === location.origin ? u.pathname + u.search : u.href;
    } catch { return raw; }
  }
  if (!token) return null;
  const q = new URLSearchParams({ token });
  if (cls && !DESK_ROLES.has(role)) q.set('class', cls);
  return `${pageFor(role)}?${q}`;
}

function normalize(data) {
  let classes = [];
  if (Array.isArray(data?.classes)) classes = data.classes;
  else if (data?.classroom || data?.class) {
    const c = data.classroom || data.class;
    classes = [{ ...c, people: peopleOf(c).length ? peopleOf(c) : peopleOf(data) }];
  } else classes = [data];
  return classes.map((c) => {
    const classroomId = c.classroomId || c.id || c.classId || null;
    return {
      classroomId,
      name: c.name || classroomId || '',
      people: peopleOf(c).map((p) => ({
        userId: p.userId || p.sub || p.id || '',
        displayName: p.displayName || p.name || p.userId || p.sub || '',
        role: p.role || 'trainee',
        href: linkFor(p, classroomId || p.classroomId),
      })),
    };
  });
}

function render() {
  if (demo === null) return;
  if (demo === false) {
    section.dataset.state = 'unavailable';
    status.textContent = t('index.noDemo');
    container.replaceChildren();
    return;
  }
  section.dataset.state = 'available';
  status.textContent = t('index.demoLead');
  const order = { lecturer: 0, trainee: 1, regulator: 2, admin: 3 };
  container.replaceChildren(...demo.map((c) => {
    const rows = [...c.people].sort((a, b) => (order[a.role] ?? 4) - (order[b.role] ?? 4) || a.userId.localeCompare(b.userId))
      .map((p) => h('tr', { 'data-user-id': p.userId, 'data-role': p.role },
        h('td', {}, p.displayName, p.userId && p.userId !== p.displayName ? h('span', { class: 'muted' }, ` (${p.userId})`) : null),
        h('td', {}, h('span', { class: `role-badge role-${p.role}` }, t(`role.${p.role}`))),
        h('td', {}, p.href
          ? h('a', { href: p.href, target: '_blank', rel: 'noopener', class: 'btn btn-small', 'data-testid': `join-${p.userId}` },
            t(OPEN_KEY[p.role] || 'index.openTrainee'))
          : h('span', { class: 'muted' }, t('index.noLink')))));
    return h('div', { class: 'demo-class', 'data-classroom-id': c.classroomId },
      h('h3', {}, c.name, c.classroomId && c.classroomId !== c.name ? h('span', { class: 'muted' }, ` · ${c.classroomId}`) : null),
      h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('index.colName')), h('th', {}, t('index.colRole')), h('th', {}, t('index.colLink')))),
        h('tbody', {}, ...rows)));
  }));
}
onLangChange(render);

(async () => {
  try {
    const res = await fetch('/api/dev/demo', { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    demo = normalize(await res.json());
    if (!demo.some((c) => c.people.length)) demo = false;
  } catch {
    demo = false;
  }
  render();
})();
