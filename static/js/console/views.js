/* Two views of one console: the room (wall, people, voting) and the plan, wide, for editing. */
import { C, $, t } from './session.js';

var el = {
  switcher: $('#views'),
  roomBtn: $('#view-room'),
  planBtn: $('#view-plan'),
  room: $('#room-view'),
  plan: $('#plan-view'),
};
var current = null;
var lastPhase = null;

function show(view) {
  current = view;
  C.show(el.room, view === 'room');
  C.show(el.plan, view === 'plan');
  el.roomBtn.setAttribute('aria-pressed', String(view === 'room'));
  el.planBtn.setAttribute('aria-pressed', String(view === 'plan'));
  document.body.classList.toggle('plan-view-on', view === 'plan');
}

el.roomBtn.addEventListener('click', function () { show('room'); });
el.planBtn.addEventListener('click', function () { show('plan'); });

/** Entering the plan phase opens the plan; going back to an earlier phase opens the room. */
export function renderViews(lv) {
  C.show(el.switcher, true);
  var phase = lv.workshop.phase;
  var planning = phase === 'plan' || phase === 'closed';
  if (phase !== lastPhase) {
    var wasPlanning = lastPhase === 'plan' || lastPhase === 'closed';
    if (current === null) show(planning ? 'plan' : 'room');
    else if (planning && !wasPlanning) show('plan');
    else if (!planning && wasPlanning) show('room');
    lastPhase = phase;
  }
  var n = lv.commitmentList().filter(function (c) { return c.status !== 'dropped'; }).length;
  el.planBtn.textContent = n ? t('plan_view_n', { n: n }) : t('plan_view');
}
