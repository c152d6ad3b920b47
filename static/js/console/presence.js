/* Who is in the room: people online now, everyone who joined, and how many of each role. */
import { C, $, h, t } from './session.js';

var el = { online: $('#online'), joined: $('#joined'), roles: $('#roles') };

export function renderPresence(lv) {
  var p = lv.presence || {};
  var by = p.by_role || {};
  el.online.textContent = p.count || 0;
  el.joined.textContent = C.plural(p.joined, 'joined');
  C.fill(el.roles, ['citizen', 'official', 'civil_society'].map(function (r) {
    return h('li', {}, [h('span', { text: t('role_' + r) }), h('strong', { text: String(by[r] || 0) })]);
  }));
}
