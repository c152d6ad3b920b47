/* Participants' proposals: an idea's author suggests where it goes; the facilitator answers. */
import { C, $, h, t, run, session } from './session.js';
import { groupOf, shortText } from './cards.js';

var el = {
  proposalsPanel: $('#proposals-panel'),
  proposalsN: $('#proposals-n'),
  proposalsEmpty: $('#proposals-empty'),
  proposalList: $('#proposal-list'),
};

function resolveProposal(p, accept, buttons) {
  buttons.forEach(function (b) { b.disabled = true; });
  run('resolve_proposal', { proposal_id: p.id, accept: accept }, function (ack) {
    if (ack.proposal) session.live.proposals[ack.proposal.id] = ack.proposal;
    session.live.changed();
  }, function () {
    buttons.forEach(function (b) { b.disabled = false; });
  });
}

function proposalNode(lv, p) {
  var card = lv.cards[p.card_id];
  var other = lv.cards[p.with_card_id];
  var into = groupOf(lv, other);
  var accept = h('button', { type: 'button', class: 'btn small primary', text: t('accept') });
  var ignore = h('button', { type: 'button', class: 'btn small', text: t('ignore') });
  accept.addEventListener('click', function () { resolveProposal(p, true, [accept, ignore]); });
  ignore.addEventListener('click', function () { resolveProposal(p, false, [accept, ignore]); });
  return h('li', { class: 'proposal' }, [
    h('p', { text: t('proposes', { name: (p.author && p.author.name) || '?', card: shortText(card.text), other: shortText(other.text) }) }),
    into !== null ? h('small', { text: t('in_group', { title: lv.clusters[into].title }) }) : null,
    h('div', { class: 'row-actions' }, [accept, ignore]),
  ]);
}

export function renderProposals(lv) {
  var pending = lv.proposalList().filter(function (p) {
    return p.status === 'pending' && lv.cards[p.card_id] && lv.cards[p.with_card_id];
  });
  C.show(el.proposalsPanel, lv.workshop.phase === 'cluster' || pending.length > 0);
  el.proposalsPanel.classList.toggle('attention', pending.length > 0);
  el.proposalsN.textContent = pending.length;
  C.show(el.proposalsEmpty, pending.length === 0);
  C.keyed(
    el.proposalList,
    pending,
    function (p) { return p.id; },
    function (p) {
      var into = groupOf(lv, lv.cards[p.with_card_id]);
      return [lv.cards[p.card_id].text, lv.cards[p.with_card_id].text, into === null ? '' : lv.clusters[into].title].join('¦');
    },
    function (p) { return proposalNode(lv, p); }
  );
}
