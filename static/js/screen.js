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

  /** A card; one that others repeated shows how many people said it. */
  function cardTile(f) {
    var card = f.card;
    var names = [card].concat(f.copies).map(function (c) { return c.author && c.author.name; }).filter(Boolean);
    return h('li', { class: 'card ' + card.kind }, [
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
    for (i = items.length - 1; i > 0 && ul.scrollHeight > ul.clientHeight + 1; i--) {
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
      fitTiles();
      return;
    }
    var kind = phase === 'problems' ? 'problem' : phase === 'ideas' || phase === 'cluster' ? 'idea' : null;
    var cards = lv.folded(kind).reverse().slice(0, WALL_SIZE);
    el.wall.className = 'wall';
    el.wall.style.gridTemplateColumns = '';
    C.keyed(el.wall, cards, function (f) { return f.card.id; }, function (f) {
      return f.card.text + '|' + f.copies.map(function (c) { return c.id; }).join(',');
    }, cardTile);
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
    document.body.classList.toggle('grouping', phase === 'cluster');
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
