/* The workshop's clock: every date on the screens and in the plan is written in its time zone. */
import { $, run } from './session.js';

var select = $('#time-zone');
var shownZone = select.value;

select.addEventListener('change', function () {
  var before = shownZone;
  select.disabled = true;
  run('set_time_zone', { time_zone: select.value }, function () {
    select.disabled = false;
  }, function () {
    select.disabled = false;
    select.value = before;
  });
});

export function renderClock(lv) {
  shownZone = lv.workshop.time_zone || shownZone;
  if (!select.disabled) select.value = shownZone;
}
