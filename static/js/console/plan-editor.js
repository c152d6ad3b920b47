/* The plan editor: every commitment's fields, a new one by hand, and publishing a version. */
import { C, $, h, t, code, notice, run, session } from './session.js';

var el = {
  commitments: $('#commitments'),
  hint: $('#plan-hint'),
  addCommitment: $('#add-commitment'),
  newCommitment: $('#new-commitment'),
  publishBtn: $('#publish-btn'),
  published: $('#published'),
  historyForm: $('#history-form'),
  historyOf: $('#history-of'),
  history: $('#history'),
};

var renderEditors = null;
var published = null; // {version, url} after publishing from this console

export function renderPlan(lv) {
  if (!renderEditors) {
    renderEditors = C.PlanEditors({ live: lv, container: el.commitments, fields: C.ALL_FIELDS, manage: true, notice: notice, prefix: 'c' });
  }
  var list = lv.commitmentList();
  renderEditors(list);
  C.show(el.hint, !list.length);
  var pub = published || (lv.published ? { version: lv.published.version, url: '/p/' + code } : null);
  if (lv.published && pub && lv.published.version > pub.version) pub = { version: lv.published.version, url: '/p/' + code };
  C.show(el.published, !!pub);
  if (pub) {
    C.fill(el.published, [
      document.createTextNode(t('published_as', { n: pub.version }) + ' '),
      h('a', { href: pub.url, target: '_blank', rel: 'noopener', id: 'published-link', text: location.origin + pub.url }),
    ]);
  }
}

el.addCommitment.addEventListener('submit', function (ev) {
  ev.preventDefault();
  var title = el.newCommitment.value.trim();
  if (!title) {
    notice(t('title_needed'));
    return;
  }
  run('add_commitment', { title: title }, function (ack) {
    el.newCommitment.value = '';
    if (ack.commitment) session.live.commitments[ack.commitment.id] = ack.commitment;
    session.live.changed();
  });
});

el.publishBtn.addEventListener('click', function () {
  if (!window.confirm(t('publish_confirm'))) return;
  el.publishBtn.disabled = true;
  run('publish_plan', {}, function (ack) {
    el.publishBtn.disabled = false;
    published = { version: ack.version, url: ack.url || '/p/' + code };
    if (!session.live.published || session.live.published.version < ack.version) session.live.published = { version: ack.version, published_at: null };
    session.live.changed();
  }, function () {
    el.publishBtn.disabled = false;
  });
});

/* ---------- history ---------- */

function fillHistoryChoice(lv) {
  var list = lv.commitmentList();
  var sig = list.map(function (c) { return c.id + ':' + c.title; }).join('|');
  if (el.historyOf.dataset.sig === sig) return;
  var chosen = el.historyOf.value;
  el.historyOf.dataset.sig = sig;
  C.fill(el.historyOf, list.map(function (c) { return h('option', { value: String(c.id), text: c.title }); }));
  if (chosen) el.historyOf.value = chosen;
}

/** A recorded value in words, as the form shows it: dates written out, milestones in lines. */
function valueText(field, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return t('empty_value');
  if (field && C.ALL_FIELDS.indexOf(field) >= 0) return C.fieldText(field, value, session.live.workshop);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function showHistory(commitmentId) {
  session.live.command('commitment_history', { commitment_id: commitmentId }, function (ack) {
    if (!ack.ok) {
      notice(ack.error.message || ack.error.code);
      return;
    }
    if (!ack.changes.length) {
      C.fill(el.history, [h('li', { class: 'empty', text: t('no_history') })]);
      return;
    }
    C.fill(el.history, ack.changes.slice().reverse().map(function (change) {
      var when = C.moment(change.at, session.live.workshop);
      var who = change.by.name + ' (' + t('role_' + change.by.role) + ')';
      var said = 'ch_' + change.action.split('.').pop();
      var what = change.field ? t('f_' + change.field) || change.field : t(said) !== said ? t(said) : change.action;
      var items = [
        h('small', { text: t('history_line', { when: when, who: who }) }),
        h('p', {}, [h('strong', { text: what }), change.reason ? h('span', { text: ' · ' + change.reason }) : null]),
      ];
      if (change.action === 'commitment.edited') {
        items.push(h('p', { class: 'change' }, [
          h('del', { text: valueText(change.field, change.before) }), ' → ', h('ins', { text: valueText(change.field, change.after) }),
        ]));
        var back = h('button', { type: 'button', class: 'btn small quiet', text: t('restore_value', { value: valueText(change.field, change.before).slice(0, 40) }) });
        back.addEventListener('click', function () {
          run('restore_field', { commitment_id: commitmentId, change_id: change.id, value: 'before' }, function () {
            showHistory(commitmentId);
          });
        });
        items.push(back);
      }
      return h('li', {}, items);
    }));
  });
}

el.historyForm.addEventListener('submit', function (ev) {
  ev.preventDefault();
  if (el.historyOf.value) showHistory(Number(el.historyOf.value));
});

export function renderHistoryChoice(lv) {
  fillHistoryChoice(lv);
}
