/* Suggested groups: themes proposed by the server for the loose ideas, created only on approval. */
import { C, $, h, t, notice, run, session, focusAfterRender } from './session.js';
import { groupOf } from './cards.js';

var el = {
  suggestBtn: $('#suggest-btn'),
  suggestions: $('#suggestions'),
  suggestionsTitle: $('#suggestions-title'),
  suggestionList: $('#suggestion-list'),
  acceptAll: $('#accept-all'),
  dropAll: $('#drop-all'),
};

var suggestions = [];
var suggestionSeq = 0;

el.suggestBtn.addEventListener('click', function () {
  el.suggestBtn.disabled = true;
  session.live.command('suggest_clusters', {}, function (ack) {
    el.suggestBtn.disabled = false;
    if (!ack.ok) {
      notice(ack.error.message || ack.error.code);
      return;
    }
    suggestions = (ack.suggestions || []).map(function (s) {
      suggestionSeq += 1;
      return { key: 's' + suggestionSeq, title: s.title || '', ids: (s.card_ids || []).slice(), off: {} };
    });
    if (!suggestions.length) notice(t('suggest_none'));
    else focusAfterRender('#suggestions-title');
    session.live.changed();
  });
});

function acceptSuggestion(s, done) {
  var title = s.title.trim();
  var ids = s.ids.filter(function (id) { return !s.off[id] && session.live.cards[id]; });
  if (!title) {
    notice(t('group_title_needed'));
    return;
  }
  if (!ids.length) {
    notice(t('suggestion_empty'));
    return;
  }
  s.clientId = s.clientId || C.uuid();
  run('create_cluster', { title: title, card_ids: ids, client_id: s.clientId }, function () {
    dropSuggestion(s);
    if (done) done();
  });
}

function dropSuggestion(s) {
  suggestions = suggestions.filter(function (x) { return x !== s; });
  session.live.changed();
}

el.acceptAll.addEventListener('click', function () {
  var list = suggestions.slice();
  (function next(i) {
    if (i < list.length) acceptSuggestion(list[i], function () { next(i + 1); });
  })(0);
});

el.dropAll.addEventListener('click', function () {
  suggestions = [];
  session.live.changed();
});

function suggestionNode(lv, s) {
  var titleId = s.key + '-title';
  var input = h('input', { id: titleId, value: s.title, maxlength: '120' });
  input.addEventListener('input', function () { s.title = input.value; });
  var create = h('button', { type: 'button', class: 'btn small primary', text: t('create_group') });
  create.addEventListener('click', function () { acceptSuggestion(s); });
  var discard = h('button', { type: 'button', class: 'btn small quiet', text: t('discard') });
  discard.addEventListener('click', function () { dropSuggestion(s); });
  return h('li', { class: 'suggestion' }, [
    h('label', { for: titleId, text: t('f_title') }),
    input,
    h('ul', { class: 'suggestion-cards' }, s.ids.map(function (id) {
      var card = lv.cards[id];
      var where = groupOf(lv, card);
      var box = h('input', { type: 'checkbox', checked: !s.off[id] });
      box.addEventListener('change', function () {
        if (box.checked) delete s.off[id];
        else s.off[id] = true;
      });
      return h('li', {}, [h('label', { class: 'choice' }, [
        box,
        h('span', {}, [card.text, where !== null ? h('small', { text: t('already_in', { title: lv.clusters[where].title }) }) : null]),
      ])]);
    })),
    h('div', { class: 'row-actions' }, [create, discard]),
  ]);
}

export function renderSuggestions(lv) {
  suggestions.forEach(function (s) {
    s.ids = s.ids.filter(function (id) { return lv.cards[id]; });
  });
  suggestions = suggestions.filter(function (s) { return s.ids.length; });
  C.show(el.suggestions, suggestions.length > 0);
  el.suggestionsTitle.textContent = C.plural(suggestions.length, 'suggestions_n');
  C.keyed(
    el.suggestionList,
    suggestions,
    function (s) { return s.key; },
    function (s) {
      return s.ids.map(function (id) {
        var where = groupOf(lv, lv.cards[id]);
        return id + lv.cards[id].text + (where === null ? '' : lv.clusters[where].title);
      }).join('¦');
    },
    function (s) { return suggestionNode(lv, s); }
  );
}
