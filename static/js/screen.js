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
    phase: $('#phase'),
    timer: $('#timer'),
    joined: $('#joined'),
    joinedLabel: $('#joined-label'),
    gate: $('#gate'),
    lobbyMsg: $('#lobby-msg'),
    wall: $('#wall'),
    results: $('#results'),
    resultsTitle: $('#results-title'),
    bars: $('#bars'),
    pill: $('#pill'),
  };

  var renderTimer = C.countdown(el.timer, function () { return live; });

  function cardTile(card) {
    return h('li', { class: 'card ' + card.kind }, [
      h('p', { text: card.text }),
      card.author && card.author.name ? h('small', { text: card.author.name }) : null,
    ]);
  }

  function clusterTile(lv, cl) {
    var ideas = lv.cardList('idea').filter(function (c) { return c.cluster_id === cl.id; });
    return h('li', { class: 'cluster-tile' }, [
      h('h3', { text: cl.title }),
      h('p', { class: 'count', text: C.plural(ideas.length, 'ideas_n') }),
      h('ul', {}, ideas.slice(0, 5).map(function (c) { return h('li', { text: c.text }); })),
    ]);
  }

  function renderWall(lv, phase) {
    if (phase === 'cluster' && lv.clusterList().length) {
      var clusters = lv.clusterList();
      C.keyed(el.wall, clusters, function (cl) { return 'g' + cl.id; }, function (cl) {
        return cl.title + '|' + lv.cardList('idea').filter(function (c) { return c.cluster_id === cl.id; }).map(function (c) { return c.id; }).join(',');
      }, function (cl) { return clusterTile(lv, cl); });
      el.wall.className = 'wall clusters';
      return;
    }
    var kind = phase === 'problems' ? 'problem' : phase === 'ideas' || phase === 'cluster' ? 'idea' : null;
    var cards = lv.cardList(kind).reverse().slice(0, WALL_SIZE);
    el.wall.className = 'wall';
    C.keyed(el.wall, cards, function (c) { return c.id; }, function (c) { return c.text; }, cardTile);
  }

  function renderResults(lv) {
    var rank = lv.ranking().slice(0, BARS);
    var max = rank.length ? Math.max(1, rank[0].votes) : 1;
    el.resultsTitle.textContent = C.plural(lv.tally.votes_cast, 'votes_cast');
    if (!rank.length) {
      C.fill(el.bars, [h('li', { class: 'empty', text: t('no_votes') })]);
      return;
    }
    C.fill(el.bars, rank.map(function (r) {
      return h('li', { class: 'is-' + r.type }, [
        h('span', { class: 'label', text: r.label }),
        h('span', { class: 'track' }, [
          h('span', { class: 'fill', style: { width: Math.max(1, Math.round((100 * r.votes) / max)) + '%' } }),
        ]),
        h('strong', { class: 'num', text: String(r.votes) }),
      ]);
    }));
  }

  function render(lv) {
    var phase = lv.workshop.phase;
    el.phase.textContent = t('phase_' + phase);
    var joined = (lv.presence && lv.presence.joined) || 0;
    el.joined.textContent = joined;
    el.joinedLabel.textContent = t(joined === 1 ? 'joined_one' : 'joined_many');
    document.body.classList.toggle('lobby', phase === 'lobby');
    renderTimer(lv);
    var showResults = phase === 'vote' || phase === 'plan' || phase === 'closed';
    C.show(el.results, showResults);
    C.show(el.wall, !showResults);
    if (showResults) renderResults(lv);
    else renderWall(lv, phase);
    C.show(el.lobbyMsg, phase === 'lobby' && !el.wall.children.length);
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
