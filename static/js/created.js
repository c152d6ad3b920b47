/* The page shown after creating a workshop: copy buttons, and remember the key locally. */
(function () {
  'use strict';

  function flash(id) {
    var note = document.getElementById(id + '-copied');
    if (!note) return;
    note.hidden = false;
    setTimeout(function () { note.hidden = true; }, 2500);
  }

  /** The async clipboard needs a secure origin; a LAN http:// address falls back to execCommand. */
  function copy(input) {
    var done = function () { flash(input.id); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { legacyCopy(input, done); });
    } else {
      legacyCopy(input, done);
    }
  }

  function legacyCopy(input, done) {
    input.focus();
    input.select();
    try {
      if (document.execCommand('copy')) done();
    } catch (e) {
      /* the text stays selected so the user can copy it by hand */
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-copy]'), function (btn) {
    btn.addEventListener('click', function () {
      copy(document.getElementById(btn.getAttribute('data-copy')));
    });
  });

  // Keep the facilitator key in this browser too, so the console opens even without the link.
  var link = document.getElementById('facilitate-link');
  var code = document.getElementById('code');
  var m = link && /#(?:.*&)?token=([^&]+)/.exec(link.value);
  if (m && code) {
    try {
      window.localStorage.setItem('cocrea:' + code.textContent.trim() + ':facilitator', decodeURIComponent(m[1]));
    } catch (e) {
      /* private mode: the link itself still works */
    }
  }
})();
