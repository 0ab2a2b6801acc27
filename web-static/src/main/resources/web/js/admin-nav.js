// The admin's pages, one small navigation under the top bar: 班级与开班申请, 合作系统, 结业考核设置,
// 成绩与反馈. Mounted by one line in each page's head (`<script type="module" src="/js/admin-nav.js">`);
// shown only to an admin (whoami), the current page marked with aria-current="page". The links carry
// no token: the pages keep it in the tab's session (takeCredentials), so it follows the admin.
import { t, onLangChange } from './i18n.js';
import { takeCredentials, whoami, el } from './classroom-page.js';

/** The admin's pages, in the order shown. */
export const ADMIN_PAGES = [
  { href: '/classes.html', key: 'nav.classes' },
  { href: '/partners.html', key: 'nav.partners' },
  { href: '/assessment-admin.html', key: 'nav.assessment' },
  { href: '/results.html', key: 'nav.results' },
  // h-hooks: add the webhooks page here, one line:
  // { href: '/webhooks.html', key: 'nav.webhooks' },
];

/** Whether `href` is the page at `pathname` (`/` is no admin page). */
export function isCurrent(href, pathname) {
  return pathname === href || pathname.endsWith(href);
}

function render(nav) {
  nav.setAttribute('aria-label', t('nav.label'));
  const here = location.pathname;
  nav.replaceChildren(el('ul', { class: 'admin-nav-list' }, ...ADMIN_PAGES.map((p) => {
    const a = el('a', { href: p.href, class: 'admin-nav-link', 'data-page': p.href.slice(1) }, t(p.key));
    if (isCurrent(p.href, here)) a.setAttribute('aria-current', 'page');
    return el('li', {}, a);
  })));
}

async function mount() {
  const { token } = takeCredentials();
  if (!token) return;
  let me;
  try { me = await whoami(token); } catch { return; /* the page itself shows the refusal */ }
  if (me.role !== 'admin') return;
  const nav = el('nav', { class: 'admin-nav', id: 'admin-nav', 'data-testid': 'admin-nav' });
  render(nav);
  const header = document.querySelector('header.topbar');
  if (header) header.after(nav); else document.body.prepend(nav);
  onLangChange(() => render(nav));
}

mount();
