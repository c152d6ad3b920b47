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

  // The key arrives in the fragment (never sent to a server); this browser keeps a copy, so a
  // reload or a lost fragment still finds it. The links come from the API, given the key.
  var code = document.getElementById('code').textContent.trim();
  var storeKey = 'cocrea:' + code + ':facilitator';
  var m = /#(?:.*&)?token=([^&]+)/.exec(window.location.hash);
  var token = m ? decodeURIComponent(m[1]) : null;
  try {
    if (token) window.localStorage.setItem(storeKey, token);
    else token = window.localStorage.getItem(storeKey);
  } catch (e) {
    /* private mode: the fragment itself still works */
  }

  function showLinks(links) {
    document.getElementById('facilitate-link').value = links.facilitate;
    document.getElementById('open-console').href = links.facilitate;
    if (!links.screen) return;
    document.getElementById('screen-link').value = links.screen;
    document.getElementById('open-screen').href = links.screen;
  }

  function keyMissing() {
    document.getElementById('key-missing').hidden = false;
    document.getElementById('key-panel').hidden = true;
    document.getElementById('next-steps').hidden = true;
  }

  if (!token) {
    keyMissing();
  } else {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/api/workshops/' + encodeURIComponent(code) + '/links');
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: treated as no key */ }
      if (xhr.status === 200 && body && body.ok) showLinks(body.links);
      else keyMissing();
    };
    xhr.onerror = function () {
      // Offline for a moment: the links can still be built from the key on this page.
      showLinks({ facilitate: location.origin + '/f/' + code + '#token=' + encodeURIComponent(token) });
    };
    xhr.send();
  }
})();
