// In-video timed questions (限时答题) for trainees: playback pauses at a question's moment, the
// question pops up with a countdown of the server's deadline, and the answer decides: right ->
// continue; wrong or late (217) -> back to the segment start when the rules say so.
import { t } from './i18n.js';
import { el } from './classroom-page.js';

export class VideoQuestions {
  constructor(api, video, progress, handlers) {
    this.api = api;
    this.video = video;
    this.progress = progress;
    this.h = handlers;
    this.list = [];
    this.resolved = new Set();
    this.current = null;
    this.ui = {
      dialog: document.getElementById('question-dialog'),
      prompt: document.getElementById('question-prompt'),
      options: document.getElementById('question-options'),
      countdown: document.getElementById('question-countdown'),
      status: document.getElementById('question-status'),
      submit: document.getElementById('question-submit'),
    };
    this.ui.submit.addEventListener('click', () => this.submit());
    video.addEventListener('timeupdate', () => this.check());
    video.addEventListener('play', () => { if (this.current) this.video.pause(); });
  }

  setList(questions) { this.list = [...questions].sort((a, b) => a.atS - b.atS); }

  /** Own marks from GET progress: {qid: 'right'|'wrong'|'late'|'open'}. */
  setMarks(marks) {
    for (const [id, status] of Object.entries(marks || {})) if (status !== 'open') this.resolved.add(id);
  }

  /** The page's own check: pause when the playhead reaches an unanswered question (the server decides). */
  check() {
    if (this.current || this.video.paused || this.video.seeking) return;
    const now = this.video.currentTime;
    const q = this.list.find((x) => !this.resolved.has(x.id) && x.atS <= now && now - x.atS < 3);
    if (q) {
      this.video.pause();          // the pause heartbeat comes back with the question
    }
  }

  show(q) {
    if (this.current && this.current.id === q.id) return;
    this.current = q;
    if (!this.video.paused) this.video.pause();
    const d = this.ui.dialog;
    d.hidden = false;
    d.dataset.state = 'open';
    d.dataset.questionId = q.id;
    this.ui.prompt.textContent = q.prompt;
    this.ui.status.textContent = '';
    delete this.ui.status.dataset.code;
    this.ui.options.replaceChildren(...q.options.map((text, i) => el('label', { class: 'ex-option' },
      el('input', { type: q.multiple ? 'checkbox' : 'radio', name: 'vq-choice', value: String(i) }), ' ', text)));
    this.ui.submit.disabled = false;
    this.endsAt = performance.now() + (q.secondsLeft ?? q.limitSeconds) * 1000;
    clearInterval(this.tick);
    const render = () => {
      const left = Math.max(0, Math.ceil((this.endsAt - performance.now()) / 1000));
      this.ui.countdown.dataset.secondsLeft = String(left);
      this.ui.countdown.textContent = left > 0 ? t('watch.secondsLeft', { s: left }) : t('watch.timeUp');
      if (left === 0) this.ui.status.textContent = t('watch.timeUpHint');
    };
    render();
    this.tick = setInterval(render, 250);
  }

  async submit() {
    const q = this.current;
    if (!q) return;
    const choices = [...this.ui.options.querySelectorAll('input:checked')].map((i) => Number(i.value));
    this.ui.submit.disabled = true;
    try {
      const r = await this.api.call('POST', `questions/${encodeURIComponent(q.id)}/answer`, { choices });
      if (r.right) {
        this.resolved.add(q.id);
        this.close('right');
        this.h.onMessage('right', {});
        this.video.play().catch(() => {});
      } else {
        if (r.rewindTo == null) this.resolved.add(q.id);
        this.close('wrong');
        this.h.onMessage(r.rewindTo != null ? 'wrong-rewind' : 'wrong', { to: r.rewindTo });
        if (r.rewindTo != null) this.progress.rewind(r.rewindTo, r.allowedMaxPosition);
      }
    } catch (e) {
      if (e.code === 217) {
        this.ui.status.dataset.code = '217';
        this.ui.status.textContent = t('watch.lateRefused');
        const to = e.body.rewindTo;
        if (to == null) this.resolved.add(q.id);
        this.close('late');
        this.h.onMessage(to != null ? 'late-rewind' : 'late', { to, code: 217 });
        if (to != null) this.progress.rewind(to, e.body.allowedMaxPosition);
      } else if (e.code === 219) {
        this.resolved.add(q.id);
        this.close('answered');
      } else {
        this.ui.submit.disabled = false;
        this.h.onError(e);
      }
    }
  }

  close(state) {
    clearInterval(this.tick);
    this.current = null;
    this.ui.dialog.dataset.state = state;
    this.ui.dialog.hidden = true;
  }
}
