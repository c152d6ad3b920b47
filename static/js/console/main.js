/* The facilitator's console: opens the live connection and draws every panel on each change. */
import { C, $, t, TOKEN_KEY, applyFocus, code, gate, session, token, ws } from './session.js';
import { renderPhases } from './phases.js';
import { renderViews } from './views.js';
import { renderBoards } from './wall.js';
import { renderSuggestions } from './suggestions.js';
import { renderProposals } from './proposals.js';
import { renderPresence } from './presence.js';
import { renderHidden } from './hidden.js';
import { renderResponses } from './responses.js';
import { renderSettings, renderTally } from './voting.js';
import { renderOutbox, restoreUnsent } from './posting.js';
import { renderPaper } from './paper.js';
import { renderPaperDots } from './paper-dots.js';
import { renderHistoryChoice, renderPlan } from './plan-editor.js';
import { loadLinks, renderCofacilitators } from './links.js';
import { renderClock } from './clock.js';
import './exports.js';

var pill = $('#pill');

function render(lv) {
  renderPhases(lv);
  renderViews(lv);
  pill.className = 'pill ' + lv.status;
  pill.textContent = t(lv.status === 'reconnecting' ? 'conn_lost' : 'conn_' + lv.status);
  renderBoards(lv);
  renderSuggestions(lv);
  renderProposals(lv);
  renderPresence(lv);
  renderCofacilitators(lv);
  renderHidden(lv);
  renderSettings(lv);
  renderTally(lv);
  renderOutbox(lv);
  renderPaper(lv);
  renderPaperDots(lv);
  renderPlan(lv);
  renderHistoryChoice(lv);
  renderResponses(lv);
  renderClock(lv);
  applyFocus();
}

function start() {
  C.show($('#app'), true);
  loadLinks();
  var live = new C.Live({
    code: code,
    token: token,
    workshop: ws,
    outboxKey: C.key(code, 'f-outbox'),
    onUnauthorized: function () {
      C.store.remove(TOKEN_KEY);
      gate(t('token_invalid'));
    },
    onPostFailed: restoreUnsent,
  });
  session.live = live;
  C.current = live;
  live.onChange(render);
  live.connect();
  render(live);
}

if (token) start();
else gate();
