/* The projector: joined count, phase and timer, the live wall, results as bars. */
(function () {
  'use strict';
  var C = window.Cocrea;
  var t = C.t;
  var h = C.h;
  var $ = C.$;

  var ws = C.json('workshop');
  var code = ws.code;
  var token = C.tokenFromHash(code, 'screen');
  var WALL_SIZE = 12;
  var BARS = 8;

  var el = {
    planScreen: $('#plan-screen'),
    screenCommitments: $('#screen-commitments'),
    planMore: $('#plan-more'),
    planTitle: $('#plan-screen-title'),
    planSide: $('#plan-side'),
    joinSide: $('.join-side:not(.plan-side)'),
    closing: $('#closing'),
    closingStats: $('#closing-stats'),
    phase: $('#phase'),
    timer: $('#timer'),
    joined: $('#joined'),
    joinedLabel: $('#joined-label'),
    joinedRoles: $('#joined-roles'),
    joinPin: $('#join-pin'),
    joinPinValue: $('#join-pin-value'),
    joinLocked: $('#join-locked'),
    gate: $('#gate'),
    lobbyMsg: $('#lobby-msg'),
    arrivals: $('#arrivals'),
    arrivalNames: $('#arrival-names'),
    wallMore: $('#wall-more'),
    wall: $('#wall'),
    results: $('#results'),
    resultsHidden: $('#results-hidden'),
    resultsTitle: $('#results-title'),
    votedOf: $('#voted-of'),
    frozen: $('#frozen'),
    legend: $('#legend'),
    resultsBody: $('#results-body'),
    bars: $('#bars'),
    matrixBox: $('#matrix-box'),
    matrixTitle: $('#matrix-title'),
    matrix: $('#matrix'),
    plot: $('#plot'),
    pill: $('#pill'),
  };

  var renderTimer = C.countdown(el.timer, function () { return live; });

  /** A card; one that others repeated shows how many people said it. */
  function cardTile(f) {
    var card = f.card;
    var names = [card].concat(f.copies).map(function (c) { return c.paper ? t('on_paper') : c.author && c.author.name; }).filter(Boolean);
    names = names.filter(function (n, i) { return names.indexOf(n) === i; });  // "En papel" once
    var size = card.text.length > 280 ? ' long very-long' : card.text.length > 110 ? ' long' : '';
    return h('li', { class: 'card ' + card.kind + size }, [
      h('p', { text: card.text }),
      f.copies.length ? h('span', { class: 'same', text: t('said_by', { n: f.copies.length + 1 }) }) : null,
      names.length ? h('small', { text: names.join(', ') }) : null,
    ]);
  }

  /** The groups with their ideas (repeats folded), then the ideas not grouped yet. */
  function groupSets(lv) {
    var ideas = lv.folded('idea');
    var sets = lv.clusterList().map(function (cl) {
      return { key: 'g' + cl.id, title: cl.title, ideas: ideas.filter(function (f) { return f.card.cluster_id === cl.id; }) };
    });
    var loose = ideas.filter(function (f) { return !lv.clusters[f.card.cluster_id]; });
    if (loose.length) sets.push({ key: 'g-none', title: t('no_group'), loose: true, ideas: loose });
    return sets;
  }

  function clusterTile(set) {
    return h('li', { class: 'cluster-tile' + (set.loose ? ' loose' : '') }, [
      h('h3', {}, [h('span', { text: set.title }), h('span', { class: 'count', text: String(set.ideas.length) })]),
      h('ul', {}, set.ideas.map(function (f) {
        return h('li', {}, [
          h('span', { class: 'text', text: f.card.text }),
          f.copies.length ? h('span', { class: 'same', text: '×' + (f.copies.length + 1), title: t('said_by', { n: f.copies.length + 1 }) }) : null,
        ]);
      })),
      h('p', { class: 'more', hidden: true }),
    ]);
  }

  /** Show the ideas that fit in the tile, then "+ N more" for the rest. */
  function fitTile(tile) {
    var ul = $('ul', tile);
    var more = $('.more', tile);
    var items = ul.children;
    var i;
    for (i = 0; i < items.length; i++) items[i].hidden = false;
    more.hidden = true;
    if (ul.scrollHeight <= ul.clientHeight + 1) return;
    more.hidden = false;
    var hidden = 0;
    for (i = items.length - 1; i >= 0 && ul.scrollHeight > ul.clientHeight + 1; i--) {
      items[i].hidden = true;
      hidden += 1;
      more.textContent = t('more', { n: hidden });
    }
  }

  function fitTiles() {
    if (el.wall.classList.contains('clusters')) Array.prototype.forEach.call(el.wall.children, fitTile);
  }
  window.addEventListener('resize', fitTiles);

  function renderWall(lv, phase) {
    if (phase === 'cluster' && lv.clusterList().length) {
      var sets = groupSets(lv);
      var cols = sets.length <= 2 ? sets.length : sets.length === 4 ? 2 : sets.length <= 9 ? 3 : 4;
      el.wall.className = 'wall clusters' + (sets.length <= 3 ? ' roomy' : '');
      el.wall.style.gridTemplateColumns = 'repeat(' + cols + ', minmax(0, 1fr))';
      C.keyed(el.wall, sets, function (set) { return set.key; }, function (set) {
        return [set.title].concat(set.ideas.map(function (f) { return f.card.id + ':' + f.copies.length + f.card.text; })).join('|');
      }, clusterTile);
      C.show(el.wallMore, false);
      fitTiles();
      return;
    }
    var kind = phase === 'problems' ? 'problem' : phase === 'ideas' || phase === 'cluster' ? 'idea' : null;
    var all = lv.folded(kind).reverse();
    var cards = all.slice(0, WALL_SIZE);
    el.wall.className = 'wall';
    el.wall.style.gridTemplateColumns = '';
    C.keyed(el.wall, cards, function (f) { return f.card.id; }, function (f) {
      return f.card.text + '|' + f.copies.map(function (c) { return c.id; }).join(',');
    }, cardTile);
    fitWall(all.length);
  }

  /** Show the newest cards that fit whole, and "+ N more" for the rest: nothing is cut in half. */
  function fitWall(total) {
    var items = el.wall.children;
    var i;
    for (i = 0; i < items.length; i++) items[i].hidden = false;
    C.show(el.wallMore, false);
    var shown = items.length;
    var bottom = function () { return el.wall.getBoundingClientRect().bottom; };
    var overflows = function () {
      var last = shown ? items[shown - 1] : null;
      return el.wall.scrollHeight > el.wall.clientHeight + 1 || (last && last.getBoundingClientRect().bottom > bottom() + 1);
    };
    if (total > shown || overflows()) C.show(el.wallMore, true);  // the note takes its line first
    while (shown > 1 && overflows()) {
      shown -= 1;
      items[shown].hidden = true;
    }
    var rest = total - shown;
    C.show(el.wallMore, rest > 0);
    if (rest > 0) el.wallMore.textContent = t('more', { n: rest });
  }
  window.addEventListener('resize', function () {
    if (live && (!el.wall.classList.contains('clusters') || !el.planScreen.hidden)) render(live);
  });

  /** Take out the "nothing yet" line before keyed children come in. */
  function dropEmpty(container) {
    var e = $(':scope > .empty', container);
    if (e) container.removeChild(e);
  }

  /** One bar per target: a segment per role, the total, and "Consensus" when every role backs it. */
  function renderBars(lv, limit) {
    var rank = lv.ranking().slice(0, limit);
    var max = rank.length ? Math.max(1, rank[0].votes) : 1;
    if (!rank.length) {
      C.fill(el.bars, [h('li', { class: 'empty', text: t('no_votes') })]);
      return;
    }
    dropEmpty(el.bars);
    C.keyed(el.bars, rank, function (r) { return r.type + r.id; }, function (r) {
      return JSON.stringify([r.label, r.votes, r.by_role, r.consensus, r.paper, max]);
    }, function (r) {
      return h('li', { class: 'is-' + r.type + (r.consensus ? ' agreed' : ''), title: C.byRoleText(r.by_role, lv.tally.withheld_reasons) }, [
        h('span', { class: 'label' }, [h('span', { class: 'text', text: r.label }), r.consensus ? C.consensusBadge() : null]),
        h('span', { class: 'track' }, C.ROLES.map(function (role) {
          var n = r.by_role[role] || 0;
          return n ? h('span', { class: 'seg ' + role, style: { width: (100 * n) / max + '%' }, text: String(n) }) : null;
        }).concat([withheldSegment(lv, r, max), r.paper ? h('span', { class: 'seg paper', style: { width: (100 * r.paper) / max + '%' }, text: String(r.paper) }) : null])),
        h('strong', { class: 'num', text: String(r.votes) }),
      ]);
    });
  }

  /** The votes of roles kept back for privacy: counted in the bar, in one grey piece. */
  function withheldSegment(lv, r, max) {
    var shown = C.ROLES.reduce(function (n, role) { return n + (r.by_role[role] || 0); }, 0);
    var rest = r.votes - shown - r.paper;
    if (rest <= 0) return null;
    var reasons = lv.tally.withheld_reasons || {};
    var why = Object.keys(reasons).map(function (role) {
      return t('group_' + role) + ': ' + C.withheldText(reasons[role]);
    }).join(' · ');
    return h('span', { class: 'seg withheld', title: why, style: { width: (100 * rest) / max + '%' }, text: String(rest) });
  }

  function renderLegend(lv) {
    var by = lv.tally.by_role || {};
    var reasons = lv.tally.withheld_reasons || {};
    var keys = lv.tally.paper_votes ? C.ROLES.concat(['paper']) : C.ROLES;
    C.keyed(el.legend, keys, function (r) { return r; }, function (r) { return String(r === 'paper' ? lv.tally.paper_votes : by[r] || 0) + (reasons[r] || ''); }, function (r) {
      if (r === 'paper') return h('li', { class: 'seg-key paper' }, [h('i', { 'aria-hidden': 'true' }), t('paper_dots_n', { n: lv.tally.paper_votes })]);
      // A role kept back per option says so in words, in grey, beside its total of votes.
      var key = h('li', { class: 'seg-key ' + (reasons[r] ? 'withheld' : r) }, [h('i', { 'aria-hidden': 'true' }), t('group_' + r) + (reasons[r] ? '' : ' ' + (by[r] || 0))]);
      if (reasons[r]) key.appendChild(h('small', { text: ' (' + C.withheldText(reasons[r]) + ')' }));
      return key;
    });
  }

  /** Each target at (effort, impact): impact up, effort right; bigger when more people rated it. */
  function renderMatrix(lv) {
    var list = lv.ratingList();
    var most = list.reduce(function (m, r) { return Math.max(m, r.count); }, 1);
    var people = list.reduce(function (n, r) { return n + r.count; }, 0);
    el.matrixTitle.textContent = C.plural(people, 'ratings_n');
    if (!list.length) {
      C.fill(el.plot, [h('p', { class: 'empty', text: t('no_ratings') })]);
      return;
    }
    dropEmpty(el.plot);
    C.keyed(el.plot, list, function (r) { return r.type + r.id; }, function (r) {
      return [r.label, r.impact, r.effort, r.count, most].join('|');
    }, function (r) {
      var x = (r.effort - 1) / 4;
      var y = (r.impact - 1) / 4;
      var size = 2.4 + 4.2 * Math.sqrt(r.count / most);
      return h('div', {
        class: 'dot',
        title: t('dot_title', { label: r.label, impact: C.num(r.impact), effort: C.num(r.effort) }) + ' (' + C.plural(r.count, 'rated_by') + ')',
        style: { left: 8 + 84 * x + '%', bottom: 8 + 84 * y + '%' },
      }, [
        h('span', { class: 'disc', style: { width: size + 'vh', height: size + 'vh' } }),
        h('span', { class: 'dot-label', text: r.label }),
      ]);
    });
  }

  /** Put each dot's label where it covers the least of the other labels and dots and stays
   *  inside the matrix: beside, below or above the dot, the most rated dots first. */
  var SIDES = ['right', 'left', 'below', 'above', 'below end', 'above end', 'below start', 'above start'];
  function overlap(a, b) {
    var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var ht = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0 && ht > 0 ? w * ht : 0;
  }
  function placeLabels() {
    var frame = el.plot.getBoundingClientRect();
    var dots = Array.prototype.slice.call(el.plot.querySelectorAll('.dot'));
    var discs = dots.map(function (dot) { return $('.disc', dot).getBoundingClientRect(); });
    var placed = [];
    dots.forEach(function (dot, n) {
      var label = $('.dot-label', dot);
      var others = placed.concat(discs.filter(function (d, i) { return i !== n; }));
      var best = null;
      for (var i = 0; i < SIDES.length; i++) {
        label.className = 'dot-label ' + SIDES[i];
        var r = label.getBoundingClientRect();
        var cost = 2 * (r.width * r.height - overlap(r, frame));
        others.forEach(function (o) { cost += overlap(r, o); });
        if (!best || cost < best.cost) best = { side: SIDES[i], rect: r, cost: cost };
        if (!cost) break;
      }
      label.className = 'dot-label ' + best.side;
      placed.push(best.rect);
    });
  }
  /** The matrix as big as the room left below the header allows, and square. */
  function fitMatrix() {
    var frame = el.matrix.parentNode;
    var around = el.matrixBox.offsetHeight - el.matrix.offsetHeight;
    var room = window.innerHeight * 0.97 - el.matrixBox.getBoundingClientRect().top - around;
    var wide = el.resultsBody.classList.contains('both') ? 0.3 : 0.55;
    var side = Math.max(window.innerHeight * 0.25, Math.min(room, window.innerWidth * wide));
    frame.style.gridTemplateColumns = '3.5vh ' + Math.floor(side) + 'px';
  }

  window.addEventListener('resize', function () {
    if (el.matrixBox.hidden) return;
    fitMatrix();
    placeLabels();
  });
  el.plot.addEventListener('transitionend', placeLabels); // dots glide to a new average

  function renderResults(lv) {
    var dots = lv.uses('dots');
    var matrix = lv.uses('matrix');
    // Hidden results never reach this screen: it says so, and how many have voted.
    var hidden = !!lv.tally.hidden;
    C.show(el.resultsHidden, hidden);
    if (hidden) {
      dots = false;
      matrix = false;
    }
    el.resultsTitle.textContent = C.plural(lv.tally.votes_cast, 'votes_cast');
    var voting = lv.workshop.phase === 'vote';
    C.show(el.votedOf, voting);
    if (voting) el.votedOf.textContent = C.votedLine(lv);
    C.show(el.resultsTitle, dots || hidden);
    C.show(el.frozen, !hidden && !!(lv.tally.frozen || lv.workshop.ranking_frozen));
    C.show(el.legend, dots);
    C.show(el.bars, dots);
    C.show(el.matrixBox, matrix);
    el.resultsBody.className = 'results-body' + (dots && matrix ? ' both' : '');
    if (dots) {
      renderLegend(lv);
      renderBars(lv, matrix ? 6 : BARS);
    }
    if (matrix) {
      renderMatrix(lv);
      fitMatrix();
      fitMatrix(); // once more: a narrower matrix may have wrapped the quadrant names
      placeLabels();
    }
  }

  /* In the plan phase the hall sees what its votes became; once published, where to read it. */
  function renderPlan(lv, list) {
    C.keyed(el.screenCommitments, list, function (c) { return c.id; }, function (c) {
      return JSON.stringify([c.title, c.status, c.votes, c.votes_by_role, lv.consensusOf(c)]);
    }, function (c) {
      return h('li', { class: 'sc' + (c.status === 'agreed' ? ' agreed' : '') }, [
        h('strong', { text: c.title }),
        lv.consensusOf(c) ? C.consensusBadge() : null,
        h('span', { class: 'sc-votes', text: C.votes(c.votes) + ' · ' + C.rolesLine(c.votes_by_role, lv.tally.withheld_reasons) }),
      ]);
    });
    el.planTitle.textContent = lv.published ? t('plan_published_n', { n: lv.published.version }) : t('commitments');
    fitList(el.screenCommitments, el.planMore, list.length);
  }

  /** Show the first items of a list that fit whole, and "+ N more" for the rest. */
  function fitList(list, more, total) {
    var items = list.children;
    var i;
    for (i = 0; i < items.length; i++) items[i].hidden = false;
    C.show(more, false);
    var shown = items.length;
    var cut = function () { return list.scrollHeight > list.clientHeight + 1; };
    if (cut()) C.show(more, true);
    while (shown > 1 && cut()) {
      shown -= 1;
      items[shown].hidden = true;
    }
    C.show(more, total > shown);
    more.textContent = t('more', { n: total - shown });
  }

  function closingStats(lv) {
    var cards = Object.keys(lv.cards).map(function (id) { return lv.cards[id]; });
    var count = function (kind) { return cards.filter(function (c) { return c.kind === kind; }).length; };
    return t('closing_stats', {
      people: (lv.presence && lv.presence.joined) || 0,
      problems: count('problem'),
      ideas: count('idea'),
      votes: lv.tally.votes_cast || 0,
    });
  }

  /** The lobby greets the latest arrivals by first name, if the facilitation chose to. */
  function renderArrivals(lv, phase) {
    var names = (phase === 'lobby' && lv.presence && lv.presence.names) || [];
    C.show(el.arrivals, names.length > 0);
    if (!names.length) return;
    C.fill(el.arrivalNames, names.map(function (name) { return h('li', { text: name }); }));
    // Only whole names: the oldest arrivals give way when the screen is full.
    var items = el.arrivalNames.children;
    for (var i = items.length - 1; i > 0 && el.arrivalNames.scrollHeight > el.arrivalNames.clientHeight + 1; i--) {
      items[i].hidden = true;
    }
  }

  function render(lv) {
    var phase = lv.workshop.phase;
    el.phase.textContent = t('phase_' + phase);
    var joined = (lv.presence && lv.presence.joined) || 0;
    el.joined.textContent = joined;
    el.joinedLabel.textContent = t(joined === 1 ? 'joined_one' : 'joined_many');
    // The door: the PIN newcomers type, or that it is closed (only the hall sees the PIN).
    var pin = lv.workshop.joining === 'pin' && lv.joinPin;
    C.show(el.joinPin, !!pin);
    el.joinPinValue.textContent = pin || '';
    C.show(el.joinLocked, lv.workshop.joining === 'locked');
    var byRole = lv.presence && lv.presence.joined_by_role;
    C.show(el.joinedRoles, !!byRole && joined > 0);
    // Each "role count" stays on one line: a number never wraps away from its role.
    if (byRole) el.joinedRoles.textContent = C.byRoleText(byRole).split(' · ').map(function (part) { return part.replace(/ /g, '\u00a0'); }).join(' · ');
    document.body.classList.toggle('lobby', phase === 'lobby');
    document.body.classList.toggle('grouping', phase === 'cluster');
    renderTimer(lv);
    var list = lv.commitmentList().filter(function (c) { return c.status !== 'dropped'; });
    var planning = phase === 'plan' || phase === 'closed';
    // Once the plan is published, the QR code leads to it instead of to joining.
    var readPlan = planning && !!lv.published;
    C.show(el.planSide, readPlan);
    C.show(el.joinSide, !readPlan);
    C.show(el.closing, phase === 'closed');
    if (phase === 'closed') el.closingStats.textContent = closingStats(lv);
    var showPlan = planning && list.length > 0;
    C.show(el.planScreen, showPlan);
    // The commitments carry their votes: the bars step aside for them.
    var showResults = phase === 'vote' || (planning && !showPlan);
    C.show(el.results, showResults);
    var showWall = !showResults && !planning;
    C.show(el.wall, showWall);
    if (!showWall) C.show(el.wallMore, false);
    if (showResults) renderResults(lv);
    if (showWall) renderWall(lv, phase);
    if (showPlan) renderPlan(lv, list);  // measured last, with everything else in place
    var emptyLobby = phase === 'lobby' && !el.wall.children.length;
    C.show(el.lobbyMsg, emptyLobby);
    if (emptyLobby) C.show(el.wall, false);  // the greetings take the room
    renderArrivals(lv, phase);
    // The pill only appears when something is wrong: the hall does not need "connected".
    C.show(el.pill, lv.status !== 'connected');
    el.pill.className = 'pill ' + lv.status;
    el.pill.textContent = t(lv.status === 'reconnecting' ? 'conn_lost' : 'conn_' + lv.status);
  }

  if (!token) {
    C.show(el.gate, true);
    return;
  }
  var live = new C.Live({
    code: code,
    token: token,
    workshop: ws,
    onUnauthorized: function () {
      C.store.remove(C.key(code, 'screen'));
      C.show(el.gate, true);
      C.show(el.wall, false);
      C.show(el.results, false);
    },
  });
  C.current = live;
  live.onChange(render);
  live.connect();
  render(live);
})();
