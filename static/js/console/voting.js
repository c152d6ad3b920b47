/* Voting: the settings the room votes under, and the results with the reveal for phones. */
import { C, $, h, t, run, session } from './session.js';

var el = {
  settings: $('#settings'),
  settingsLocked: $('#settings-locked'),
  settingsSave: $('#settings-save'),
  settingsSaved: $('#settings-saved'),
  resultsPanel: $('#results-panel'),
  votesCast: $('#votes-cast'),
  votedOf: $('#voted-of'),
  castByRole: $('#cast-by-role'),
  frozen: $('#frozen'),
  revealBox: $('#reveal-box'),
  revealStatus: $('#reveal-status'),
  revealBtn: $('#reveal-btn'),
  screenBtn: $('#screen-results-btn'),
  verifiedVoters: $('#verified-voters'),
  tally: $('#tally'),
  ratingsBox: $('#ratings-box'),
  ratings: $('#ratings'),
};

/* ---------- settings ---------- */

var SETTINGS = ['votes_per_participant', 'max_votes_per_target', 'vote_on', 'prioritization', 'results'];
var OPEN_PHASES = { lobby: 1, problems: 1, ideas: 1, cluster: 1 };
var settingsShown = null; // the workshop's settings the form was last filled from

function settingsOf(w) {
  return {
    votes_per_participant: w.votes_per_participant,
    max_votes_per_target: w.max_votes_per_target === undefined ? null : w.max_votes_per_target,
    vote_on: w.vote_on || 'clusters',
    prioritization: w.prioritization || 'dots',
    results: w.results || 'live',
  };
}

/** What the form says now, in the protocol's types. */
function settingsInForm() {
  var f = el.settings.elements;
  var cap = f.max_votes_per_target.value.trim();
  return {
    votes_per_participant: Number(f.votes_per_participant.value),
    max_votes_per_target: cap ? Number(cap) : null,
    vote_on: f.vote_on.value,
    prioritization: f.prioritization.value,
    results: f.results.value,
  };
}

function changedSettings(lv) {
  var now = settingsInForm();
  var was = settingsOf(lv.workshop);
  var diff = {};
  SETTINGS.forEach(function (k) {
    if (now[k] !== was[k]) diff[k] = now[k];
  });
  return diff;
}

function fillSettings(values) {
  var f = el.settings.elements;
  f.votes_per_participant.value = values.votes_per_participant;
  f.max_votes_per_target.value = values.max_votes_per_target === null ? '' : values.max_votes_per_target;
  f.vote_on.value = values.vote_on;
  f.prioritization.value = values.prioritization;
  f.results.value = values.results;
}

export function renderSettings(lv) {
  var open = !!OPEN_PHASES[lv.workshop.phase];
  var values = settingsOf(lv.workshop);
  var sig = JSON.stringify(values);
  var dirty = Object.keys(changedSettings(lv)).length > 0 && settingsShown !== null;
  // A change from elsewhere (another console) refills the form unless this one is mid-edit.
  if (sig !== settingsShown && (!dirty || !open)) {
    fillSettings(values);
    settingsShown = sig;
    dirty = false;
  }
  Array.prototype.forEach.call(el.settings.elements, function (input) {
    if (input !== el.settingsSave) input.disabled = !open;
  });
  C.show(el.settingsLocked, !open);
  C.show(el.settingsSave, open);
  el.settingsSave.disabled = !open || !dirty;
  if (dirty) el.settingsSaved.textContent = t('unsaved');
  else if (el.settingsSaved.textContent === t('unsaved')) el.settingsSaved.textContent = '';
}

el.settings.addEventListener('input', function () {
  el.settingsSaved.textContent = '';
  if (session.live) renderSettings(session.live);
});
el.settings.addEventListener('change', function () {
  if (session.live) renderSettings(session.live);
});
el.settings.addEventListener('submit', function (ev) {
  ev.preventDefault();
  if (!el.settings.reportValidity()) return;
  var diff = changedSettings(session.live);
  if (!Object.keys(diff).length) return;
  el.settingsSave.disabled = true;
  run('update_settings', diff, function (ack) {
    if (ack.workshop) session.live.workshop = Object.assign({}, session.live.workshop, ack.workshop);
    settingsShown = null; // refill from what the server kept
    el.settingsSaved.textContent = t('saved');
    session.live.changed();
  }, function () {
    el.settingsSave.disabled = false;
  });
});

/* ---------- results ---------- */

el.revealBtn.addEventListener('click', function () {
  el.revealBtn.disabled = true;
  run('reveal_results', {}, function (ack) {
    el.revealBtn.disabled = false;
    if (ack.workshop) session.live.workshop = Object.assign({}, session.live.workshop, ack.workshop);
    session.live.changed();
  }, function () {
    el.revealBtn.disabled = false;
  });
});

