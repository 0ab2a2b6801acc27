// 考核结果与问卷 (the class's lecturers; admins and regulators too): per class the results table
// (attendance eligibility, score, passed) and the feedback form summaries, with a plot over the
// training days. API: GET /api/classes/{id}/assessment and …/forms (docs/protocol.md).
import { startPage, api, el, t, errorText, local, yesNo, classesOf } from './asmt-staff.js';
import { barChart } from './charts.js';
import { onLangChange } from './i18n.js';

const enc = encodeURIComponent;
let ctx = null;
const loaded = [];   // {classId, view, forms, error}

function resultsTable(view) {
  const head = el('tr', {}, ...['trainee', 'eligible', 'score', 'plan', 'passed', 'reasons', 'certificate'].map((k) => el('th', {}, t(`asmt.s.results.${k}`))));
  const rows = view.trainees.map((tr) => el('tr', { 'data-trainee': tr.userId },
    el('td', {}, `${tr.name}（${tr.userId}）`),
    el('td', { 'data-eligible': String(tr.eligible) }, yesNo(tr.eligible)),
    el('td', { 'data-score': tr.score ?? '' }, tr.score ?? t(`asmt.s.status.${tr.scoreStatus}`)),
    el('td', {}, tr.planVersion > 0 ? t('asmt.s.results.versionN', { n: tr.planVersion }) : t('asmt.s.no')),
    el('td', { 'data-passed': String(tr.passed), class: tr.passed ? 'asmt-pass' : 'asmt-fail' }, yesNo(tr.passed)),
    el('td', {}, tr.reasons.map((r) => t(`asmt.s.reason.${r}`)).join('；') || '—'),
    el('td', {}, tr.certificate ? `${tr.certificate.number}（${t(`asmt.s.certs.${tr.certificate.status}`)}）` : '—')));
  return el('table', { class: 'table asmt-results', 'data-testid': 'results-table' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

function formSummary(f) {
  const box = el('article', { class: 'asmt-form-summary', 'data-form': f.formId },
    el('h4', {}, `${f.kind === 'daily' ? t('asmt.s.forms.dailyOf', { day: f.day }) : t('asmt.s.forms.final')}`),
    el('p', { class: 'asmt-rate', 'data-rate': f.responseRatePercent }, t('asmt.s.forms.responses', { n: f.responses, rate: f.responseRatePercent })));
  const list = el('dl', { class: 'asmt-fields' });
  for (const q of f.questions) {
    list.append(el('dt', {}, local(q.text, q.textEn)));
    if (q.type === 'rating') list.append(el('dd', { 'data-average': f.averages[q.id] ?? '' }, f.averages[q.id] ? t('asmt.s.forms.average', { v: f.averages[q.id] }) : '—'));
    else if (q.type === 'choice') {
      const counts = f.counts[q.id] || {};
      list.append(el('dd', {}, q.options.map((o) => `${o} ${counts[o] ?? 0}`).join(' · ')));
    } else {
      const texts = f.texts[q.id] || [];
      list.append(el('dd', {}, texts.length ? el('ul', { class: 'asmt-texts' }, ...texts.map((x) => el('li', {}, x))) : '—'));
    }
  }
  box.append(list);
  return box;
}

function ratingOf(f) {
  const v = Object.values(f.averages || {}).map(Number).filter(Number.isFinite);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function plot(forms) {
  const daily = forms.filter((f) => f.kind === 'daily').sort((a, b) => String(a.day).localeCompare(String(b.day)));
  const wrap = el('div', { class: 'asmt-plot' });
  if (!daily.length) { wrap.append(el('p', { class: 'muted' }, t('asmt.s.results.noDaily'))); return wrap; }
  const rate = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  rate.setAttribute('data-testid', 'forms-plot');
  rate.setAttribute('role', 'img');
  rate.setAttribute('aria-label', t('asmt.s.results.plotRate'));
  const rating = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  rating.setAttribute('role', 'img');
  rating.setAttribute('aria-label', t('asmt.s.results.plotRating'));
  const width = Math.min(720, document.documentElement.clientWidth - 80);
  barChart(rate, daily.map((f) => ({ key: f.formId, label: f.day, value: Number(f.responseRatePercent) / 100 })),
    { width, format: (v) => `${(v * 100).toFixed(1)}%` });
  barChart(rating, daily.map((f) => { const r = ratingOf(f); return { key: f.formId, label: f.day, value: r === null ? null : r / 5 }; }),
    { width, format: (v) => (v * 5).toFixed(2), noValue: '—', tick: (p) => String(p * 5) });
  wrap.append(el('h4', {}, t('asmt.s.results.plotRate')), rate, el('h4', {}, t('asmt.s.results.plotRating')), rating);
  return wrap;
}

function render() {
  const main = document.getElementById('main');
  main.replaceChildren(...loaded.map(({ classId, view, forms, error }) => {
    const card = el('section', { class: 'card asmt-class', 'data-class': classId }, el('h2', {}, t('asmt.s.results.classTitle', { cls: classId })));
    if (error) {
      card.append(el('p', { class: 'asmt-msg', 'data-kind': 'error', role: 'alert' }, `${error.code != null ? `${t('err.codeLabel')} ${error.code}：` : ''}${errorText(error)}`));
      return card;
    }
    const passed = view.trainees.filter((x) => x.passed).length;
    card.append(el('p', { class: 'muted' }, t('asmt.s.results.summary', { n: view.trainees.length, passed, mark: view.rules.passMark })),
      resultsTable(view),
      el('h3', {}, t('asmt.s.results.forms')), plot(forms),
      ...(forms.length ? forms.map(formSummary) : [el('p', { class: 'muted' }, t('asmt.s.forms.none'))]));
    return card;
  }));
}

async function main() {
  ctx = await startPage();
  if (!ctx) return;
  document.getElementById('main').hidden = false;
  for (const classId of classesOf(ctx)) {
    try {
      const view = await api(ctx.token, 'GET', `/api/classes/${enc(classId)}/assessment`);
      const forms = (await api(ctx.token, 'GET', `/api/classes/${enc(classId)}/forms`)).forms;
      loaded.push({ classId, view, forms });
    } catch (e) {
      loaded.push({ classId, error: e });
    }
  }
  render();
  onLangChange(render);
  document.body.dataset.state = 'ready';
}
main();
