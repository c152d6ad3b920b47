/* Paper dots: the facilitator enters each option's dots from the paper wall; every count is
 * kept with who entered it and the count it replaced, like a polling booth's recount log. */
import { C, $, h, t, run, session } from './session.js';

var el = {
  box: $('#paper-dots'),
  form: $('#pd-form'),
  target: $('#pd-target'),
  role: $('#pd-role'),
  count: $('#pd-count'),
  log: $('#pd-log'),
};
var loaded = false;
var listening = false;

/** What is on the ballot: the groups with ideas, or the ideas when nothing is grouped. */
function options(lv) {
  var groups = lv.clusterList().filter(function (cl) { return (cl.card_ids || []).length; });
  if (lv.workshop.vote_on !== 'cards' && groups.length) {
    return groups.map(function (cl) { return { key: 'cluster:' + cl.id, label: cl.title }; });
  }
  return lv.folded('idea').map(function (f) { return { key: 'card:' + f.card.id, label: f.card.text }; });
}

function labelOf(entry) {
  var type = entry.cluster_id ? 'cluster' : 'card';
  return C.targetLabel(session.live, type, entry.cluster_id || entry.card_id) || '?';
}

function showLog() {
  session.live.command('paper_votes_log', {}, function (ack) {
    if (!ack.ok) return;
    if (!ack.entries.length) {
      C.fill(el.log, [h('li', { class: 'empty', text: t('pd_none') })]);
      return;
    }
    C.fill(el.log, ack.entries.slice().reverse().map(function (e) {
      return h('li', { text: t('pd_entry', {
        when: C.hour(e.at, session.live.workshop),
        who: e.by.name,
        option: labelOf(e),
        role: t('role_' + e.role),
        before: e.previous,
        after: e.count,
      }) });
    }));
  });
}

el.form.addEventListener('submit', function (ev) {
  ev.preventDefault();
  var parts = el.target.value.split(':');
  var count = Number(el.count.value);
  if (!parts[1] || el.count.value === '') return;
  var payload = { role: el.role.value, count: count };
  payload[parts[0] + '_id'] = Number(parts[1]);
  run('set_paper_votes', payload, function () {
    el.count.value = ''; // the log redraws when the entry reaches every console
  });
});

export function renderPaperDots(lv) {
  var voting = lv.workshop.phase === 'vote' && lv.uses('dots');
  C.show(el.box, voting);
  if (!voting) return;
  var list = options(lv);
  var sig = list.map(function (o) { return o.key + o.label; }).join('|');
  if (el.target.dataset.sig !== sig) {
    var chosen = el.target.value;
    el.target.dataset.sig = sig;
    C.fill(el.target, list.map(function (o) {
      return h('option', { value: o.key, text: o.label.length > 60 ? o.label.slice(0, 59) + '…' : o.label });
    }));
    if (chosen) el.target.value = chosen;
  }
  if (lv.status !== 'connected') {
    loaded = false; // entries made meanwhile are fetched on reconnecting
  } else if (!loaded) {
    loaded = true;
    if (!listening) {
      listening = true;
      // Another console's entry: every console's log shows it at once.
      lv.socket.on('paper_vote_entered', function () { showLog(); });
    }
    showLog();
  }
}
