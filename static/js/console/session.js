/* What every console panel shares: the workshop, the live connection, commands and notices. */
export var C = window.Cocrea;
export var t = C.t;
export var h = C.h;
export var $ = C.$;

export var ws = C.json('workshop');
export var code = ws.code;
export var TOKEN_KEY = C.key(code, 'facilitator');
export var token = C.tokenFromHash(code, 'facilitator');

/** The live connection, once the console has one; every panel reads it from here. */
export var session = { live: null };

var el = {
  gate: $('#gate'),
  gateText: $('#gate-text'),
  app: $('#app'),
  pill: $('#pill'),
  notice: $('#notice'),
};

var noticeTimer = null;
export function notice(msg) {
  el.notice.textContent = msg || '';
  C.show(el.notice, !!msg);
  clearTimeout(noticeTimer);
  if (msg) noticeTimer = setTimeout(function () { C.show(el.notice, false); }, 8000);
}

/** Run a command and show its error, if any, as the server worded it. */
export function run(name, payload, onOk, onFail) {
  session.live.command(name, payload, function (ack) {
    if (ack.ok) {
      if (onOk) onOk(ack);
    } else {
      notice(ack.error.message || ack.error.code);
      if (onFail) onFail(ack);
    }
  });
}

/** Close the console behind a message: without the facilitator's token there is nothing to run. */
export function gate(msg) {
  if (session.live) session.live.close();
  C.show(el.app, false);
  C.show(el.gate, true);
  el.pill.hidden = true;
  if (msg) el.gateText.textContent = msg;
}

export function authFetch(path) {
  return fetch('/api/workshops/' + encodeURIComponent(code) + path, {
    headers: { Authorization: 'Bearer ' + token },
  });
}

var wantFocus = null; // a selector to focus after the next render

/** Ask for the focus to land on this element once the next render has drawn it. */
export function focusAfterRender(selector) {
  wantFocus = selector;
}

export function applyFocus() {
  if (!wantFocus) return;
  var target = $(wantFocus);
  wantFocus = null;
  if (target) {
    target.focus();
    if (target.select) target.select();
  }
}
