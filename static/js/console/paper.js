/* Paper notes: the hall's sticky notes typed in as one batch, kept in the box until stored. */
import { C, $, h, t, code, notice, run, session } from './session.js';

var MAX = 200;
var el = {
  form: $('#paper-form'),
  text: $('#paper-text'),
  count: $('#paper-count'),
  kind: $('#paper-kind'),
  role: $('#paper-role'),
  problemBox: $('#paper-problem-box'),
  problem: $('#paper-problem'),
  send: $('#paper-send'),
};

var draftKey = C.key(code, 'f-paper');
el.text.value = C.store.get(draftKey) || '';

/** The notes in the box: one per line, blank lines and list bullets left out. */
function lines() {
  var out = [];
  el.text.value.split('\n').forEach(function (line, n) {
    var text = line.replace(/^\s*(?:[-*\u2022\u00b7]|\d+[.)])\s+/, '').trim();
    if (text) out.push({ text: text, line: n + 1 });
  });
  return out;
}

function count() {
  var n = lines().length;
  el.count.textContent = n ? C.plural(n, 'paper_n') : '';
}
count();
el.text.addEventListener('input', function () {
  C.store.set(draftKey, el.text.value);
  count();
});
el.kind.addEventListener('change', function () { renderPaper(session.live); });

el.form.addEventListener('submit', function (ev) {
  ev.preventDefault();
  var notes = lines();
  if (!notes.length) return;
  if (notes.length > MAX) {
    notice(t('paper_too_many', { max: MAX }));
    return;
  }
  var payload = {
    kind: el.kind.value,
    texts: notes.map(function (n) { return n.text; }),
    role: el.role.value,
    client_id: C.uuid(),
  };
  if (el.kind.value === 'idea' && el.problem.value) payload.problem_id = Number(el.problem.value);
  el.send.disabled = true;
  run('post_paper_notes', payload, function (ack) {
    el.send.disabled = false;
    el.text.value = '';
    C.store.remove(draftKey);
    count();
    notice(t('paper_added', { n: ack.card_ids.length }));
  }, function (ack) {
    el.send.disabled = false;
    // The server names a note by its place in the batch; the facilitator sees the line.
    var m = ack && ack.error && /texts\[(\d+)\]/.exec(ack.error.message || '');
    if (m && notes[Number(m[1])]) {
      notice(ack.error.message.replace(m[0], t('paper_line', { n: notes[Number(m[1])].line })));
    }
  });
});

/** Ideas may answer a problem: the choice lists the problems on the wall now. */
export function renderPaper(lv) {
  var idea = el.kind.value === 'idea';
  C.show(el.problemBox, idea);
  if (!idea) return;
  var problems = lv.folded('problem').map(function (f) { return f.card; });
  var sig = problems.map(function (c) { return c.id + ':' + c.text; }).join('|');
  if (el.problem.dataset.sig === sig) return;
  el.problem.dataset.sig = sig;
  var chosen = el.problem.value;
  C.fill(el.problem, [h('option', { value: '', text: t('no_problem') })].concat(problems.map(function (c) {
    return h('option', { value: String(c.id), text: c.text.length > 60 ? c.text.slice(0, 59) + '…' : c.text });
  })));
  el.problem.value = chosen;
}
