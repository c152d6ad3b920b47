/* Grouping on the wall: drag and drop, and each group's rename, merge and ungroup. */
import { C, h, t, notice, run, session, focusAfterRender } from './session.js';
import { groupOf, shortText } from './cards.js';

var dragged = null; // {type: 'card'|'cluster', id}
export var renaming = null; // cluster id whose title is being edited
export var merging = null; // cluster id that is choosing a group to take in

/* ---------- drag and drop ---------- */

/** An idea can be dragged, and takes another idea dropped on it. */
export function draggableCard(li, card) {
  li.draggable = true;
  li.addEventListener('dragstart', function (ev) {
    ev.stopPropagation();
    dragged = { type: 'card', id: card.id };
    ev.dataTransfer.effectAllowed = 'move';
    ev.dataTransfer.setData('text/plain', card.text);
    li.classList.add('dragging');
  });
  li.addEventListener('dragend', function () {
    dragged = null;
    li.classList.remove('dragging');
  });
  cardDropTarget(li, card);
}

/** Dropping an idea on an idea: into its group, or a new group of the two. */
function cardDropTarget(li, card) {
  function accepts() {
    return dragged && dragged.type === 'card' && dragged.id !== card.id;
  }
  li.addEventListener('dragover', function (ev) {
    if (!accepts()) return;
    ev.preventDefault();
    ev.stopPropagation();
    li.classList.add('drop-on');
  });
  li.addEventListener('dragleave', function () { li.classList.remove('drop-on'); });
  li.addEventListener('drop', function (ev) {
    li.classList.remove('drop-on');
    if (!accepts()) return;
    ev.preventDefault();
    ev.stopPropagation();
    var id = dragged.id;
    dragged = null;
    dropOnCard(id, card.id);
  });
}

function dropOnCard(id, targetId) {
  var live = session.live;
  var card = live.cards[id];
  var target = live.cards[targetId];
  if (!card || !target) return;
  var into = groupOf(live, target);
  if (into !== null) {
    if (groupOf(live, card) !== into) run('move_card', { card_id: id, cluster_id: into });
    return;
  }
  // A new group titled with the target's words; its title opens for renaming at once.
  run('create_cluster', { title: shortText(target.text), card_ids: [targetId, id], client_id: C.uuid() }, function (ack) {
    if (ack.cluster) startRename(ack.cluster.id);
  });
}

/** A group box takes ideas (move there) and other groups (merge into it). */
export function dropZone(node, clusterId) {
  function accepts() {
    if (!dragged) return false;
    return dragged.type === 'card' || (clusterId !== null && dragged.id !== clusterId);
  }
  node.addEventListener('dragover', function (ev) {
    if (!accepts()) return;
    ev.preventDefault();
    node.classList.add('over');
  });
  node.addEventListener('dragleave', function (ev) {
    if (!node.contains(ev.relatedTarget)) node.classList.remove('over');
  });
  node.addEventListener('drop', function (ev) {
    node.classList.remove('over');
    if (!accepts()) return;
    ev.preventDefault();
    var what = dragged;
    dragged = null;
    if (what.type === 'cluster') {
      run('merge_clusters', { into_cluster_id: clusterId, cluster_ids: [what.id] });
      return;
    }
    var card = session.live.cards[what.id];
    if (card && groupOf(session.live, card) !== clusterId) run('move_card', { card_id: what.id, cluster_id: clusterId });
  });
}

/* ---------- groups ---------- */

function startRename(id) {
  renaming = id;
  merging = null;
  focusAfterRender('#clusters [data-key="c' + id + '"] .rename-input');
  session.live.changed();
}

export function groupHead(lv, g) {
  if (g.id === null) return h('div', { class: 'g-head' }, [h('h3', {}, [g.title, ' ', h('span', { class: 'n' })])]);
  if (renaming === g.id) return renameForm(g);
  var title = h('h3', { class: 'g-title', draggable: 'true' }, [h('span', { text: g.title }), ' ', h('span', { class: 'n' })]);
  title.addEventListener('dragstart', function (ev) {
    dragged = { type: 'cluster', id: g.id };
    ev.dataTransfer.effectAllowed = 'move';
    ev.dataTransfer.setData('text/plain', g.title);
  });
  title.addEventListener('dragend', function () { dragged = null; });
  var rename = h('button', { type: 'button', class: 'btn small quiet rename-btn', text: t('rename') });
  rename.addEventListener('click', function () { startRename(g.id); });
  var merge = h('button', { type: 'button', class: 'btn small quiet merge-btn', text: t('merge') });
  merge.addEventListener('click', function () {
    if (lv.clusterList().length < 2) {
      notice(t('merge_none'));
      return;
    }
    merging = g.id;
    renaming = null;
    focusAfterRender('#clusters [data-key="c' + g.id + '"] .merge-select');
    session.live.changed();
  });
  var dissolve = h('button', { type: 'button', class: 'btn small quiet', text: t('dissolve') });
  dissolve.addEventListener('click', function () {
    if (window.confirm(t('dissolve_confirm', { title: g.title }))) run('dissolve_cluster', { cluster_id: g.id });
  });
  return h('div', { class: 'g-head' }, [title, h('div', { class: 'g-actions' }, [rename, merge, dissolve])]);
}

/** Leave a small form and put the focus back on the button that opened it. */
function closeForm(id, button) {
  renaming = null;
  merging = null;
  focusAfterRender('#clusters [data-key="c' + id + '"] .' + button);
  session.live.changed();
}

function renameForm(g) {
  var input = h('input', { class: 'rename-input', value: g.title, maxlength: '120', 'aria-label': t('rename_label', { title: g.title }) });
  var save = h('button', { type: 'submit', class: 'btn small primary', text: t('save') });
  var cancel = h('button', { type: 'button', class: 'btn small', text: t('cancel') });
  var form = h('form', { class: 'g-form' }, [input, h('div', { class: 'g-actions' }, [save, cancel])]);
  function stop() { closeForm(g.id, 'rename-btn'); }
  cancel.addEventListener('click', stop);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      stop();
    }
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var title = input.value.trim();
    if (!title) {
      notice(t('group_title_needed'));
      input.focus();
      return;
    }
    if (title === g.title) {
      stop();
      return;
    }
    save.disabled = true;
    run('rename_cluster', { cluster_id: g.id, title: title }, stop, function () { save.disabled = false; });
  });
  return form;
}

export function mergeForm(lv, g) {
  var id = 'merge-' + g.id;
  var select = h('select', { id: id, class: 'merge-select' }, lv.clusterList().filter(function (cl) {
    return cl.id !== g.id;
  }).map(function (cl) {
    return h('option', { value: String(cl.id), text: cl.title });
  }));
  var ok = h('button', { type: 'submit', class: 'btn small primary', text: t('merge_btn') });
  var cancel = h('button', { type: 'button', class: 'btn small', text: t('cancel') });
  var form = h('form', { class: 'g-form merge-form' }, [
    h('label', { for: id, text: t('merge_into', { title: g.title }) }),
    select,
    h('div', { class: 'g-actions' }, [ok, cancel]),
  ]);
  function stop() { closeForm(g.id, 'merge-btn'); }
  cancel.addEventListener('click', stop);
  select.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') stop();
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (!select.value) return;
    ok.disabled = true;
    run('merge_clusters', { into_cluster_id: g.id, cluster_ids: [Number(select.value)] }, stop, function () {
      ok.disabled = false;
    });
  });
  return form;
}
