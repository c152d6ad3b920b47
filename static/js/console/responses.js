/* Responses: the facilitation tells a theme's or an idea's authors why it was or was not taken up. */
import { C, $, h, t, run, session } from './session.js';
import { groupOf, shortText } from './cards.js';

var el = { form: $('#respond-form'), to: $('#respond-to'), text: $('#respond-text'), saved: $('#respond-saved') };

/** Themes first, then the ideas on no theme: what the plan may answer, one at a time. */
function options(lv) {
  var themes = lv.clusterList().map(function (cl) {
    return { value: 'cluster:' + cl.id, label: t('theme_option', { title: cl.title }), response: cl.response };
  });
  var ideas = lv.folded('idea').filter(function (f) { return groupOf(lv, f.card) === null; }).map(function (f) {
    return { value: 'card:' + f.card.id, label: t('idea_option', { title: shortText(f.card.text) }), response: f.card.response };
  });
  return themes.concat(ideas);
}

function chosen(lv) {
  return options(lv).filter(function (o) { return o.value === el.to.value; })[0] || null;
}

export function renderResponses(lv) {
  var list = options(lv);
  var sig = list.map(function (o) { return o.value + o.label + !!o.response; }).join('|');
  if (el.to.dataset.sig === sig) return;
  var was = el.to.value;
  el.to.dataset.sig = sig;
  C.fill(el.to, list.map(function (o) {
    return h('option', { value: o.value, text: o.label + (o.response ? ' ' + t('responded') : '') });
  }));
  if (was) el.to.value = was;
  if (el.to.value !== was) fillText(lv);
}

function fillText(lv) {
  var option = chosen(lv || session.live);
  el.text.value = (option && option.response) || '';
  el.saved.textContent = '';
}

el.to.addEventListener('change', function () { fillText(); });

el.form.addEventListener('submit', function (ev) {
  ev.preventDefault();
  var parts = el.to.value.split(':');
  if (parts.length !== 2) return;
  var payload = { text: el.text.value.trim() };
  payload[parts[0] + '_id'] = Number(parts[1]);
  run('respond', payload, function (ack) {
    if (ack.card) session.live.cards[ack.card.id] = ack.card;
    if (ack.cluster) session.live.clusters[ack.cluster.id] = ack.cluster;
    el.saved.textContent = t('saved');
    session.live.changed();
  });
});
