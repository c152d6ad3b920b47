/* The participant's phone page: join, post problems and ideas, vote, read the plan. */
(function () {
  'use strict';
  var C = window.Cocrea;
  var t = C.t;
  var h = C.h;
  var $ = C.$;

  var ws = C.json('workshop');
  var code = ws.code;
  var TOKEN_KEY = C.key(code, 'token');
  var live = null;
  var composerKind = null;

  var el = {
    phase: $('#phase'),
    timer: $('#timer'),
    pill: $('#pill'),
    notice: $('#notice'),
    join: $('#join'),
    joinError: $('#join-error'),
    joinBtn: $('#join-btn'),
    live: $('#live'),
    lobby: $('#lobby'),
    meName: $('#me-name'),
    composer: $('#composer'),
    composerLabel: $('#composer-label'),
    text: $('#text'),
    count: $('#count'),
    related: $('#related'),
    problem: $('#problem'),
    wall: $('#wall'),
    wallTitle: $('#wall-title'),
    cards: $('#cards'),
    wallEmpty: $('#wall-empty'),
    vote: $('#vote'),
    votesLeft: $('#votes-left'),
    targets: $('#targets'),
    plan: $('#plan'),
    planEmpty: $('#plan-empty'),
    commitments: $('#commitments'),
    closed: $('#closed'),
  };

  function notice(msg) {
    el.notice.textContent = msg || '';
    C.show(el.notice, !!msg);
  }

  /* ---------- joining ---------- */

  function showJoin(msg) {
    C.show(el.join, true);
    C.show(el.live, false);
    C.show(el.pill, false);
    notice(msg);
  }

  el.join.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var err = el.joinError;
    C.show(err, false);
    if (!$('#consent').checked) {
      err.textContent = t('consent_needed');
      C.show(err, true);
      return;
    }
    var role = $('input[name=role]:checked', el.join);
    var body = { name: $('#name').value.trim(), role: role ? role.value : 'citizen', consent: true };
    el.joinBtn.disabled = true;
    fetch('/api/workshops/' + encodeURIComponent(code) + '/participants', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (r) {
        return r.json();
      })
      .then(function (res) {
        el.joinBtn.disabled = false;
        if (res && res.ok) {
          C.store.set(TOKEN_KEY, res.token);
          goLive(res.token);
        } else {
          err.textContent = (res && res.error && res.error.message) || t('join_failed');
          C.show(err, true);
        }
      })
      .catch(function () {
        el.joinBtn.disabled = false;
        err.textContent = t('join_failed');
        C.show(err, true);
      });
  });

  /* ---------- live ---------- */

  function goLive(token) {
    notice('');
    C.show(el.join, false);
    C.show(el.live, true);
    live = new C.Live({
      code: code,
      token: token,
      workshop: ws,
      outboxKey: C.key(code, 'outbox'),
      onUnauthorized: function () {
        C.store.remove(TOKEN_KEY);
        live = null;
        showJoin(t('session_lost'));
      },
      onPostFailed: returnToDraft,
    });
    C.current = live; // handy from the devtools console, and for the browser tests
    live.onChange(render);
    live.connect();
    render(live);
  }

  /** A card the server refused goes back into the draft, so nothing typed is lost. */
  function returnToDraft(item, error) {
    var key = draftKey(item.kind);
    var draft = C.store.get(key) || '';
    draft = draft ? draft + '\n\n' + item.text : item.text;
    C.store.set(key, draft);
    if (composerKind === item.kind) setText(draft);
    notice(t('not_sent') + ' ' + (error.message || error.code || ''));
  }

  function draftKey(kind) {
    return C.key(code, 'draft:' + kind);
  }

  function setText(value) {
    el.text.value = value;
    el.count.textContent = value.length + '/500';
  }

  el.text.addEventListener('input', function () {
    if (composerKind) C.store.set(draftKey(composerKind), el.text.value);
    el.count.textContent = el.text.value.length + '/500';
  });

  el.composer.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = el.text.value.trim();
    if (!text || !live || !composerKind) return;
    var fields = { kind: composerKind, text: text };
    if (composerKind === 'idea' && el.problem.value) fields.problem_id = Number(el.problem.value);
    live.post(fields);
    setText('');
    C.store.remove(draftKey(composerKind));
    notice('');
  });

  var renderTimer = C.countdown(el.timer, function () { return live; });

  function render(lv) {
    if (lv !== live) return;
    var phase = lv.workshop.phase;
    el.phase.textContent = t('phase_' + phase);
    renderTimer(lv);

    var status = lv.status;
    C.show(el.pill, true);
    el.pill.className = 'pill ' + status;
    el.pill.textContent = t('conn_' + status);
    document.body.classList.toggle('offline', status === 'reconnecting');

    C.show(el.lobby, phase === 'lobby');
    var me = lv.me && lv.me.name ? lv.me : null;
    C.show(el.meName, !!me);
    if (me) el.meName.textContent = t('you_are', { name: me.name });
    C.show(el.closed, phase === 'closed');
    renderComposer(lv, phase);
    renderWall(lv, phase);
    renderVote(lv, phase);
    renderPlan(lv, phase);
  }

  function renderComposer(lv, phase) {
    var kind = phase === 'problems' ? 'problem' : phase === 'ideas' ? 'idea' : null;
    C.show(el.composer, !!kind);
    if (kind !== composerKind) {
      composerKind = kind;
      if (kind) {
        setText(C.store.get(draftKey(kind)) || '');
        el.composerLabel.textContent = t(kind === 'problem' ? 'write_problem' : 'write_idea');
      }
    }
    C.show(el.related, kind === 'idea' && lv.cardList('problem').length > 0);
    if (kind === 'idea') renderProblemOptions(lv);
  }

  function renderProblemOptions(lv) {
    var chosen = el.problem.value;
    var opts = [h('option', { value: '', text: '—' })];
    lv.cardList('problem').forEach(function (p) {
      var label = p.text.length > 60 ? p.text.slice(0, 59) + '…' : p.text;
      opts.push(h('option', { value: String(p.id), text: label }));
    });
    var sig = opts.map(function (o) { return o.value + o.textContent; }).join('|');
    if (el.problem.dataset.sig === sig) return;
    el.problem.dataset.sig = sig;
    C.fill(el.problem, opts);
    el.problem.value = chosen;
  }

  function cardNode(card, pending) {
    var who = pending ? t('sending') : [card.author && card.author.name, card.author && t('role_' + card.author.role)].filter(Boolean).join(' · ');
    return h('li', { class: 'card ' + card.kind + (pending ? ' pending' : '') }, [
      h('p', { text: card.text }),
      h('small', { text: who }),
    ]);
  }

  function cardSig(c) {
    return c.text + '|' + c.cluster_id;
  }

  function renderWall(lv, phase) {
    var kind = phase === 'problems' ? 'problem' : phase === 'ideas' || phase === 'cluster' ? 'idea' : null;
    C.show(el.wall, !!kind);
    if (!kind) return;
    el.wallTitle.textContent = t(phase === 'problems' ? 'list_problems' : phase === 'ideas' ? 'list_ideas' : 'list_cluster');
    var items;
    if (phase === 'cluster') {
      items = groupedItems(lv);
    } else {
      // Newest first, with my unsent cards on top.
      var pending = lv.outbox.filter(function (o) { return o.kind === kind; }).reverse().map(function (o) {
        return { key: 'p' + o.client_id, pending: true, card: o };
      });
      items = pending.concat(lv.cardList(kind).reverse().map(function (c) {
        return { key: c.id, card: c };
      }));
    }
    C.show(el.wallEmpty, items.length === 0);
    C.keyed(
      el.cards,
      items,
      function (i) { return i.key; },
      function (i) { return i.heading ? 'h|' + i.heading : (i.pending ? 'p|' : 'c|') + cardSig(i.card); },
      function (i) {
        return i.heading ? h('li', { class: 'group', text: i.heading }) : cardNode(i.card, i.pending);
      }
    );
  }

  /** Ideas under their cluster titles, then the ungrouped ones. */
  function groupedItems(lv) {
    var ideas = lv.cardList('idea');
    var items = [];
    lv.clusterList().forEach(function (cl) {
      var members = ideas.filter(function (c) { return c.cluster_id === cl.id; });
      if (!members.length) return;
      items.push({ key: 'g' + cl.id, heading: cl.title });
      members.forEach(function (c) { items.push({ key: c.id, card: c }); });
    });
    var loose = ideas.filter(function (c) { return !lv.clusters[c.cluster_id]; });
    if (loose.length && items.length) items.push({ key: 'g-none', heading: t('no_group') });
    loose.forEach(function (c) { items.push({ key: c.id, card: c }); });
    return items;
  }

  /* ---------- voting ---------- */

  function voteTargets(lv) {
    var clusters = lv.clusterList();
    if (clusters.length) {
      return clusters.map(function (cl) {
        var texts = lv.cardList('idea').filter(function (c) { return c.cluster_id === cl.id; }).map(function (c) { return c.text; });
        return { type: 'cluster', id: cl.id, label: cl.title, detail: texts };
      });
    }
    return lv.cardList('idea').map(function (c) {
      return { type: 'card', id: c.id, label: c.text, detail: [] };
    });
  }

  function vote(target, cmd, button) {
    if (!live) return;
    var payload = { client_id: C.uuid() };
    payload[target.type === 'cluster' ? 'cluster_id' : 'card_id'] = target.id;
    button.disabled = true;
    var lv = live;
    lv.command(cmd, payload, function (ack) {
      button.disabled = false;
      if (ack.ok) {
        lv.me = Object.assign({}, lv.me, { votes_left: ack.votes_left, my_votes: ack.my_votes || (lv.me && lv.me.my_votes) });
        notice('');
      } else {
        notice(ack.error.message);
      }
      lv.changed();
    });
  }

  function renderVote(lv, phase) {
    C.show(el.vote, phase === 'vote');
    if (phase !== 'vote') return;
    var online = lv.connected();
    var left = lv.me ? lv.me.votes_left : 0;
    el.votesLeft.textContent = online ? t('votes_left', { n: left }) : t('offline_votes');
    el.votesLeft.classList.toggle('none', online && left === 0);
    C.keyed(
      el.targets,
      voteTargets(lv),
      function (x) { return x.type + x.id; },
      function (x) {
        return [x.label, x.detail.join('|'), lv.myVotesOn(x.type, x.id), left > 0, online].join('¦');
      },
      function (x) {
        var mine = lv.myVotesOn(x.type, x.id);
        var minus = h('button', { type: 'button', class: 'btn vote-btn', 'aria-label': t('vote_minus'), disabled: !online, text: '−' });
        var plus = h('button', { type: 'button', class: 'btn vote-btn primary', 'aria-label': t('vote_plus'), disabled: !online || left <= 0, text: '+' });
        minus.addEventListener('click', function () { vote(x, 'retract_vote', minus); });
        plus.addEventListener('click', function () { vote(x, 'cast_vote', plus); });
        return h('li', { class: 'target' + (mine ? ' chosen' : '') }, [
          h('div', { class: 'target-text' }, [
            h('p', { class: 'label', text: x.label }),
            x.detail.length ? h('ul', { class: 'detail' }, x.detail.map(function (d) { return h('li', { text: d }); })) : null,
            mine ? h('small', { class: 'mine', text: t('my_votes', { n: mine }) }) : null,
          ]),
          h('div', { class: 'vote-btns' }, [mine ? minus : null, plus]),
        ]);
      }
    );
  }

  /* ---------- plan ---------- */

  function renderPlan(lv, phase) {
    var list = lv.commitmentList();
    var on = phase === 'plan' || (phase === 'closed' && list.length > 0);
    C.show(el.plan, on);
    if (!on) return;
    C.show(el.planEmpty, list.length === 0);
    C.keyed(
      el.commitments,
      list,
      function (c) { return c.id; },
      function (c) { return JSON.stringify(c); },
      commitmentNode
    );
  }

  function commitmentNode(c) {
    var when = [c.start, c.end].filter(Boolean).join(' – ');
    return h('li', { class: 'commitment' }, [
      h('h3', { text: c.title }),
      c.problem ? h('p', { class: 'problem', text: c.problem }) : null,
      c.description ? h('p', { class: 'desc', text: c.description }) : null,
      c.lead ? h('p', { class: 'meta', text: t('plan_lead') + ': ' + c.lead }) : null,
      when ? h('p', { class: 'meta', text: t('plan_when') + ': ' + when }) : null,
      C.milestones(c),
      h('p', { class: 'meta', text: C.votes(c.votes) }),
    ]);
  }

  /* ---------- start ---------- */

  var saved = C.store.get(TOKEN_KEY);
  if (saved) goLive(saved);
  else showJoin('');
})();
