/* Who is in the room: people online, everyone who joined, and the roles to confirm. */
import { C, $, h, t, run } from './session.js';

var el = {
  online: $('#online'),
  joined: $('#joined'),
  roles: $('#roles'),
  people: $('#people'),
  peopleEmpty: $('#people-empty'),
  paperTotal: $('#paper-total'),
  screenNames: $('#screen-names'),
  joining: $('#joining'),
  pinLine: $('#join-pin-line'),
  pin: $('#join-pin'),
  newPin: $('#new-pin'),
};

/** Open the door, ask for the projector's PIN, or close it; asking again gives a new PIN. */
function setJoining(value) {
  el.joining.disabled = true;
  run('set_joining', { joining: value }, function () {
    el.joining.disabled = false;
  }, function () {
    el.joining.disabled = false;
  });
}
el.joining.addEventListener('change', function () { setJoining(el.joining.value); });
el.newPin.addEventListener('click', function () { setJoining('pin'); });

el.screenNames.addEventListener('change', function () {
  var want = el.screenNames.checked;
  el.screenNames.disabled = true;
  run('set_screen_names', { show: want }, function () {
    el.screenNames.disabled = false;
  }, function () {
    el.screenNames.disabled = false;
    el.screenNames.checked = !want;
  });
});

export function renderPresence(lv) {
  var p = lv.presence || {};
  var by = p.by_role || {};
  el.online.textContent = p.count || 0;
  el.joined.textContent = C.plural(p.joined, 'joined');
  var paper = Object.keys(lv.cards).filter(function (id) { return lv.cards[id].paper; }).length;
  C.show(el.paperTotal, paper > 0);
  el.paperTotal.textContent = t('paper_total', { n: paper });
  C.fill(el.roles, ['citizen', 'official', 'civil_society'].map(function (r) {
    return h('li', {}, [h('span', { text: t('role_' + r) }), h('strong', { text: String(by[r] || 0) })]);
  }));
  if (!el.screenNames.disabled) el.screenNames.checked = !!lv.workshop.screen_names;
  if (!el.joining.disabled) el.joining.value = lv.workshop.joining || 'open';
  var pin = lv.workshop.joining === 'pin' && lv.joinPin;
  C.show(el.pinLine, !!pin);
  el.pin.textContent = pin || '';
  renderPeople(lv);
}

/** Officials and civil society, each with what they said, whether they are here, and a button. */
function renderPeople(lv) {
  var list = ((lv.people && lv.people.people) || []).filter(function (p) {
    return p.role === 'official' || p.role === 'civil_society';
  });
  C.show(el.peopleEmpty, list.length === 0);
  C.keyed(
    el.people,
    list,
    function (p) { return p.participant_id; },
    function (p) { return [p.name, p.role, p.verified, p.connected].join('¦'); },
    personNode
  );
}

function personNode(p) {
  var button = h('button', {
    type: 'button',
    class: 'btn small' + (p.verified ? ' quiet' : ' primary'),
    text: t(p.verified ? 'unconfirm_role' : 'confirm_role'),
  });
  button.addEventListener('click', function () {
    button.disabled = true;
    run('confirm_role', { participant_id: p.participant_id, confirmed: !p.verified }, null, function () {
      button.disabled = false;
    });
  });
  return h('li', { class: 'person' + (p.verified ? ' verified' : '') }, [
    h('span', { class: 'dot ' + (p.connected ? 'on' : 'off'), title: t(p.connected ? 'online' : 'offline') }),
    h('span', { class: 'who' }, [
      h('strong', { text: p.name }),
      h('small', { text: t('role_' + p.role) + ' · ' + t(p.verified ? 'confirmed' : 'not_confirmed') }),
    ]),
    button,
  ]);
}

