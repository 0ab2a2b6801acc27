// A small, non-blocking prompt on the trainee page when a feedback form opens (WS `form.opened`)
// or when the lesson ends with a form still unanswered: it links to the form on 结业考核.
import { t, onLangChange } from './i18n.js';

/** Mounts the prompt into #form-prompt; ctx is the classroom page context (client, token, classId). */
export function mountFormPrompt(ctx) {
  const box = document.getElementById('form-prompt');
  if (!box) return;
  if (!document.querySelector('link[href="/css/assessment.css"]')) {
    document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/css/assessment.css' }));
  }
  box.classList.add('form-prompt');
  let shown = null;

  function show(formId, kind) {
    shown = { formId, kind };
    box.dataset.form = formId;
    const text = document.createElement('span');
    text.textContent = t(kind === 'final' ? 'asmt.t.prompt.final' : 'asmt.t.prompt.daily');
    const link = document.createElement('a');
    link.className = 'btn btn-small btn-primary';
    link.href = `/assessment.html?class=${encodeURIComponent(ctx.classId || '')}#asmt-forms`;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = t('asmt.t.prompt.open');
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'btn btn-small btn-ghost';
    close.textContent = t('asmt.t.prompt.later');
    close.addEventListener('click', () => { box.hidden = true; });
    box.replaceChildren(text, link, close);
    box.hidden = false;
  }

  ctx.client.on('form.opened', (m) => show(m.formId, m.kind));
  ctx.client.on('session.ended', async () => {
    if (!ctx.token || !ctx.classId) return;
    try {
      const res = await fetch(`/api/classes/${encodeURIComponent(ctx.classId)}/forms`,
        { headers: { Authorization: `Bearer ${ctx.token}` }, cache: 'no-store' });
      if (!res.ok) return;
      const { forms } = await res.json();
      const todo = forms.find((f) => f.open && !f.myAnswer);
      if (todo) show(todo.formId, todo.kind);
    } catch { /* the prompt is a convenience: the form is on 结业考核 anyway */ }
  });
  onLangChange(() => { if (shown && !box.hidden) show(shown.formId, shown.kind); });
}
