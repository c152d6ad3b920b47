/* The participant's phone page: join, post problems and ideas, propose groupings, vote,
 * read the plan. */
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
  var proposing = null; // {card, client_id} while the "goes with" sheet is open
  var UNDO_KEY = C.key(code, 'undo');
  var undoStack = C.store.getJSON(UNDO_KEY, []); // [{type, id}] this phone's votes, oldest first
  var rating = {}; // "type:id" -> {impact, effort} tapped but not yet confirmed by the server
  var refocus = null; // data-f of the last vote or rating button used

  var KIOSK = /[?&]kiosk=1(?:&|$)/.test(location.search); // a phone the hall passes around
  var kioskTimer = null;

  var el = {
    handover: $('#handover'),
    kioskThanks: $('#kiosk-thanks'),
    editSheet: $('#edit-sheet'),
    editForm: $('#edit-form'),
    editText: $('#edit-text'),
    editError: $('#edit-error'),
    editSave: $('#edit-save'),
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
    roleClaim: $('#role-claim'),
    roleClaimText: $('#role-claim-text'),
    claimCode: $('#claim-code'),
    roleCode: $('#role-code'),
    composer: $('#composer'),
    composerLabel: $('#composer-label'),
    text: $('#text'),
    count: $('#count'),
    related: $('#related'),
    relatedNote: $('#related-note'),
    closedLink: $('#closed-link'),
    planLink: $('#plan-link'),
    closedPending: $('#closed-pending'),
    closedPublished: $('#closed-published'),
    problem: $('#problem'),
    wall: $('#wall'),
    wallTitle: $('#wall-title'),
    cards: $('#cards'),
    wallEmpty: $('#wall-empty'),
    vote: $('#vote'),
    votesLeft: $('#votes-left'),
    undo: $('#undo'),
    voteHint: $('#vote-hint'),
    resultsNote: $('#results-note'),
    targets: $('#targets'),
    plan: $('#plan'),
    planEmpty: $('#plan-empty'),
    commitments: $('#commitments'),
    planOfficial: $('#plan-official'),
    closed: $('#closed'),
    proposals: $('#proposals'),
    myProposals: $('#my-proposals'),
    clusterHint: $('#cluster-hint'),
    propose: $('#propose'),
    proposeMine: $('#propose-mine'),
    proposeWith: $('#propose-with'),
    proposeError: $('#propose-error'),
    proposeSend: $('#propose-send'),
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
    var roleCode = el.roleCode.value.trim();
    if (roleCode) body.role_code = roleCode;
    var pin = $('#pin').value.trim();
    if (pin) body.pin = pin;
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
          if (res && res.error && res.error.field === 'pin') { // the door now asks for the PIN
            C.show($('#pin-box'), true);
            $('#pin').focus();
          }
        }
      })
      .catch(function () {
        el.joinBtn.disabled = false;
        err.textContent = t('join_failed');
        C.show(err, true);
      });
  });

  // A role link carries its code in the fragment, which never reaches a server log.
  var fromLink = /[#&]role_code=([A-Za-z0-9-]+)/.exec(location.hash);
  if (fromLink) {
    el.roleCode.value = fromLink[1];
    document.getElementById('role-code-box').open = true;  // show the code the link brought
  }

  el.roleClaim.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var value = el.claimCode.value.trim();
    if (!value || !live) return;
    live.command('claim_role', { role_code: value }, function (ack) {
      if (!ack.ok) {
        notice(ack.error.message || ack.error.code);
        return;
      }
      el.claimCode.value = '';
      notice('');
      if (ack.me) live.me = ack.me;
      live.changed();
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
      stateKey: C.key(code, 'state'),
      onUnauthorized: function () {
        C.store.remove(TOKEN_KEY);
        C.store.remove(C.key(code, 'state'));
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
    el.problem.value = '';  // the next idea is linked only if the person links it again
    kioskDone();
    showRelated();
    notice('');
  });

  /** Say, before sending, which problem the idea will be linked to. */
  function showRelated() {
    var option = el.problem.selectedIndex > 0 ? el.problem.options[el.problem.selectedIndex] : null;
    C.show(el.relatedNote, !!option);
    el.relatedNote.textContent = option ? t('linked_to', { text: option.textContent }) : '';
  }

  el.problem.addEventListener('change', showRelated);

  var renderTimer = C.countdown(el.timer, function () { return live; });

  function render(lv) {
    if (lv !== live) return;
    var phase = lv.workshop.phase;
    el.phase.textContent = t('phase_' + phase);
    renderTimer(lv);

    var status = lv.status;
    C.show(el.pill, true);
    var offline = status === 'reconnecting' || (status === 'connecting' && navigator.onLine === false);
    el.pill.className = 'pill ' + (offline ? 'reconnecting' : status);
    // With no signal the one sentence that says what happens to what this phone holds.
    el.pill.textContent = offline ? offlineLine(lv, phase) : t('conn_' + status);
    document.body.classList.toggle('offline', offline);

    C.show(el.lobby, phase === 'lobby');
    var me = lv.me && lv.me.name ? lv.me : null;
    C.show(el.meName, !!me);
    if (me) el.meName.textContent = t('you_are', { name: me.name });
    var unconfirmed = !!(lv.me && lv.me.verified === false);
    C.show(el.roleClaim, unconfirmed);
    if (unconfirmed) el.roleClaimText.textContent = t('unconfirmed', { role: t('role_' + lv.me.role) });
    C.show(el.closed, phase === 'closed');
    if (phase !== 'cluster' && proposing) closePropose();
    renderComposer(lv, phase);
    renderProposals(lv, phase);
    renderWall(lv, phase);
    renderVote(lv, phase);
    renderPlan(lv, phase);
  }

  /** Said once, in the status line: what waits on this phone, and what needs a signal. */
  function offlineLine(lv, phase) {
    var waiting = lv.outbox.length;
    if (waiting) return C.plural(waiting, 'off_waiting');
    if (phase === 'vote') return t('off_vote');
    if (phase === 'problems' || phase === 'ideas') return t('off_write');
    return t('off_idle');
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

  function short(text) {
    return text.length > 60 ? text.slice(0, 59) + '…' : text;
  }

  function renderProblemOptions(lv) {
    fillSelect(el.problem, [h('option', { value: '', text: '—' })].concat(lv.cardList('problem').map(function (p) {
      return h('option', { value: String(p.id), text: short(p.text) });
    })));
    showRelated();
  }

  /** Replace a select's options only when they changed, keeping the choice. */
  function fillSelect(select, opts) {
    var sig = opts.map(function (o) { return o.outerHTML; }).join('');
    if (select.dataset.sig === sig) return;
    var chosen = select.value;
    select.dataset.sig = sig;
    C.fill(select, opts);
    select.value = chosen;
    if (select.selectedIndex < 0) select.selectedIndex = 0;
  }

  function author(card) {
    return C.authorLine(card);
  }

  /** One card; the cards that repeat it fold under "N people said it", each with its author. */
  function cardNode(item) {
    var card = item.card;
    var copies = item.copies || [];
    var goes = null;
    if (item.canPropose) {
      goes = h('button', { type: 'button', class: 'btn goes', text: t('goes_with') });
      goes.addEventListener('click', function () { openPropose(card); });
    }
    var own = null;
    if (item.canChange) {
      var edit = h('button', { type: 'button', class: 'btn small', text: t('edit_mine') });
      var withdraw = h('button', { type: 'button', class: 'btn small', text: t('withdraw_mine') });
      edit.addEventListener('click', function () { editMine(card); });
      withdraw.addEventListener('click', function () { withdrawMine(card); });
      own = h('div', { class: 'own' }, [edit, withdraw]);
    }
    return h('li', { class: 'card ' + card.kind + (item.pending ? ' pending' : '') }, [
      own,
      h('p', { text: card.text }),
      h('small', { text: item.pending ? t(item.waiting ? 'kept_here' : 'sending') : author(card) }),
      copies.length ? h('details', { class: 'same' }, [
        h('summary', { text: t('said_by', { n: copies.length + 1 }) }),
        h('ul', {}, copies.map(function (c) {
          return h('li', {}, [c.text, h('small', { text: author(c) })]);
        })),
      ]) : null,
      goes,
    ]);
  }

  function itemSig(i) {
    var c = i.card;
    return [i.pending ? (i.waiting ? 'w' : 'p') : 'c', c.text, c.cluster_id, !!i.canPropose, !!i.canChange].concat((i.copies || []).map(function (d) {
      return d.id + d.text;
    })).join('|');
  }

  /** My own card, while its phase is open: reword it or take it back (both recorded). */
  var editing = null;
  function editMine(card) {
    editing = card;
    el.editText.value = card.text;
    C.show(el.editError, false);
    el.editSheet.showModal();
    el.editText.focus();
  }

  /* The sheet closes only once the server kept the change; a refusal leaves the text there. */
  el.editForm.addEventListener('submit', function (ev) {
    if (ev.submitter && ev.submitter.value === 'cancel') return;
    ev.preventDefault();
    var text = el.editText.value.trim();
    if (!editing || !text || text === editing.text) {
      el.editSheet.close();
      return;
    }
    el.editSave.disabled = true;
    live.command('edit_card', { card_id: editing.id, text: text }, function (ack) {
      el.editSave.disabled = false;
      if (!ack.ok) {
        el.editError.textContent = ack.error.message || ack.error.code;
        C.show(el.editError, true);
        return;
      }
      el.editSheet.close();
    });
  });

  function withdrawMine(card) {
    if (!window.confirm(t('withdraw_confirm'))) return;
    live.command('withdraw_card', { card_id: card.id }, function (ack) {
      if (!ack.ok) notice(ack.error.message);
    });
  }

  function isMine(lv, card) {
    return !!(lv.me && card.author && card.author.participant_id === lv.me.participant_id);
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
        return { key: 'p' + o.client_id, pending: true, waiting: !lv.connected(), card: o };
      });
      items = pending.concat(lv.folded(kind).reverse().map(function (f) {
        return { key: f.card.id, card: f.card, copies: f.copies, canChange: isMine(lv, f.card) };
      }));
    }
    C.show(el.clusterHint, phase === 'cluster' && items.some(function (i) { return i.canPropose; }));
    C.show(el.wallEmpty, items.length === 0);
    C.keyed(
      el.cards,
      items,
      function (i) { return i.key; },
      function (i) { return i.heading ? 'h|' + i.heading : itemSig(i); },
      function (i) {
        return i.heading ? h('li', { class: 'group', text: i.heading }) : cardNode(i);
      }
    );
    if (proposing) renderProposeOptions(lv);
  }

  /** Ideas under their cluster titles, then the ungrouped ones; repeats folded. */
  function groupedItems(lv) {
    var items = [];
    clusterSets(lv).forEach(function (set) {
      if (set.cluster) items.push({ key: 'g' + set.cluster.id, heading: set.cluster.title });
      else if (items.length) items.push({ key: 'g-none', heading: t('no_group') });
      set.ideas.forEach(function (f) {
        items.push({ key: f.card.id, card: f.card, copies: f.copies, canPropose: isMine(lv, f.card) });
      });
    });
    return items;
  }

  /** [{cluster, ideas: folded}] for every group with ideas, then {cluster: null} for the rest. */
  function clusterSets(lv) {
    var ideas = lv.folded('idea');
    var sets = lv.clusterList().map(function (cl) {
      return { cluster: cl, ideas: ideas.filter(function (f) { return f.card.cluster_id === cl.id; }) };
    });
    sets.push({ cluster: null, ideas: ideas.filter(function (f) { return !lv.clusters[f.card.cluster_id]; }) });
    return sets.filter(function (set) { return set.ideas.length; });
  }

  /* ---------- proposing that my idea goes with another ---------- */

  function openPropose(card) {
    proposing = { card: card, client_id: C.uuid() };
    el.proposeMine.textContent = t('your_idea', { text: short(card.text) });
    C.show(el.proposeError, false);
    el.proposeWith.dataset.sig = '';
    el.proposeWith.value = '';
    renderProposeOptions(live);
    C.show(el.propose, true);
    el.proposeWith.focus();
  }

  function closePropose() {
    proposing = null;
    C.show(el.propose, false);
  }

  /** The other ideas, by group; the ones already in my card's group are left out. */
  function renderProposeOptions(lv) {
    var card = lv.cards[proposing.card.id];
    if (!card) {
      closePropose();
      return;
    }
    var opts = [h('option', { value: '', text: t('choose') })];
    clusterSets(lv).forEach(function (set) {
      var others = set.ideas.filter(function (f) {
        return f.card.id !== card.id && !(set.cluster && set.cluster.id === card.cluster_id);
      });
      if (!others.length) return;
      opts.push(h('optgroup', { label: set.cluster ? set.cluster.title : t('no_group') }, others.map(function (f) {
        return h('option', { value: String(f.card.id), text: short(f.card.text) });
      })));
    });
    fillSelect(el.proposeWith, opts);
  }

  $('#propose-cancel').addEventListener('click', closePropose);

  el.propose.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var other = Number(el.proposeWith.value);
    var err = el.proposeError;
    if (!other) {
      err.textContent = t('choose_needed');
      C.show(err, true);
      return;
    }
    var lv = live;
    var sent = proposing;
    el.proposeSend.disabled = true;
    // The same client_id until it succeeds, so a resend after a lost answer applies once.
    lv.command('propose_grouping', { card_id: sent.card.id, with_card_id: other, client_id: sent.client_id }, function (ack) {
      el.proposeSend.disabled = false;
      if (!ack.ok) {
        err.textContent = ack.error.message || ack.error.code;
        C.show(err, true);
        return;
      }
      if (ack.proposal) lv.proposals[ack.proposal.id] = ack.proposal;
      if (proposing === sent) closePropose();
      lv.changed();
    });
  });

  /** The status of my own proposals: they are the ones about my cards. */
  function renderProposals(lv, phase) {
    var list = phase === 'cluster' ? lv.proposalList().filter(function (p) {
      var card = lv.cards[p.card_id];
      return card && lv.cards[p.with_card_id] && isMine(lv, card);
    }).reverse() : [];
    C.show(el.proposals, list.length > 0);
    C.keyed(
      el.myProposals,
      list,
      function (p) { return p.id; },
      function (p) { return p.status + lv.cards[p.card_id].text + lv.cards[p.with_card_id].text; },
      function (p) {
        return h('li', { class: 'proposal ' + p.status }, [
          h('p', { text: t('proposal_line', { card: short(lv.cards[p.card_id].text), other: short(lv.cards[p.with_card_id].text) }) }),
          h('strong', { class: 'status', text: t('p_' + p.status) }),
        ]);
      }
    );
  }

  /* ---------- voting ---------- */

  /** The ballot, as the server counts it: the groups (when any group has ideas) or the
   *  ideas; with vote_on "cards", always the ideas. A repeated idea is one target. */
  function ballot(lv) {
    var sets = clusterSets(lv);
    var byCards = lv.workshop.vote_on === 'cards';
    if (byCards) return lv.folded('idea').map(cardTarget);
    var grouped = sets.some(function (set) { return set.cluster; });
    if (grouped) sets = sets.filter(function (set) { return set.cluster; });
    return sets.reduce(function (list, set) {
      if (set.cluster) {
        return list.concat([{ type: 'cluster', id: set.cluster.id, label: set.cluster.title, detail: set.ideas.map(function (f) {
          return f.card.text + (f.copies.length ? ' (' + t('said_by', { n: f.copies.length + 1 }) + ')' : '');
        }) }]);
      }
      return list.concat(set.ideas.map(cardTarget));
    }, []);
  }

  function cardTarget(f) {
    return { type: 'card', id: f.card.id, label: f.card.text, detail: f.copies.length ? [t('said_by', { n: f.copies.length + 1 })] : [] };
  }

  function targetPayload(target, extra) {
    var payload = Object.assign({}, extra);
    payload[target.type === 'cluster' ? 'cluster_id' : 'card_id'] = target.id;
    return payload;
  }

  function saveUndo() {
    C.store.setJSON(UNDO_KEY, undoStack);
  }

  /** Forget the newest entry for a target (its vote is gone), or the newest of all. */
  function dropUndo(target) {
    for (var i = undoStack.length - 1; i >= 0; i--) {
      if (!target || (undoStack[i].type === target.type && undoStack[i].id === target.id)) {
        undoStack.splice(i, 1);
        break;
      }
    }
    saveUndo();
  }

  /** Keep only entries that still stand for a vote of mine: at most my_votes per target,
   *  the newest ones, so a vote taken back elsewhere is never "undone" twice. */
  function pruneUndo(lv) {
    var room = {};
    var kept = [];
    for (var i = undoStack.length - 1; i >= 0; i--) {
      var u = undoStack[i];
      var k = u.type + ':' + u.id;
      if (!(k in room)) room[k] = lv.myVotesOn(u.type, u.id);
      if (room[k] > 0) {
        room[k] -= 1;
        kept.unshift(u);
      }
    }
    if (kept.length !== undoStack.length) {
      undoStack = kept;
      saveUndo();
    }
  }

  function vote(target, cmd, button) {
    if (!live) return;
    refocus = button.getAttribute('data-f');
    button.disabled = true;
    var lv = live;
    lv.command(cmd, targetPayload(target, { client_id: C.uuid() }), function (ack) {
      button.disabled = false;
      if (ack.ok) {
        lv.me = Object.assign({}, lv.me, { votes_left: ack.votes_left, my_votes: ack.my_votes || (lv.me && lv.me.my_votes) });
        if (cmd === 'cast_vote') {
          undoStack.push({ type: target.type, id: target.id });
          saveUndo();
          if (ack.votes_left === 0) kioskDone();  // a kiosk's voter has placed every dot
        } else {
          dropUndo(target);
        }
        notice('');
      } else {
        if (cmd === 'retract_vote' && button === el.undo && ack.error.code === 'invalid') dropUndo(target);
        notice(ack.error.message || ack.error.code);
      }
      lv.changed();
    });
  }

  el.undo.addEventListener('click', function () {
    var last = undoStack[undoStack.length - 1];
    if (last) vote(last, 'retract_vote', el.undo);
  });

  /** Tap a value on one scale; the rating is sent once both scales have one. */
  function rate(target, scale, value) {
    var lv = live;
    var k = target.type + ':' + target.id;
    var mine = lv.myRatingOn(target.type, target.id) || {};
    var draft = Object.assign({ impact: mine.impact, effort: mine.effort }, rating[k]);
    draft[scale] = value;
    rating[k] = draft;
    lv.changed();
    if (!draft.impact || !draft.effort) return;
    lv.command('rate_target', targetPayload(target, { impact: draft.impact, effort: draft.effort, client_id: C.uuid() }), function (ack) {
      if (rating[k] === draft) delete rating[k];
      if (ack.ok) {
        lv.me = Object.assign({}, lv.me, { my_ratings: ack.my_ratings });
        notice('');
      } else {
        notice(ack.error.message || ack.error.code);
      }
      lv.changed();
    });
  }

  /** What the person sees as chosen: the tap in flight, else what the server has. */
  function shownRating(lv, x) {
    var mine = lv.myRatingOn(x.type, x.id) || {};
    var draft = rating[x.type + ':' + x.id] || {};
    return { impact: draft.impact || mine.impact || 0, effort: draft.effort || mine.effort || 0 };
  }

  function scaleNode(x, scale, chosen, online) {
    var btns = [1, 2, 3, 4, 5].map(function (n) {
      var b = h('button', {
        type: 'button', class: 'btn', text: String(n), disabled: !online, 'data-f': x.type + x.id + scale + n,
        'aria-pressed': n === chosen ? 'true' : 'false', 'aria-label': t(scale + '_n', { n: n }),
      });
      b.addEventListener('click', function () {
        refocus = b.getAttribute('data-f');
        rate(x, scale, n);
      });
      return b;
    });
    return h('div', { class: 'scale', role: 'group', 'aria-label': t(scale + '_q') }, [
      h('p', { class: 'scale-q', text: t(scale + '_q') }),
      h('div', { class: 'scale-btns' }, btns),
      h('p', { class: 'scale-ends', 'aria-hidden': 'true' }, [h('span', { text: t(scale + '_lo') }), h('span', { text: t(scale + '_hi') })]),
    ]);
  }

  function renderVote(lv, phase) {
    C.show(el.vote, phase === 'vote');
    if (phase !== 'vote') return;
    var online = lv.connected();
    var dots = lv.uses('dots');
    var matrix = lv.uses('matrix');
    var cap = lv.workshop.max_votes_per_target || 0;
    var left = lv.me ? lv.me.votes_left : 0;
    var targets = ballot(lv);
    var tally = lv.tally || {};
    var results = !tally.hidden;
    var totals = {};
    (tally.totals || []).forEach(function (x) { totals[x.type + ':' + x.id] = x; });
    var averages = {};
    (tally.ratings || []).forEach(function (x) { averages[x.type + ':' + x.id] = x; });

    if (lv.me) pruneUndo(lv); // before the first `me` nothing is known: keep the list
    var last = dots && undoStack.length ? undoStack[undoStack.length - 1] : null;
    var lastLabel = last ? C.targetLabel(lv, last.type, last.id) : '';
    C.show(el.undo, !!last);
    el.undo.disabled = !online;
    if (last) el.undo.setAttribute('aria-label', t('undo_what', { label: short(lastLabel) }));

    var rated = targets.filter(function (x) { return lv.myRatingOn(x.type, x.id); }).length;
    if (dots) el.votesLeft.textContent = t('votes_left', { n: left });
    else el.votesLeft.textContent = t('rated_n', { n: rated, total: targets.length });
    el.votesLeft.parentNode.classList.toggle('none', online && dots && left === 0);
    el.voteHint.textContent = !dots ? t('hint_matrix') : cap === 1 ? t('hint_cap_one') : cap ? t('hint_cap', { n: cap }) : t('hint_dots');
    if (dots && matrix) el.voteHint.textContent += ' ' + t('hint_matrix');
    C.show(el.resultsNote, !!tally.hidden);

    C.keyed(
      el.targets,
      targets,
      function (x) { return x.type + x.id; },
      function (x) {
        var k = x.type + ':' + x.id;
        var r = shownRating(lv, x);
        return [x.label, x.detail.join('|'), dots, matrix, cap, lv.myVotesOn(x.type, x.id), left > 0, online,
          r.impact, r.effort, results ? JSON.stringify([totals[k], averages[k]]) : ''].join('¦');
      },
      function (x) {
        var k = x.type + ':' + x.id;
        var mine = lv.myVotesOn(x.type, x.id);
        var total = results ? totals[k] : null;
        var avg = results && matrix ? averages[k] : null;
        var voteRow = null;
        if (dots) {
          var minus = h('button', { type: 'button', class: 'btn vote-btn', 'aria-label': t('vote_minus'), disabled: !online, text: '−', 'data-f': x.type + x.id + '-' });
          var plus = h('button', { type: 'button', class: 'btn vote-btn primary', 'aria-label': t('vote_plus'), disabled: !online || left <= 0 || (cap && mine >= cap), text: '+', 'data-f': x.type + x.id + '+' });
          minus.addEventListener('click', function () { vote(x, 'retract_vote', minus); });
          plus.addEventListener('click', function () { vote(x, 'cast_vote', plus); });
          voteRow = h('div', { class: 'vote-btns' }, [mine ? minus : null, plus]);
        }
        var rateBox = null;
        if (matrix) {
          var r = shownRating(lv, x);
          var missing = (r.impact && !r.effort) ? 'rate_more' : (r.effort && !r.impact) ? 'rate_more_impact' : null;
          rateBox = h('div', { class: 'rate' }, [
            scaleNode(x, 'impact', r.impact, online),
            scaleNode(x, 'effort', r.effort, online),
            missing ? h('p', { class: 'rate-more', role: 'status', text: t(missing) }) : null,
          ]);
        }
        return h('li', { class: 'target' + (mine ? ' chosen' : '') }, [
          h('div', { class: 'target-main' }, [
            h('div', { class: 'target-text' }, [
              h('p', { class: 'label', text: x.label }),
              x.detail.length ? h('ul', { class: 'detail' }, x.detail.map(function (d) { return h('li', { text: d }); })) : null,
              dots && mine ? h('small', { class: 'mine', text: cap ? t('my_votes_cap', { n: mine, max: cap }) : t('my_votes', { n: mine }) }) : null,
              dots && results ? h('small', { class: 'total' }, [C.plural(total ? total.votes : 0, 'total_n'), total && total.consensus ? C.consensusBadge() : null]) : null,
              avg ? h('small', { class: 'total', text: t('avg_line', { n: avg.count, impact: C.num(avg.impact), effort: C.num(avg.effort) }) }) : null,
            ]),
            voteRow,
          ]),
          rateBox,
        ]);
      }
    );
    // A rebuilt option keeps the keyboard (or screen reader) on the button just used.
    var gone = !document.activeElement || document.activeElement === document.body;
    var again = refocus && gone ? el.targets.querySelector('[data-f="' + refocus + '"]') : null;
    if (again && !again.disabled) again.focus({ preventScroll: true });
  }

  /* ---------- plan ---------- */

  var renderEditors = null;

  function renderPlan(lv, phase) {
    var list = lv.commitmentList();
    var on = phase === 'plan' || (phase === 'closed' && list.length > 0);
    C.show(el.plan, on);
    // One way to the published plan: under the thanks once closed, under the plan before.
    C.show(el.closedLink, phase === 'closed' && !!lv.published);
    C.show(el.planLink, phase === 'plan' && !!lv.published);
    C.show(el.closedPending, !lv.published);
    C.show(el.closedPublished, !!lv.published);
    if (!on) return;
    C.show(el.planEmpty, list.length === 0);
    // Officials edit the main fields while the plan is open; everyone else reads it.
    var edits = phase === 'plan' && lv.me && lv.me.role === 'official' && lv.me.verified === true;
    C.show(el.planOfficial, edits);
    if (edits) {
      if (!renderEditors) {
        C.fill(el.commitments, []);
        renderEditors = C.PlanEditors({ live: lv, container: el.commitments, fields: ['title', 'description', 'lead', 'start', 'end'], manage: false, notice: notice, prefix: 'p' });
      }
      renderEditors(list);
      return;
    }
    if (renderEditors) {
      renderEditors = null;
      C.fill(el.commitments, []);
    }
    C.keyed(
      el.commitments,
      list,
      function (c) { return c.id; },
      function (c) { return JSON.stringify(c) + lv.consensusOf(c) + Object.keys(lv.cards).length; },
      function (c) { return commitmentNode(lv, c); }
    );
  }

  function commitmentNode(lv, c) {
    var when = [C.day(c.start, lv.workshop), C.day(c.end, lv.workshop)].filter(Boolean).join(' – ');
    var dropped = c.status === 'dropped';
    return h('li', { class: 'commitment' + (dropped ? ' dropped' : '') }, [
      h('h3', { text: c.title }),
      c.status ? h('p', { class: 'meta status-' + c.status, text: t('plan_status') + ': ' + t('st_' + c.status) + (dropped && c.drop_reason ? ' — ' + c.drop_reason : '') }) : null,
      c.problem ? h('p', { class: 'problem', text: c.problem }) : null,
      c.description ? h('p', { class: 'desc', text: c.description }) : null,
      c.lead ? h('p', { class: 'meta', text: t('plan_lead') + ': ' + c.lead }) : null,
      when ? h('p', { class: 'meta', text: t('plan_when') + ': ' + when }) : null,
      C.milestones(c, lv.workshop),
      h('p', { class: 'meta' }, [C.votes(c.votes), lv.consensusOf(c) ? C.consensusBadge() : null]),
      c.votes ? h('p', { class: 'meta roles-line', text: C.rolesLine(c.votes_by_role, lv.tally.withheld_reasons) }) : null,
      C.sourceList(lv, c),
    ]);
  }

  // Switching this phone's language keeps a role link's code (it lives in the fragment).
  Array.prototype.forEach.call(document.querySelectorAll('.lang-switch a'), function (a) {
    a.addEventListener('click', function () { a.href = a.getAttribute('href') + location.hash; });
  });

  /* ---------- a shared phone ---------- */

  function unsent() {
    return live ? live.outbox.length : C.store.getJSON(C.key(code, 'outbox'), []).length;
  }

  /** This phone forgets its person (token, outbox, drafts, votes to undo) and shows the join
   *  form to the next one. Never while something they wrote is still waiting to be sent. */
  function forgetPerson() {
    if (live) live.close();
    live = null;
    C.store.removePrefix(C.key(code, ''));
    // The page starts afresh, without the person's role link either; its files are cached.
    location.replace(location.pathname + location.search);
  }

  /** Hand over once nothing is left unsent; a card on its way (connected, its answer due in
   *  a moment) is waited for, up to 3 s, rather than telling the person to wait. */
  function handOver(waited) {
    if (unsent() && live && live.connected() && waited < 3000) {
      setTimeout(function () { handOver(waited + 200); }, 200);
      return;
    }
    if (unsent()) {
      notice(t('handover_unsent'));
      return;
    }
    if (window.confirm(t('handover_confirm'))) forgetPerson();
  }
  el.handover.addEventListener('click', function () { handOver(0); });

  /** A kiosk says thank you after each contribution, then makes room for the next person. */
  function kioskDone() {
    if (!KIOSK || kioskTimer) return;
    C.show(el.kioskThanks, true);
    el.kioskThanks.textContent = unsent() ? t('kiosk_waiting') : el.kioskThanks.dataset.thanks;
    kioskTimer = setInterval(function () {
      if (unsent()) {
        el.kioskThanks.textContent = t('kiosk_waiting');
        return;
      }
      el.kioskThanks.textContent = el.kioskThanks.dataset.thanks;
      clearInterval(kioskTimer);
      setTimeout(forgetPerson, 2500);
    }, 500);
  }
  el.kioskThanks.dataset.thanks = el.kioskThanks.textContent;

  /* ---------- start ---------- */

  // A reload with no signal still opens this page: the service worker keeps it and its files.
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/j/sw.js', { scope: '/j/' }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      // This first visit came before the worker: hand it the page and the files to keep.
      var files = [location.href];
      document.querySelectorAll('script[src], link[rel=stylesheet]').forEach(function (n) { files.push(n.src || n.href); });
      if (reg.active) reg.active.postMessage({ keep: files });
    }).catch(function () { /* no worker (private mode, old browser): the page works online */ });
  }

  var saved = C.store.get(TOKEN_KEY);
  if (saved) goLive(saved);
  else showJoin('');
})();
