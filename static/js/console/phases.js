/* Phases and timer: the facilitator moves the room along, with an optional countdown. */
import { C, $, t, run, session } from './session.js';

var buttons = document.querySelectorAll('[data-phase]');
var duration = $('#duration');

var next = $('#next-phase');
var order = Array.prototype.map.call(buttons, function (b) { return b.getAttribute('data-phase'); });

function labelOf(phase) {
  return document.querySelector('[data-phase="' + phase + '"]').getAttribute('data-label');
}

/** Move the room on; ending the vote or the whole workshop is asked first (a misclick costs a hall). */
function go(phase) {
  var now = session.live.workshop.phase;
  if (phase !== now && phase === 'closed') {
    if (!window.confirm(t('close_confirm'))) return;
  } else if (phase !== now && now === 'vote') {
    if (!window.confirm(t('leave_vote_confirm', { phase: labelOf(phase) }))) return;
  }
  var payload = { phase: phase };
  var seconds = Number(duration.value);
  if (seconds > 0) payload.duration_s = seconds;
  run('set_phase', payload);
}

Array.prototype.forEach.call(buttons, function (btn) {
  btn.addEventListener('click', function () { go(btn.getAttribute('data-phase')); });
});
next.addEventListener('click', function () {
  var after = order[order.indexOf(session.live.workshop.phase) + 1];
  if (after) go(after);
});

var renderTimer = C.countdown($('#timer'), function () { return session.live; });

var timer = {
  pause: $('#timer-pause'),
  resume: $('#timer-resume'),
  add: $('#timer-add'),
  start: $('#timer-start'),
  clear: $('#timer-clear'),
  minutes: $('#timer-minutes'),
};
timer.pause.addEventListener('click', function () { run('set_timer', { action: 'pause' }); });
timer.resume.addEventListener('click', function () { run('set_timer', { action: 'resume' }); });
timer.add.addEventListener('click', function () { run('set_timer', { action: 'add', seconds: 60 }); });
timer.clear.addEventListener('click', function () { run('set_timer', { action: 'clear' }); });
timer.start.addEventListener('click', function () {
  var minutes = Math.round(Number(timer.minutes.value));
  run('set_timer', { action: 'start', seconds: Math.max(1, Math.min(240, minutes || 5)) * 60 });
});

function renderTimerControls(lv) {
  var paused = lv.timerPaused();
  var on = lv.secondsLeft() !== null;
  var running = on && !paused;
  C.show(timer.pause, running);
  C.show(timer.resume, paused);
  C.show(timer.add, on);
  C.show(timer.clear, on);
}

export function renderPhases(lv) {
  var phase = lv.workshop.phase;
  document.body.classList.toggle('plan-time', phase === 'plan' || phase === 'closed');
  document.body.classList.toggle('cluster-time', phase === 'cluster');
  document.body.classList.toggle('vote-time', phase === 'vote');
  Array.prototype.forEach.call(buttons, function (b) {
    b.setAttribute('aria-pressed', b.getAttribute('data-phase') === phase ? 'true' : 'false');
  });
  var after = order[order.indexOf(phase) + 1];
  C.show(next, !!after);
  if (after) next.textContent = t('next_phase', { phase: labelOf(after) });
  renderTimer(lv);
  renderTimerControls(lv);
}
