/* The wall: problems, the pile of ideas still to sort and the groups, each card with its repeats. */
import { C, $, h, t, run, session, focusAfterRender } from './session.js';
import { author, expanded, groupOf, shortText } from './cards.js';
import { draggableCard, dropZone, groupHead, mergeForm, merging, renaming } from './grouping.js';
import { keepSelected, moveOne, pick, pickThenMove } from './selection.js';

var el = {
  problems: $('#problems'),
  problemsN: $('#problems-n'),
  problemsEmpty: $('#problems-empty'),
  ideasN: $('#ideas-n'),
  ideasEmpty: $('#ideas-empty'),
  groupsN: $('#groups-n'),
  clusters: $('#clusters'),
  hideDialog: $('#hide-dialog'),
  hideText: $('#hide-text'),
  hideCategory: $('#hide-category'),
  hideReason: $('#hide-reason'),
};

/** Ask why before hiding: a category the public plan may show, and a note it never shows. */
function hideCard(card) {
  el.hideText.textContent = card.text;
  el.hideCategory.value = 'other';
  el.hideReason.value = '';
  el.hideDialog.returnValue = '';
  el.hideDialog.onclose = function () {
    if (el.hideDialog.returnValue !== 'hide') return;
    run('hide_card', { card_id: card.id, category: el.hideCategory.value, reason: el.hideReason.value.trim() });
  };
  el.hideDialog.showModal();
  el.hideCategory.focus();
}

function cardNode(lv, f) {
  var card = f.card;
  var idea = card.kind === 'idea';
  var hide = h('button', { type: 'button', class: 'btn small quiet', text: t('hide') });
  hide.addEventListener('click', function () { hideCard(card); });
  var children = [];
  var move = null;
  if (idea) {
    var box = h('input', { type: 'checkbox', class: 'pick', 'aria-label': t('select_card', { text: shortText(card.text) }) });
    box.addEventListener('change', function () { pick(card.id, box.checked); });
    box.addEventListener('keydown', function (ev) {
      if (ev.key !== 'Enter') return;
      ev.preventDefault();
      pickThenMove(card.id);
    });
    children.push(h('label', { class: 'pick-wrap' }, [box]));
    move = h('button', { type: 'button', class: 'btn small quiet', text: t('move_to') });
    move.addEventListener('click', function () { moveOne(card.id); });
  }
  var related = card.problem_id && lv.cards[card.problem_id];
  children.push(h('div', { class: 'card-body' }, [
    h('p', { text: card.text }),
    related ? h('small', { class: 'rel', text: '↳ ' + related.text.slice(0, 80) }) : null,
    h('small', { text: author(card) }),
    f.copies.length ? copiesNode(card, f.copies) : null,
    h('div', { class: 'card-actions' }, [move, hide]),
  ]));
  var li = h('li', { class: 'card ' + card.kind + (f.copies.length ? ' has-copies' : '') }, children);
  if (idea) draggableCard(li, card);
  return li;
}

/** "3 people said it": a toggle that lists the other authors, each with "Separate". */
function copiesNode(card, copies) {
  var open = !!expanded[card.id];
  var toggle = h('button', {
    type: 'button', class: 'same-btn', 'aria-expanded': open ? 'true' : 'false',
    text: t('said_by', { n: copies.length + 1 }),
  });
  toggle.addEventListener('click', function () {
    if (open) delete expanded[card.id];
    else expanded[card.id] = true;
    focusAfterRender('.boards [data-key="' + card.id + '"] .same-btn');
    session.live.changed();
  });
  return h('div', { class: 'copies' }, [
    toggle,
    open ? h('ul', {}, copies.map(function (c) {
      var separate = h('button', {
        type: 'button', class: 'btn small quiet', text: t('unmark'),
        'aria-label': t('unmark_label', { text: shortText(c.text) }),
      });
      separate.addEventListener('click', function () {
        run('mark_duplicate', { card_id: c.id, duplicate_of: null });
      });
      return h('li', {}, [h('p', { text: c.text }), h('small', { text: author(c) }), separate]);
    })) : null,
  ]);
}

function cardSig(lv, f) {
  var c = f.card;
  var rel = c.problem_id && lv.cards[c.problem_id] ? 1 : 0;
  return [c.text, rel, !!expanded[c.id]].concat(f.copies.map(function (d) {
    return d.id + d.text + author(d);
  })).join('¦');
}

function renderCardList(lv, ul, items) {
  C.keyed(
    ul,
    items,
    function (f) { return f.card.id; },
    function (f) { return cardSig(lv, f); },
    function (f) { return cardNode(lv, f); }
  );
}

function groupBox(lv, g) {
  var box = h('section', { class: 'cluster' + (g.id === null ? ' loose' : '') }, [
    groupHead(lv, g),
    g.id !== null && merging === g.id ? mergeForm(lv, g) : null,
    h('ul', { class: 'cards' }),
    h('p', { class: 'drop-hint', text: t('drag_here') }),
  ]);
  dropZone(box, g.id);
  return box;
}

export function renderBoards(lv) {
  var problems = lv.folded('problem');
  var ideas = lv.folded('idea');
  var clusters = lv.clusterList();
  el.problemsN.textContent = problems.length;
  el.ideasN.textContent = ideas.length;
  el.groupsN.textContent = clusters.length ? C.plural(clusters.length, 'groups_n') : '';
  C.show(el.problemsEmpty, problems.length === 0);
  C.show(el.ideasEmpty, ideas.length === 0 && clusters.length === 0);
  renderCardList(lv, el.problems, problems.slice().reverse());

  // The pile still to sort comes first; the groups follow, oldest first.
  var groups = [{
    key: 'none', id: null, title: t('no_group'),
    cards: ideas.filter(function (f) { return groupOf(lv, f.card) === null; }),
  }].concat(clusters.map(function (cl) {
    return { key: 'c' + cl.id, id: cl.id, title: cl.title, cards: ideas.filter(function (f) { return f.card.cluster_id === cl.id; }) };
  }));
  var titles = clusters.map(function (cl) { return cl.id + ':' + cl.title; }).join('|');
  // The pile stays as a drop target while groups exist, even when it is empty.
  var shown = groups.filter(function (g) { return g.id !== null || g.cards.length || clusters.length; });
  C.keyed(
    el.clusters,
    shown,
    function (g) { return g.key; },
    function (g) { return [g.title, renaming === g.id, merging === g.id, merging === g.id ? titles : ''].join('¦'); },
    function (g) { return groupBox(lv, g); }
  );
  // Card lists inside the boxes are kept by key too, so focus and open lists survive.
  var visible = {};
  Array.prototype.forEach.call(el.clusters.children, function (box, i) {
    var g = shown[i];
    var count = $('.n', box);
    if (count) count.textContent = g.cards.length;
    C.show($('.drop-hint', box), g.cards.length === 0);
    renderCardList(lv, $('ul.cards', box), g.cards);
    g.cards.forEach(function (f) { visible[f.card.id] = true; });
  });
  keepSelected(visible);
}
