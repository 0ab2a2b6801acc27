// Comments under a video, with replies; lecturers may delete. Refreshed when the live stream
// says someone commented.
import { t } from './i18n.js';
import { el } from './classroom-page.js';

export class VideoComments {
  constructor(api, me, handlers) {
    this.api = api;
    this.me = me;
    this.h = handlers;
    this.replyTo = null;
    this.ui = {
      form: document.getElementById('comment-form'),
      input: document.getElementById('comment-input'),
      send: document.getElementById('comment-send'),
      list: document.getElementById('comments-list'),
      replyNote: document.getElementById('comment-reply-to'),
      cancel: document.getElementById('comment-cancel-reply'),
    };
    this.ui.form.addEventListener('submit', (e) => { e.preventDefault(); this.post(); });
    this.ui.cancel.addEventListener('click', () => this.setReply(null));
  }

  async load() {
    const r = await this.api.call('GET', 'comments');
    this.threads = r.threads;
    this.render();
  }

  setReply(c) {
    this.replyTo = c ? c.id : null;
    this.ui.replyNote.hidden = !c;
    this.ui.cancel.hidden = !c;
    this.ui.replyNote.textContent = c ? t('watch.replyingTo', { name: c.name }) : '';
    if (c) this.ui.input.focus();
  }

  async post() {
    const text = this.ui.input.value.trim();
    if (!text) return;
    this.ui.send.disabled = true;
    try {
      await this.api.call('POST', 'comments', this.replyTo ? { text, replyTo: this.replyTo } : { text });
      this.ui.input.value = '';
      this.setReply(null);
      await this.load();
    } catch (e) {
      this.h.onError(e);
    } finally {
      this.ui.send.disabled = false;
    }
  }

  item(c, reply) {
    const actions = el('span', { class: 'watch-comment-actions' });
    if (!reply) actions.append(el('button', { type: 'button', class: 'btn btn-small btn-ghost', dataset: { action: 'reply' },
      onclick: () => this.setReply(c) }, t('watch.reply')));
    if (this.me.role === 'lecturer') actions.append(el('button', { type: 'button', class: 'btn btn-small btn-ghost',
      dataset: { action: 'delete' }, onclick: () => this.remove(c) }, t('watch.delete')));
    return el('div', { class: 'watch-comment' + (reply ? ' is-reply' : ''), dataset: { commentId: c.id, userId: c.userId } },
      el('div', { class: 'watch-comment-head' }, el('strong', {}, c.name),
        c.role === 'lecturer' ? el('span', { class: 'role-badge' }, t('watch.lecturer')) : null,
        el('span', { class: 'muted' }, new Date(c.at).toLocaleString()), actions),
      el('div', { class: 'watch-comment-text' }, c.text));
  }

  render() {
    const list = this.ui.list;
    if (!this.threads || this.threads.length === 0) {
      list.replaceChildren(el('li', { class: 'empty-item' }, t('watch.noComments')));
      return;
    }
    list.replaceChildren(...this.threads.map((th) => el('li', { dataset: { threadId: th.comment.id } },
      this.item(th.comment, false), ...th.replies.map((r) => this.item(r, true)))));
  }

  async remove(c) {
    try {
      await this.api.call('DELETE', `comments/${encodeURIComponent(c.id)}`);
      await this.load();
    } catch (e) {
      this.h.onError(e);
    }
  }
}
