/* Hidden cards: what the facilitation took off the screens, why, and the way to bring one back. */
import { C, $, h, t, run, session } from './session.js';

var el = { list: $('#hidden-list'), n: $('#hidden-n') };
var shown = null; // the hidden cards as last fetched, or null before the first fetch
var asked = null; // how many cards were visible when we last asked

function fetchHidden() {
  session.live.command('hidden_cards', {}, function (ack) {
    if (!ack.ok) return;
    shown = ack.hidden;
    draw();
  });
}

function draw() {
  el.n.textContent = shown.length;
  C.fill(el.list, shown.map(function (item) {
    var back = h('button', { type: 'button', class: 'btn small', text: t('unhide') });
    back.addEventListener('click', function () {
      back.disabled = true;
      run('unhide_card', { card_id: item.card.id }, fetchHidden, function () { back.disabled = false; });
    });
    return h('li', { class: 'card hidden-card ' + item.card.kind }, [
      h('p', { text: item.card.text }),
      h('small', {
        text: t('hidden_because', { category: t('cat_' + item.category) }) + (item.reason ? ' · ' + item.reason : ''),
      }),
      h('div', { class: 'card-actions' }, [back]),
    ]);
  }));
}

/** Fetched once, then whenever a card leaves the wall (a hide, from this console or another). */
export function renderHidden(lv) {
  if (lv.status !== 'connected') return;
  var visible = Object.keys(lv.cards).length;
  var fewer = asked !== null && visible < asked;
  if (asked === null || fewer) fetchHidden();
  asked = visible;
}
