/* The links panel: where participants join, the projector, role codes and co-facilitators. */
import { C, $, h, t, TOKEN_KEY, authFetch, gate, notice, run } from './session.js';

var el = {
  joinUrl: $('#join-url'),
  screenLink: $('#screen-link'),
  roleCodes: $('#role-codes'),
  coNote: $('#cofacilitator-note'),
  cofacilitation: $('#cofacilitation'),
  inviteForm: $('#invite-form'),
  inviteName: $('#invite-name'),
  inviteLink: $('#invite-link'),
  cofacilitators: $('#cofacilitators'),
};

export function loadLinks() {
  authFetch('/links')
    .then(function (r) {
      return r.json().then(function (body) { return { status: r.status, body: body }; });
    })
    .then(function (res) {
      if (res.status === 401 || res.status === 403) {
        C.store.remove(TOKEN_KEY);
        gate(t('token_invalid'));
        return;
      }
      if (!res.body.ok) throw new Error('links');
      var links = res.body.links;
      el.joinUrl.textContent = links.join;
      // A co-facilitator's token opens neither the projector nor the role codes.
      var lead = !!links.screen;
      if (lead) {
        el.screenLink.href = links.screen;
        el.screenLink.hidden = false;
        ['official', 'civil_society'].forEach(function (role) {
          $('#code-' + role).textContent = res.body.role_codes[role];
          $('#link-' + role).textContent = links['join_' + role];
        });
      }
      C.show(el.roleCodes, lead);
      C.show(el.cofacilitation, lead);
      C.show(el.coNote, !lead);
    })
    .catch(function () {
      notice(t('links_failed'));
    });
}

el.inviteForm.addEventListener('submit', function (ev) {
  ev.preventDefault();
  var name = el.inviteName.value.trim();
  if (!name) return;
  run('invite_cofacilitator', { name: name }, function (ack) {
    el.inviteName.value = '';
    C.fill(el.inviteLink, [
      document.createTextNode(t('invite_link', { name: name }) + ' '),
      h('strong', { text: location.origin + ack.link }),
    ]);
    C.show(el.inviteLink, true);
  });
});

/** The co-facilitators invited so far, each link with a button to take it back. */
export function renderCofacilitators(lv) {
  var list = ((lv.people && lv.people.people) || []).filter(function (p) { return p.cofacilitator; });
  C.keyed(
    el.cofacilitators,
    list,
    function (p) { return p.participant_id; },
    function (p) { return [p.name, p.revoked, p.connected].join('¦'); },
    function (p) {
      var revoke = p.revoked ? null : h('button', { type: 'button', class: 'btn small quiet', text: t('revoke') });
      if (revoke) {
        revoke.addEventListener('click', function () {
          if (!window.confirm(t('revoke_confirm', { name: p.name }))) return;
          run('revoke_cofacilitator', { participant_id: p.participant_id });
        });
      }
      return h('li', { class: 'person' }, [
        h('span', { class: 'dot ' + (p.connected && !p.revoked ? 'on' : 'off') }),
        h('span', { class: 'who' }, [h('strong', { text: p.name }), p.revoked ? h('small', { text: t('revoked') }) : null]),
        revoke,
      ]);
    }
  );
}
