/* Phases and timer: the facilitator moves the room along, with an optional countdown. */
import { C, $, run, session } from './session.js';

var buttons = document.querySelectorAll('[data-phase]');
var duration = $('#duration');

Array.prototype.forEach.call(buttons, function (btn) {
  btn.addEventListener('click', function () {
    var payload = { phase: btn.getAttribute('data-phase') };
    var seconds = Number(duration.value);
    if (seconds > 0) payload.duration_s = seconds;
    run('set_phase', payload);
  });
});

var renderTimer = C.countdown($('#timer'), function () { return session.live; });

export function renderPhases(lv) {
  var phase = lv.workshop.phase;
  document.body.classList.toggle('plan-time', phase === 'plan' || phase === 'closed');
  document.body.classList.toggle('cluster-time', phase === 'cluster');
  document.body.classList.toggle('vote-time', phase === 'vote');
  Array.prototype.forEach.call(buttons, function (b) {
    b.setAttribute('aria-pressed', b.getAttribute('data-phase') === phase ? 'true' : 'false');
  });
  renderTimer(lv);
}
