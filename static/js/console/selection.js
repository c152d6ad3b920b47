/* Grouping without dragging: tick ideas, then "Move to…" a group, or mark them as the same idea. */
import { C, $, h, t, notice, run, session, focusAfterRender } from './session.js';
import { expanded, groupOf } from './cards.js';

var el = {
  clusters: $('#clusters'),
  selbar: $('#selbar'),
  selectedN: $('#selected-n'),
  moveTarget: $('#move-target'),
  groupTitle: $('#group-title'),
  moveBtn: $('#move-btn'),
  sameBtn: $('#same-btn'),
  clearBtn: $('#clear-btn'),
};
var selected = {}; // idea id -> true, for "Move to…" and "Same idea"

function selectedIds() {
  return Object.keys(selected).map(Number).filter(function (id) {
    return session.live && session.live.cards[id];
  });
}

export function pick(id, on) {
  if (on) selected[id] = true;
  else delete selected[id];
  syncSelection();
}

/** "Move to…" on one card: that card alone, unless it is part of the selection already. */
export function moveOne(id) {
  if (!selected[id]) {
    selected = {};
    selected[id] = true;
  }
  syncSelection();
  el.moveTarget.focus();
}

/** Enter on a ticked idea goes straight to "Move to…", for keyboard users. */
export function pickThenMove(id) {
  pick(id, true);
  el.moveTarget.focus();
}

/** A selected idea that was hidden or folded into another is no longer selected. */
export function keepSelected(visible) {
  Object.keys(selected).forEach(function (id) {
    if (!visible[id]) delete selected[id];
  });
  syncSelection();
}

function syncSelection() {
  Array.prototype.forEach.call(el.clusters.querySelectorAll('li.card'), function (li) {
    var on = !!selected[li.dataset.key];
    var box = $('.pick', li);
    if (box && box.checked !== on) box.checked = on;
    li.classList.toggle('picked', on);
  });
  renderSelection();
}

/** Replace a select's options only when they changed, keeping the choice. */
function fillSelect(select, opts) {
  var sig = opts.map(function (o) { return o.outerHTML; }).join('');
  if (select.dataset.sig === sig) return;
  var chosen = select.value;
  select.dataset.sig = sig;
  C.fill(select, opts);
  select.value = chosen;
  if (select.selectedIndex < 0) select.selectedIndex = 0;
}

function renderSelection() {
  var ids = selectedIds();
  var n = ids.length;
  C.show(el.selbar, n > 0);
  document.body.classList.toggle('selecting', n > 0);
  if (!n || !session.live) return;
  el.selectedN.textContent = C.plural(n, 'selected');
  // All from one group, and not all of it: a new group from them splits that group.
  var from = groupOf(session.live, session.live.cards[ids[0]]);
  var oneGroup = from !== null && ids.every(function (id) { return groupOf(session.live, session.live.cards[id]) === from; });
  var split = oneGroup && session.live.folded('idea').some(function (f) {
    return f.card.cluster_id === from && !selected[f.card.id];
  });
  fillSelect(el.moveTarget, [
    h('option', { value: 'new', text: split ? t('new_group_split', { title: session.live.clusters[from].title }) : t('new_group') }),
  ].concat(session.live.clusterList().map(function (cl) {
    return h('option', { value: String(cl.id), text: cl.title });
  }), [h('option', { value: 'none', text: t('no_group') })]));
  var isNew = el.moveTarget.value === 'new';
  C.show(el.groupTitle, isNew);
  el.moveBtn.textContent = isNew ? t('create_group') : t('move');
  C.show(el.sameBtn, n > 1);
}

el.moveTarget.addEventListener('change', renderSelection);

/** Send commands one after the other; stop at the first refusal (it is shown). */
function sequence(cmds, done) {
  (function next(i) {
    if (i >= cmds.length) {
      if (done) done();
      return;
    }
    run(cmds[i][0], cmds[i][1], function () { next(i + 1); });
  })(0);
}

// Whether the last action came from the keyboard: then the focus is moved along for it.
var byKeyboard = false;
document.addEventListener('keydown', function () { byKeyboard = true; }, true);
document.addEventListener('pointerdown', function () { byKeyboard = false; }, true);

/** Empty the selection; from the keyboard, the focus goes on to the next idea to sort. */
function clearSelection() {
  if (byKeyboard) focusAfterRender('#clusters .loose .pick');
  selected = {};
  syncSelection();
  session.live.changed();
}

el.selbar.addEventListener('submit', function (ev) {
  ev.preventDefault();
  var ids = selectedIds();
  if (!ids.length) return;
  var target = el.moveTarget.value;
  if (target === 'new') {
    var title = el.groupTitle.value.trim();
    if (!title) {
      notice(t('group_title_needed'));
      el.groupTitle.focus();
      return;
    }
    el.moveBtn.disabled = true;
    run('create_cluster', { title: title, card_ids: ids, client_id: C.uuid() }, function () {
      el.moveBtn.disabled = false;
      el.groupTitle.value = '';
      el.moveTarget.value = 'new';
      clearSelection();
    }, function () { el.moveBtn.disabled = false; });
    return;
  }
  var to = target === 'none' ? null : Number(target);
  var moving = ids.filter(function (id) { return groupOf(session.live, session.live.cards[id]) !== to; });
  if (!moving.length) {
    clearSelection();
    return;
  }
  // One command for the whole selection: every idea moves, or none does.
  el.moveBtn.disabled = true;
  run('move_cards', { card_ids: moving, cluster_id: to, client_id: C.uuid() }, function () {
    el.moveBtn.disabled = false;
    clearSelection();
  }, function () { el.moveBtn.disabled = false; });
});

/** The selected ideas say the same thing: keep the one most people said, fold the rest. */
el.sameBtn.addEventListener('click', function () {
  var ids = selectedIds();
  if (ids.length < 2) {
    notice(t('same_needs_two'));
    return;
  }
  var roots = session.live.folded('idea').filter(function (f) { return selected[f.card.id]; });
  roots.sort(function (a, b) { return b.copies.length - a.copies.length || a.card.id - b.card.id; });
  var keep = roots[0].card.id;
  // The server brings a card's own repeats along to the new original.
  sequence(roots.slice(1).map(function (f) {
    return ['mark_duplicate', { card_id: f.card.id, duplicate_of: keep }];
  }), function () {
    expanded[keep] = true;
    clearSelection();
  });
});

el.clearBtn.addEventListener('click', clearSelection);
el.selbar.addEventListener('keydown', function (ev) {
  if (ev.key === 'Escape') clearSelection();
});
