/* The links panel: where participants join, and the projector's own link. */
import { C, $, t, TOKEN_KEY, authFetch, gate, notice } from './session.js';

var el = { joinUrl: $('#join-url'), screenLink: $('#screen-link') };

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
      el.joinUrl.textContent = res.body.links.join;
      el.screenLink.href = res.body.links.screen;
      el.screenLink.hidden = false;
    })
    .catch(function () {
      notice(t('links_failed'));
    });
}
