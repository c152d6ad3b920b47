/* Exports: the plan downloaded in every format, the facilitator's token sent in a header. */
import { h, t, authFetch, code, notice } from './session.js';

Array.prototype.forEach.call(document.querySelectorAll('[data-download]'), function (btn) {
  btn.addEventListener('click', function () {
    var ext = btn.getAttribute('data-download');
    // The token travels in a header, never in a URL, so it stays out of logs and history.
    var name = 'plan-' + code + '.' + ext;
    authFetch('/plan.' + ext)
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        // The server names the file after the place and the day; keep its name.
        var given = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '');
        if (given) name = given[1];
        return r.blob();
      })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = h('a', { href: url, download: name });
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      })
      .catch(function () {
        notice(t('download_failed'));
      });
  });
});