// While phones wait, the projector waits too, unless the facilitator chooses to show the room.
el.screenBtn.addEventListener('click', function () {
  el.screenBtn.disabled = true;
  var show = !session.live.workshop.screen_results;
  run('set_screen_results', { show: show }, function (ack) {
    el.screenBtn.disabled = false;
    if (ack.workshop) session.live.workshop = Object.assign({}, session.live.workshop, ack.workshop);
    session.live.changed();
  }, function () {
    el.screenBtn.disabled = false;
  });
});

/** "Officials: 2 of 3 confirmed": everyone's vote counts, and the room sees who was vouched for. */
function verifiedLine(tally) {
  var voters = tally.voters_by_role || {};
  var verified = tally.verified_voters || {};
  return ['official', 'civil_society'].filter(function (r) { return voters[r]; }).map(function (r) {
    return t('verified_of', { group: t('group_' + r), n: verified[r] || 0, of: voters[r] });
  }).join(' · ');
}

function quadrant(r) {
  var high = r.impact > 3;
  var hard = r.effort > 3;
  return high ? (hard ? 'big' : 'quick') : (hard ? 'later' : 'minor');
}

/** The votes of roles kept back for privacy, counted in the bar as one grey piece. */
function withheldPart(r) {
  var shown = C.ROLES.reduce(function (n, role) { return n + (r.by_role[role] || 0); }, 0);
  var rest = r.votes - shown - r.paper;
  return rest > 0 ? h('span', { class: 'seg withheld', style: { flexGrow: String(rest) } }) : null;
}

/** The paper wall's dots: in the bar and the total, apart from the phones' votes by role. */
function paperPart(r) {
  return r.paper > 0 ? h('span', { class: 'seg paper', style: { flexGrow: String(r.paper) } }) : null;
}

export function renderTally(lv) {
  var w = lv.workshop;
  var dots = lv.uses('dots');
  var matrix = lv.uses('matrix');
  var hidden = w.results === 'hidden' && !w.results_revealed;
  var on = w.phase === 'vote' || w.phase === 'plan' || w.phase === 'closed' || lv.tally.votes_cast > 0;
  C.show(el.resultsPanel, on);
  el.resultsPanel.classList.toggle('both', dots && matrix);
  C.show(el.frozen, !!(lv.tally.frozen || w.ranking_frozen));
  el.revealStatus.textContent = t(hidden ? 'results_hidden' : 'results_revealed');
  C.show(el.revealBox, w.results === 'hidden');
  C.show(el.revealBtn, hidden);
  C.show(el.screenBtn, hidden);
  el.screenBtn.textContent = t(w.screen_results ? 'screen_results_off' : 'screen_results_on');
  el.screenBtn.setAttribute('aria-pressed', w.screen_results ? 'true' : 'false');
  el.verifiedVoters.textContent = dots ? verifiedLine(lv.tally) : '';

  el.votesCast.textContent = dots ? C.plural(lv.tally.votes_cast, 'votes_cast') : '';
  var voting = lv.workshop.phase === 'vote';
  C.show(el.votedOf, voting);
  if (voting) el.votedOf.textContent = C.votedLine(lv);
  el.castByRole.textContent = dots && lv.tally.votes_cast ? C.byRoleText(lv.tally.by_role, lv.tally.withheld_reasons) : '';
  var rank = dots ? lv.ranking() : [];
  var max = rank.length ? Math.max(1, rank[0].votes) : 1;
  C.show(el.tally, dots);
  C.fill(el.tally, rank.map(function (r) {
    return h('li', { class: 'is-' + r.type + (r.consensus ? ' agreed' : '') }, [
      h('span', { class: 'label', text: r.label, title: r.label }),
      r.consensus ? C.consensusBadge() : null,
      h('strong', { text: String(r.votes) }),
      h('span', { class: 'track' }, [
        h('span', { class: 'rbar', style: { width: Math.round((100 * r.votes) / max) + '%' } }, C.ROLES.map(function (role) {
          var n = r.by_role[role] || 0;
          return n ? h('span', { class: 'seg ' + role, style: { flexGrow: String(n) } }) : null;
        }).concat([withheldPart(r), paperPart(r)])),
      ]),
      h('small', { class: 'by-role', text: C.byRoleText(r.by_role, lv.tally.withheld_reasons) + (r.paper ? ' · ' + t('paper_dots_n', { n: r.paper }) : '') }),
    ]);
  }));
  if (dots && !rank.length) C.fill(el.tally, [h('li', { class: 'empty', text: t('no_votes') })]);

  C.show(el.ratingsBox, matrix);
  if (!matrix) return;
  var ratings = lv.ratingList();
  C.fill(el.ratings, ratings.length ? ratings.map(function (r) {
    return h('tr', {}, [
      h('th', { scope: 'row' }, [h('span', { class: 'label', text: r.label, title: r.label }), h('small', { class: 'quad-' + quadrant(r), text: t('quadrant_' + quadrant(r)) })]),
      h('td', { text: C.num(r.impact) }),
      h('td', { text: C.num(r.effort) }),
      h('td', { text: String(r.count) }),
    ]);
  }) : [h('tr', {}, [h('td', { colspan: '4', class: 'empty', text: t('no_ratings') })])]);
}
