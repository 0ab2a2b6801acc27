// issue H pages: a refused session.start shown next to the lecturer's start button, not only in the
// banner at the top: 264 CLASS_NOT_APPROVED (the class's opening application is not approved yet,
// docs/protocol.md "Lessons start only in approved classes") in the page's language, with the code;
// the server's English message only folded (detailNode). The rest of the class page goes on.
import { t, onLangChange } from './i18n.js';
import { el, errorText, detailNode } from './classroom-page.js';

/** The codes shown beside the start button (the others stay in the banner as before). */
export const BESIDE_START = new Set([264]);

export class StartRefusal {
  constructor(node) {
    this.node = node;
    this.error = null;
    onLangChange(() => this.render());
  }

  /** Shows `e` beside the button and answers true, or answers false for an error that is not such a refusal. */
  show(e) {
    if (!e || !BESIDE_START.has(e.code)) return false;
    this.error = e;
    this.render();
    return true;
  }

  clear() {
    if (!this.error) return;
    this.error = null;
    this.render();
  }

  render() {
    const n = this.node;
    if (!n) return;
    const e = this.error;
    n.hidden = !e;
    if (!e) { n.replaceChildren(); delete n.dataset.code; return; }
    n.dataset.code = String(e.code);
    n.replaceChildren(el('span', { class: 'start-refusal-code' }, `${t('err.codeLabel')} ${e.code}：`),
      el('span', { class: 'start-refusal-text', 'data-testid': 'start-refusal-text' }, errorText(e)),
      el('div', { class: 'hint' }, t('exp.start.hint')), detailNode(e.message, 'msg-detail') || '');
  }
}
