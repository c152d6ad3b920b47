/* The facilitator's console: phases and timer, moderation, grouping, tally, presence, plan. */
(function () {
  'use strict';
  var C = window.Cocrea;
  var t = C.t;
  var h = C.h;
  var $ = C.$;

  var ws = C.json('workshop');
  var code = ws.code;
  var TOKEN_KEY = C.key(code, 'facilitator');
  var token = C.tokenFromHash(code, 'facilitator');
  var live = null;
  var selected = {}; // idea id -> true, for "Move to…" and "Same idea"
  var expanded = {}; // card id -> true where its repeats are listed
  var dragged = null; // {type: 'card'|'cluster', id}
  var renaming = null; // cluster id whose title is being edited
  var merging = null; // cluster id that is choosing a group to take in
  var wantFocus = null; // a selector to focus after the next render

  var el = {
    gate: $('#gate'),
    gateText: $('#gate-text'),
    app: $('#app'),
    pill: $('#pill'),
    notice: $('#notice'),
    timer: $('#timer'),
    duration: $('#duration'),
    problems: $('#problems'),
    problemsN: $('#problems-n'),
    problemsEmpty: $('#problems-empty'),
    ideasN: $('#ideas-n'),
    ideasEmpty: $('#ideas-empty'),
    groupsN: $('#groups-n'),
    clusters: $('#clusters'),
    selbar: $('#selbar'),
    selectedN: $('#selected-n'),
    moveTarget: $('#move-target'),
    groupTitle: $('#group-title'),
    moveBtn: $('#move-btn'),
    sameBtn: $('#same-btn'),
    clearBtn: $('#clear-btn'),
    suggestBtn: $('#suggest-btn'),
    suggestions: $('#suggestions'),
    suggestionsTitle: $('#suggestions-title'),
    suggestionList: $('#suggestion-list'),
    acceptAll: $('#accept-all'),
    dropAll: $('#drop-all'),
    proposalsPanel: $('#proposals-panel'),
    proposalsN: $('#proposals-n'),
    proposalsEmpty: $('#proposals-empty'),
    proposalList: $('#proposal-list'),
    online: $('#online'),
    joined: $('#joined'),
    roles: $('#roles'),
    resultsPanel: $('#results-panel'),
    votesCast: $('#votes-cast'),
    castByRole: $('#cast-by-role'),
    frozen: $('#frozen'),
    revealBox: $('#reveal-box'),
    revealStatus: $('#reveal-status'),
    revealBtn: $('#reveal-btn'),
    tally: $('#tally'),
    ratingsBox: $('#ratings-box'),
    ratings: $('#ratings'),
    settings: $('#settings'),
    settingsLocked: $('#settings-locked'),
    settingsSave: $('#settings-save'),
    settingsSaved: $('#settings-saved'),
    postForm: $('#post-form'),
    postKind: $('#post-kind'),
    postText: $('#post-text'),
    outbox: $('#outbox'),
    joinUrl: $('#join-url'),
    screenLink: $('#screen-link'),
    commitments: $('#commitments'),
    addCommitment: $('#add-commitment'),
    newCommitment: $('#new-commitment'),
    publishBtn: $('#publish-btn'),
    published: $('#published'),
  };

  var noticeTimer = null;
  function notice(msg) {
    el.notice.textContent = msg || '';
    C.show(el.notice, !!msg);
    clearTimeout(noticeTimer);
    if (msg) noticeTimer = setTimeout(function () { C.show(el.notice, false); }, 8000);
  }

  /** Run a command and show its error, if any, as the server worded it. */
  function run(name, payload, onOk, onFail) {
    live.command(name, payload, function (ack) {
      if (ack.ok) {
        if (onOk) onOk(ack);
      } else {
        notice(ack.error.message || ack.error.code);
        if (onFail) onFail(ack);
      }
    });
  }

  function gate(msg) {
    if (live) live.close();
    C.show(el.app, false);
    C.show(el.gate, true);
    el.pill.hidden = true;
    if (msg) el.gateText.textContent = msg;
  }

  function authFetch(path) {
    return fetch('/api/workshops/' + encodeURIComponent(code) + path, {
      headers: { Authorization: 'Bearer ' + token },
    });
  }

  /* ---------- links ---------- */

  function loadLinks() {
    authFetch('/links')
      .then(function (r) {
        return r.json().then(function (body) { return { status: r.status, body: body }; });
      })
      .then(function (res) {
        if (res.status === 401 || res.status === 403) {
          C.store.remove(TOKEN_KEY);
          gate(t('token_invalid'));
          return;
        }
        if (!res.body.ok) throw new Error('links');
        el.joinUrl.textContent = res.body.links.join;
        el.screenLink.href = res.body.links.screen;
        el.screenLink.hidden = false;
      })
      .catch(function () {
        notice(t('links_failed'));
      });
  }

  /* ---------- phases ---------- */

  Array.prototype.forEach.call(document.querySelectorAll('[data-phase]'), function (btn) {
    btn.addEventListener('click', function () {
      var payload = { phase: btn.getAttribute('data-phase') };
      var seconds = Number(el.duration.value);
      if (seconds > 0) payload.duration_s = seconds;
      run('set_phase', payload);
    });
  });

  var renderTimer = C.countdown(el.timer, function () { return live; });

  /* ---------- cards ---------- */

  function hideCard(card) {
    var reason = window.prompt(t('hide_reason'), '');
    if (reason === null) return;
    run('hide_card', { card_id: card.id, reason: reason.trim() });
  }

  function author(card) {
    return [card.author && card.author.name, card.author && t('role_' + card.author.role)].filter(Boolean).join(' · ');
  }

  /** A card's words as a title: whitespace collapsed, cut at a word near 60 characters. */
  function shortText(text) {
    var s = text.replace(/\s+/g, ' ').trim();
    if (s.length <= 60) return s;
    var cut = s.slice(0, 59);
    var space = cut.lastIndexOf(' ');
    return (space > 30 ? cut.slice(0, space) : cut) + '…';
  }

  /** The group a card is in, or null (a card may point at a group that was just removed). */
  function groupOf(lv, card) {
    return card && lv.clusters[card.cluster_id] ? card.cluster_id : null;
  }

  /** One card; the cards that repeat it fold under "N people said it", each with its author. */
  function cardNode(lv, f) {
    var card = f.card;
    var idea = card.kind === 'idea';
    var hide = h('button', { type: 'button', class: 'btn small quiet', text: t('hide') });
    hide.addEventListener('click', function () { hideCard(card); });
    var children = [];
    var move = null;
    if (idea) {
      var box = h('input', { type: 'checkbox', class: 'pick', 'aria-label': t('select_card', { text: shortText(card.text) }) });
      box.addEventListener('change', function () { pick(card.id, box.checked); });
      // Enter on a ticked idea goes straight to "Move to…", for keyboard users.
      box.addEventListener('keydown', function (ev) {
        if (ev.key !== 'Enter') return;
        ev.preventDefault();
        pick(card.id, true);
        el.moveTarget.focus();
      });
      children.push(h('label', { class: 'pick-wrap' }, [box]));
      move = h('button', { type: 'button', class: 'btn small quiet', text: t('move_to') });
      move.addEventListener('click', function () { moveOne(card.id); });
    }
    var related = card.problem_id && lv.cards[card.problem_id];
    children.push(h('div', { class: 'card-body' }, [
      h('p', { text: card.text }),
      related ? h('small', { class: 'rel', text: '↳ ' + related.text.slice(0, 80) }) : null,
      h('small', { text: author(card) }),
      f.copies.length ? copiesNode(card, f.copies) : null,
      h('div', { class: 'card-actions' }, [move, hide]),
    ]));
    var li = h('li', { class: 'card ' + card.kind + (f.copies.length ? ' has-copies' : '') }, children);
    if (idea) {
      li.draggable = true;
      li.addEventListener('dragstart', function (ev) {
        ev.stopPropagation();
        dragged = { type: 'card', id: card.id };
        ev.dataTransfer.effectAllowed = 'move';
        ev.dataTransfer.setData('text/plain', card.text);
        li.classList.add('dragging');
      });
      li.addEventListener('dragend', function () {
        dragged = null;
        li.classList.remove('dragging');
      });
      cardDropTarget(li, card);
    }
    return li;
  }

  /** "3 people said it": a toggle that lists the other authors, each with "Separate". */
  function copiesNode(card, copies) {
    var open = !!expanded[card.id];
    var toggle = h('button', {
      type: 'button', class: 'same-btn', 'aria-expanded': open ? 'true' : 'false',
      text: t('said_by', { n: copies.length + 1 }),
    });
    toggle.addEventListener('click', function () {
      if (open) delete expanded[card.id];
      else expanded[card.id] = true;
      wantFocus = '.boards [data-key="' + card.id + '"] .same-btn';
      live.changed();
    });
    return h('div', { class: 'copies' }, [
      toggle,
      open ? h('ul', {}, copies.map(function (c) {
        var separate = h('button', {
          type: 'button', class: 'btn small quiet', text: t('unmark'),
          'aria-label': t('unmark_label', { text: shortText(c.text) }),
        });
        separate.addEventListener('click', function () {
          run('mark_duplicate', { card_id: c.id, duplicate_of: null });
        });
        return h('li', {}, [h('p', { text: c.text }), h('small', { text: author(c) }), separate]);
      })) : null,
    ]);
  }

  function cardSig(lv, f) {
    var c = f.card;
    var rel = c.problem_id && lv.cards[c.problem_id] ? 1 : 0;
    return [c.text, rel, !!expanded[c.id]].concat(f.copies.map(function (d) {
      return d.id + d.text + author(d);
    })).join('¦');
  }

  function renderCardList(lv, ul, items) {
    C.keyed(
      ul,
      items,
      function (f) { return f.card.id; },
      function (f) { return cardSig(lv, f); },
      function (f) { return cardNode(lv, f); }
    );
  }

  /* ---------- drag and drop ---------- */

  /** Dropping an idea on an idea: into its group, or a new group of the two. */
  function cardDropTarget(li, card) {
    function accepts() {
      return dragged && dragged.type === 'card' && dragged.id !== card.id;
    }
    li.addEventListener('dragover', function (ev) {
      if (!accepts()) return;
      ev.preventDefault();
      ev.stopPropagation();
      li.classList.add('drop-on');
    });
    li.addEventListener('dragleave', function () { li.classList.remove('drop-on'); });
    li.addEventListener('drop', function (ev) {
      li.classList.remove('drop-on');
      if (!accepts()) return;
      ev.preventDefault();
      ev.stopPropagation();
      var id = dragged.id;
      dragged = null;
      dropOnCard(id, card.id);
    });
  }

  function dropOnCard(id, targetId) {
    var card = live.cards[id];
    var target = live.cards[targetId];
    if (!card || !target) return;
    var into = groupOf(live, target);
    if (into !== null) {
      if (groupOf(live, card) !== into) run('move_card', { card_id: id, cluster_id: into });
      return;
    }
    // A new group titled with the target's words; its title opens for renaming at once.
    run('create_cluster', { title: shortText(target.text), card_ids: [targetId, id], client_id: C.uuid() }, function (ack) {
      if (ack.cluster) startRename(ack.cluster.id);
    });
  }

  /** A group box takes ideas (move there) and other groups (merge into it). */
  function dropZone(node, clusterId) {
    function accepts() {
      if (!dragged) return false;
      return dragged.type === 'card' || (clusterId !== null && dragged.id !== clusterId);
    }
    node.addEventListener('dragover', function (ev) {
      if (!accepts()) return;
      ev.preventDefault();
      node.classList.add('over');
    });
    node.addEventListener('dragleave', function (ev) {
      if (!node.contains(ev.relatedTarget)) node.classList.remove('over');
    });
    node.addEventListener('drop', function (ev) {
      node.classList.remove('over');
      if (!accepts()) return;
      ev.preventDefault();
      var what = dragged;
      dragged = null;
      if (what.type === 'cluster') {
        run('merge_clusters', { into_cluster_id: clusterId, cluster_ids: [what.id] });
        return;
      }
      var card = live.cards[what.id];
      if (card && groupOf(live, card) !== clusterId) run('move_card', { card_id: what.id, cluster_id: clusterId });
    });
  }

  /* ---------- groups ---------- */

  function startRename(id) {
    renaming = id;
    merging = null;
    wantFocus = '#clusters [data-key="c' + id + '"] .rename-input';
    live.changed();
  }

  function groupHead(lv, g) {
    if (g.id === null) return h('div', { class: 'g-head' }, [h('h3', {}, [g.title, ' ', h('span', { class: 'n' })])]);
    if (renaming === g.id) return renameForm(g);
    var title = h('h3', { class: 'g-title', draggable: 'true' }, [h('span', { text: g.title }), ' ', h('span', { class: 'n' })]);
    title.addEventListener('dragstart', function (ev) {
      dragged = { type: 'cluster', id: g.id };
      ev.dataTransfer.effectAllowed = 'move';
      ev.dataTransfer.setData('text/plain', g.title);
    });
    title.addEventListener('dragend', function () { dragged = null; });
    var rename = h('button', { type: 'button', class: 'btn small quiet rename-btn', text: t('rename') });
    rename.addEventListener('click', function () { startRename(g.id); });
    var merge = h('button', { type: 'button', class: 'btn small quiet merge-btn', text: t('merge') });
    merge.addEventListener('click', function () {
      if (lv.clusterList().length < 2) {
        notice(t('merge_none'));
        return;
      }
      merging = g.id;
      renaming = null;
      wantFocus = '#clusters [data-key="c' + g.id + '"] .merge-select';
      live.changed();
    });
    var dissolve = h('button', { type: 'button', class: 'btn small quiet', text: t('dissolve') });
    dissolve.addEventListener('click', function () {
      if (window.confirm(t('dissolve_confirm', { title: g.title }))) run('dissolve_cluster', { cluster_id: g.id });
    });
    return h('div', { class: 'g-head' }, [title, h('div', { class: 'g-actions' }, [rename, merge, dissolve])]);
  }

  /** Leave a small form and put the focus back on the button that opened it. */
  function closeForm(id, button) {
    renaming = null;
    merging = null;
    wantFocus = '#clusters [data-key="c' + id + '"] .' + button;
    live.changed();
  }

  function renameForm(g) {
    var input = h('input', { class: 'rename-input', value: g.title, maxlength: '120', 'aria-label': t('rename_label', { title: g.title }) });
    var save = h('button', { type: 'submit', class: 'btn small primary', text: t('save') });
    var cancel = h('button', { type: 'button', class: 'btn small', text: t('cancel') });
    var form = h('form', { class: 'g-form' }, [input, h('div', { class: 'g-actions' }, [save, cancel])]);
    function stop() { closeForm(g.id, 'rename-btn'); }
    cancel.addEventListener('click', stop);
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        stop();
      }
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var title = input.value.trim();
      if (!title) {
        notice(t('group_title_needed'));
        input.focus();
        return;
      }
      if (title === g.title) {
        stop();
        return;
      }
      save.disabled = true;
      run('rename_cluster', { cluster_id: g.id, title: title }, stop, function () { save.disabled = false; });
    });
    return form;
  }

  function mergeForm(lv, g) {
    var id = 'merge-' + g.id;
    var select = h('select', { id: id, class: 'merge-select' }, lv.clusterList().filter(function (cl) {
      return cl.id !== g.id;
    }).map(function (cl) {
      return h('option', { value: String(cl.id), text: cl.title });
    }));
    var ok = h('button', { type: 'submit', class: 'btn small primary', text: t('merge_btn') });
    var cancel = h('button', { type: 'button', class: 'btn small', text: t('cancel') });
    var form = h('form', { class: 'g-form merge-form' }, [
      h('label', { for: id, text: t('merge_into', { title: g.title }) }),
      select,
      h('div', { class: 'g-actions' }, [ok, cancel]),
    ]);
    function stop() { closeForm(g.id, 'merge-btn'); }
    cancel.addEventListener('click', stop);
    select.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') stop();
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!select.value) return;
      ok.disabled = true;
      run('merge_clusters', { into_cluster_id: g.id, cluster_ids: [Number(select.value)] }, stop, function () {
        ok.disabled = false;
      });
    });
    return form;
  }

  function groupBox(lv, g) {
    var box = h('section', { class: 'cluster' + (g.id === null ? ' loose' : '') }, [
      groupHead(lv, g),
      g.id !== null && merging === g.id ? mergeForm(lv, g) : null,
      h('ul', { class: 'cards' }),
      h('p', { class: 'drop-hint', text: t('drag_here') }),
    ]);
    dropZone(box, g.id);
    return box;
  }

  function renderBoards(lv) {
    var problems = lv.folded('problem');
    var ideas = lv.folded('idea');
    var clusters = lv.clusterList();
    el.problemsN.textContent = problems.length;
    el.ideasN.textContent = ideas.length;
    el.groupsN.textContent = clusters.length ? C.plural(clusters.length, 'groups_n') : '';
    C.show(el.problemsEmpty, problems.length === 0);
    C.show(el.ideasEmpty, ideas.length === 0 && clusters.length === 0);
    renderCardList(lv, el.problems, problems.slice().reverse());

    // The pile still to sort comes first; the groups follow, oldest first.
    var groups = [{
      key: 'none', id: null, title: t('no_group'),
      cards: ideas.filter(function (f) { return groupOf(lv, f.card) === null; }),
    }].concat(clusters.map(function (cl) {
      return { key: 'c' + cl.id, id: cl.id, title: cl.title, cards: ideas.filter(function (f) { return f.card.cluster_id === cl.id; }) };
    }));
    var titles = clusters.map(function (cl) { return cl.id + ':' + cl.title; }).join('|');
    // The pile stays as a drop target while groups exist, even when it is empty.
    var shown = groups.filter(function (g) { return g.id !== null || g.cards.length || clusters.length; });
    C.keyed(
      el.clusters,
      shown,
      function (g) { return g.key; },
      function (g) { return [g.title, renaming === g.id, merging === g.id, merging === g.id ? titles : ''].join('¦'); },
      function (g) { return groupBox(lv, g); }
    );
    // Card lists inside the boxes are kept by key too, so focus and open lists survive.
    var visible = {};
    Array.prototype.forEach.call(el.clusters.children, function (box, i) {
      var g = shown[i];
      var count = $('.n', box);
      if (count) count.textContent = g.cards.length;
      C.show($('.drop-hint', box), g.cards.length === 0);
      renderCardList(lv, $('ul.cards', box), g.cards);
      g.cards.forEach(function (f) { visible[f.card.id] = true; });
    });
    // A selected idea that was hidden or folded into another is no longer selected.
    Object.keys(selected).forEach(function (id) {
      if (!visible[id]) delete selected[id];
    });
    syncSelection();
  }

  /* ---------- selecting and moving without dragging ---------- */

  function selectedIds() {
    return Object.keys(selected).map(Number).filter(function (id) {
      return live && live.cards[id];
    });
  }

  function pick(id, on) {
    if (on) selected[id] = true;
    else delete selected[id];
    syncSelection();
  }

  /** "Move to…" on one card: that card alone, unless it is part of the selection already. */
  function moveOne(id) {
    if (!selected[id]) {
      selected = {};
      selected[id] = true;
    }
    syncSelection();
    el.moveTarget.focus();
  }

  function syncSelection() {
    Array.prototype.forEach.call(el.clusters.querySelectorAll('li.card'), function (li) {
      var on = !!selected[li.dataset.key];
      var box = $('.pick', li);
      if (box && box.checked !== on) box.checked = on;
      li.classList.toggle('picked', on);
    });
    renderSelection();
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

  function renderSelection() {
    var ids = selectedIds();
    var n = ids.length;
    C.show(el.selbar, n > 0);
    document.body.classList.toggle('selecting', n > 0);
    if (!n || !live) return;
    el.selectedN.textContent = C.plural(n, 'selected');
    // All from one group, and not all of it: a new group from them splits that group.
    var from = groupOf(live, live.cards[ids[0]]);
    var oneGroup = from !== null && ids.every(function (id) { return groupOf(live, live.cards[id]) === from; });
    var split = oneGroup && live.folded('idea').some(function (f) {
      return f.card.cluster_id === from && !selected[f.card.id];
    });
    fillSelect(el.moveTarget, [
      h('option', { value: 'new', text: split ? t('new_group_split', { title: live.clusters[from].title }) : t('new_group') }),
    ].concat(live.clusterList().map(function (cl) {
      return h('option', { value: String(cl.id), text: cl.title });
    }), [h('option', { value: 'none', text: t('no_group') })]));
    var isNew = el.moveTarget.value === 'new';
    C.show(el.groupTitle, isNew);
    el.moveBtn.textContent = isNew ? t('create_group') : t('move');
    C.show(el.sameBtn, n > 1);
  }

  el.moveTarget.addEventListener('change', renderSelection);

  /** Send commands one after the other; stop at the first refusal (it is shown). */
  function sequence(cmds, done) {
    (function next(i) {
      if (i >= cmds.length) {
        if (done) done();
        return;
      }
      run(cmds[i][0], cmds[i][1], function () { next(i + 1); });
    })(0);
  }

  // Whether the last action came from the keyboard: then the focus is moved along for it.
  var byKeyboard = false;
  document.addEventListener('keydown', function () { byKeyboard = true; }, true);
  document.addEventListener('pointerdown', function () { byKeyboard = false; }, true);

  /** Empty the selection; from the keyboard, the focus goes on to the next idea to sort. */
  function clearSelection() {
    if (byKeyboard) wantFocus = '#clusters .loose .pick';
    selected = {};
    syncSelection();
    live.changed();
  }

  el.selbar.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var ids = selectedIds();
    if (!ids.length) return;
    var target = el.moveTarget.value;
    if (target === 'new') {
      var title = el.groupTitle.value.trim();
      if (!title) {
        notice(t('group_title_needed'));
        el.groupTitle.focus();
        return;
      }
      el.moveBtn.disabled = true;
      run('create_cluster', { title: title, card_ids: ids, client_id: C.uuid() }, function () {
        el.moveBtn.disabled = false;
        el.groupTitle.value = '';
        el.moveTarget.value = 'new';
        clearSelection();
      }, function () { el.moveBtn.disabled = false; });
      return;
    }
    var to = target === 'none' ? null : Number(target);
    sequence(ids.filter(function (id) {
      return groupOf(live, live.cards[id]) !== to;
    }).map(function (id) {
      return ['move_card', { card_id: id, cluster_id: to }];
    }), clearSelection);
  });

  /** The selected ideas say the same thing: keep the one most people said, fold the rest. */
  el.sameBtn.addEventListener('click', function () {
    var ids = selectedIds();
    if (ids.length < 2) {
      notice(t('same_needs_two'));
      return;
    }
    var roots = live.folded('idea').filter(function (f) { return selected[f.card.id]; });
    roots.sort(function (a, b) { return b.copies.length - a.copies.length || a.card.id - b.card.id; });
    var keep = roots[0].card.id;
    // The server brings a card's own repeats along to the new original.
    sequence(roots.slice(1).map(function (f) {
      return ['mark_duplicate', { card_id: f.card.id, duplicate_of: keep }];
    }), function () {
      expanded[keep] = true;
      clearSelection();
    });
  });

  el.clearBtn.addEventListener('click', clearSelection);
  el.selbar.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') clearSelection();
  });

  /* ---------- suggested groups ---------- */

  var suggestions = [];
  var suggestionSeq = 0;

  el.suggestBtn.addEventListener('click', function () {
    el.suggestBtn.disabled = true;
    live.command('suggest_clusters', {}, function (ack) {
      el.suggestBtn.disabled = false;
      if (!ack.ok) {
        notice(ack.error.message || ack.error.code);
        return;
      }
      suggestions = (ack.suggestions || []).map(function (s) {
        suggestionSeq += 1;
        return { key: 's' + suggestionSeq, title: s.title || '', ids: (s.card_ids || []).slice(), off: {} };
      });
      if (!suggestions.length) notice(t('suggest_none'));
      else wantFocus = '#suggestions-title';
      live.changed();
    });
  });

  function acceptSuggestion(s, done) {
    var title = s.title.trim();
    var ids = s.ids.filter(function (id) { return !s.off[id] && live.cards[id]; });
    if (!title) {
      notice(t('group_title_needed'));
      return;
    }
    if (!ids.length) {
      notice(t('suggestion_empty'));
      return;
    }
    s.clientId = s.clientId || C.uuid();
    run('create_cluster', { title: title, card_ids: ids, client_id: s.clientId }, function () {
      dropSuggestion(s);
      if (done) done();
    });
  }

  function dropSuggestion(s) {
    suggestions = suggestions.filter(function (x) { return x !== s; });
    live.changed();
  }

  el.acceptAll.addEventListener('click', function () {
    var list = suggestions.slice();
    (function next(i) {
      if (i < list.length) acceptSuggestion(list[i], function () { next(i + 1); });
    })(0);
  });

  el.dropAll.addEventListener('click', function () {
    suggestions = [];
    live.changed();
  });

  function suggestionNode(lv, s) {
    var titleId = s.key + '-title';
    var input = h('input', { id: titleId, value: s.title, maxlength: '120' });
    input.addEventListener('input', function () { s.title = input.value; });
    var create = h('button', { type: 'button', class: 'btn small primary', text: t('create_group') });
    create.addEventListener('click', function () { acceptSuggestion(s); });
    var discard = h('button', { type: 'button', class: 'btn small quiet', text: t('discard') });
    discard.addEventListener('click', function () { dropSuggestion(s); });
    return h('li', { class: 'suggestion' }, [
      h('label', { for: titleId, text: t('f_title') }),
      input,
      h('ul', { class: 'suggestion-cards' }, s.ids.map(function (id) {
        var card = lv.cards[id];
        var where = groupOf(lv, card);
        var box = h('input', { type: 'checkbox', checked: !s.off[id] });
        box.addEventListener('change', function () {
          if (box.checked) delete s.off[id];
          else s.off[id] = true;
        });
        return h('li', {}, [h('label', { class: 'choice' }, [
          box,
          h('span', {}, [card.text, where !== null ? h('small', { text: t('already_in', { title: lv.clusters[where].title }) }) : null]),
        ])]);
      })),
      h('div', { class: 'row-actions' }, [create, discard]),
    ]);
  }

  function renderSuggestions(lv) {
    suggestions.forEach(function (s) {
      s.ids = s.ids.filter(function (id) { return lv.cards[id]; });
    });
    suggestions = suggestions.filter(function (s) { return s.ids.length; });
    C.show(el.suggestions, suggestions.length > 0);
    el.suggestionsTitle.textContent = C.plural(suggestions.length, 'suggestions_n');
    C.keyed(
      el.suggestionList,
      suggestions,
      function (s) { return s.key; },
      function (s) {
        return s.ids.map(function (id) {
          var where = groupOf(lv, lv.cards[id]);
          return id + lv.cards[id].text + (where === null ? '' : lv.clusters[where].title);
        }).join('¦');
      },
      function (s) { return suggestionNode(lv, s); }
    );
  }

  /* ---------- participants' proposals ---------- */

  function resolveProposal(p, accept, buttons) {
    buttons.forEach(function (b) { b.disabled = true; });
    run('resolve_proposal', { proposal_id: p.id, accept: accept }, function (ack) {
      if (ack.proposal) live.proposals[ack.proposal.id] = ack.proposal;
      live.changed();
    }, function () {
      buttons.forEach(function (b) { b.disabled = false; });
    });
  }

  function proposalNode(lv, p) {
    var card = lv.cards[p.card_id];
    var other = lv.cards[p.with_card_id];
    var into = groupOf(lv, other);
    var accept = h('button', { type: 'button', class: 'btn small primary', text: t('accept') });
    var ignore = h('button', { type: 'button', class: 'btn small', text: t('ignore') });
    accept.addEventListener('click', function () { resolveProposal(p, true, [accept, ignore]); });
    ignore.addEventListener('click', function () { resolveProposal(p, false, [accept, ignore]); });
    return h('li', { class: 'proposal' }, [
      h('p', { text: t('proposes', { name: (p.author && p.author.name) || '?', card: shortText(card.text), other: shortText(other.text) }) }),
      into !== null ? h('small', { text: t('in_group', { title: lv.clusters[into].title }) }) : null,
      h('div', { class: 'row-actions' }, [accept, ignore]),
    ]);
  }

  function renderProposals(lv) {
    var pending = lv.proposalList().filter(function (p) {
      return p.status === 'pending' && lv.cards[p.card_id] && lv.cards[p.with_card_id];
    });
    C.show(el.proposalsPanel, lv.workshop.phase === 'cluster' || pending.length > 0);
    el.proposalsPanel.classList.toggle('attention', pending.length > 0);
    el.proposalsN.textContent = pending.length;
    C.show(el.proposalsEmpty, pending.length === 0);
    C.keyed(
      el.proposalList,
      pending,
      function (p) { return p.id; },
      function (p) {
        var into = groupOf(lv, lv.cards[p.with_card_id]);
        return [lv.cards[p.card_id].text, lv.cards[p.with_card_id].text, into === null ? '' : lv.clusters[into].title].join('¦');
      },
      function (p) { return proposalNode(lv, p); }
    );
  }

  /* ---------- posting ---------- */

  var draftKey = C.key(code, 'f-draft');
  el.postText.value = C.store.get(draftKey) || '';
  el.postText.addEventListener('input', function () {
    C.store.set(draftKey, el.postText.value);
  });
  el.postForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = el.postText.value.trim();
    if (!text) return;
    live.post({ kind: el.postKind.value, text: text });
    el.postText.value = '';
    C.store.remove(draftKey);
  });

  /* ---------- side panels ---------- */

  function renderPresence(lv) {
    var p = lv.presence || {};
    var by = p.by_role || {};
    el.online.textContent = p.count || 0;
    el.joined.textContent = C.plural(p.joined, 'joined');
    C.fill(el.roles, ['citizen', 'official', 'civil_society'].map(function (r) {
      return h('li', {}, [h('span', { text: t('role_' + r) }), h('strong', { text: String(by[r] || 0) })]);
    }));
  }

  /* ---------- voting settings ---------- */

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

  function renderSettings(lv) {
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
    if (live) renderSettings(live);
  });
  el.settings.addEventListener('change', function () {
    if (live) renderSettings(live);
  });
  el.settings.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (!el.settings.reportValidity()) return;
    var diff = changedSettings(live);
    if (!Object.keys(diff).length) return;
    el.settingsSave.disabled = true;
    run('update_settings', diff, function (ack) {
      if (ack.workshop) live.workshop = Object.assign({}, live.workshop, ack.workshop);
      settingsShown = null; // refill from what the server kept
      el.settingsSaved.textContent = t('saved');
      live.changed();
    }, function () {
      el.settingsSave.disabled = false;
    });
  });

  /* ---------- results ---------- */

  el.revealBtn.addEventListener('click', function () {
    el.revealBtn.disabled = true;
    run('reveal_results', {}, function (ack) {
      el.revealBtn.disabled = false;
      if (ack.workshop) live.workshop = Object.assign({}, live.workshop, ack.workshop);
      live.changed();
    }, function () {
      el.revealBtn.disabled = false;
    });
  });

  function quadrant(r) {
    var high = r.impact > 3;
    var hard = r.effort > 3;
    return high ? (hard ? 'big' : 'quick') : (hard ? 'later' : 'minor');
  }

  function renderTally(lv) {
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

    el.votesCast.textContent = dots ? C.plural(lv.tally.votes_cast, 'votes_cast') : '';
    el.castByRole.textContent = dots && lv.tally.votes_cast ? C.byRoleText(lv.tally.by_role) : '';
    var rank = dots ? lv.ranking() : [];
    var max = rank.length ? Math.max(1, rank[0].votes) : 1;
    C.show(el.tally, dots);
    C.fill(el.tally, rank.map(function (r) {
      return h('li', { class: 'is-' + r.type + (r.consensus ? ' agreed' : '') }, [
        h('span', { class: 'label', text: r.label, title: r.label }),
        r.consensus ? C.consensusBadge() : null,
        h('strong', { text: String(r.votes) }),
        h('span', { class: 'rbar', style: { width: Math.round((100 * r.votes) / max) + '%' } }, C.ROLES.map(function (role) {
          var n = r.by_role[role] || 0;
          return n ? h('span', { class: 'seg ' + role, style: { flexGrow: String(n) } }) : null;
        })),
        h('small', { class: 'by-role', text: C.byRoleText(r.by_role) }),
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

  function renderOutbox(lv) {
    C.fill(el.outbox, lv.outbox.map(function (o) {
      return h('li', { class: 'card pending ' + o.kind }, [h('p', { text: o.text }), h('small', { text: t('sending') })]);
    }));
  }

  /* ---------- plan ---------- */

  var renderEditors = null;
  var published = null; // {version, url} after publishing from this console

  function renderPlan(lv) {
    if (!renderEditors) {
      renderEditors = C.PlanEditors({ live: lv, container: el.commitments, fields: C.ALL_FIELDS, manage: true, notice: notice, prefix: 'c' });
    }
    renderEditors(lv.commitmentList());
    var pub = published || (lv.published ? { version: lv.published.version, url: '/p/' + code } : null);
    if (lv.published && pub && lv.published.version > pub.version) pub = { version: lv.published.version, url: '/p/' + code };
    C.show(el.published, !!pub);
    if (pub) {
      C.fill(el.published, [
        document.createTextNode(t('published_as', { n: pub.version }) + ' '),
        h('a', { href: pub.url, target: '_blank', rel: 'noopener', id: 'published-link', text: location.origin + pub.url }),
      ]);
    }
  }

  el.addCommitment.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var title = el.newCommitment.value.trim();
    if (!title) {
      notice(t('title_needed'));
      return;
    }
    run('add_commitment', { title: title }, function (ack) {
      el.newCommitment.value = '';
      if (ack.commitment) live.commitments[ack.commitment.id] = ack.commitment;
      live.changed();
    });
  });

  el.publishBtn.addEventListener('click', function () {
    if (!window.confirm(t('publish_confirm'))) return;
    el.publishBtn.disabled = true;
    run('publish_plan', {}, function (ack) {
      el.publishBtn.disabled = false;
      published = { version: ack.version, url: ack.url || '/p/' + code };
      if (!live.published || live.published.version < ack.version) live.published = { version: ack.version, published_at: null };
      live.changed();
    }, function () {
      el.publishBtn.disabled = false;
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll('[data-download]'), function (btn) {
    btn.addEventListener('click', function () {
      var ext = btn.getAttribute('data-download');
      // The token travels in a header, never in a URL, so it stays out of logs and history.
      authFetch('/plan.' + ext)
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.blob();
        })
        .then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = h('a', { href: url, download: 'cocrea-' + code + '-plan.' + ext });
          document.body.appendChild(a);
          a.click();
          document.body.removeChild(a);
          setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        })
        .catch(function () {
          notice(t('download_failed'));
        });
    });
  });

  /* ---------- render ---------- */

  function render(lv) {
    var phase = lv.workshop.phase;
    document.body.classList.toggle('plan-time', phase === 'plan' || phase === 'closed');
    document.body.classList.toggle('cluster-time', phase === 'cluster');
    document.body.classList.toggle('vote-time', phase === 'vote');
    Array.prototype.forEach.call(document.querySelectorAll('[data-phase]'), function (b) {
      b.setAttribute('aria-pressed', b.getAttribute('data-phase') === phase ? 'true' : 'false');
    });
    el.pill.className = 'pill ' + lv.status;
    el.pill.textContent = t(lv.status === 'reconnecting' ? 'conn_lost' : 'conn_' + lv.status);
    renderTimer(lv);
    renderBoards(lv);
    renderSuggestions(lv);
    renderProposals(lv);
    renderPresence(lv);
    renderSettings(lv);
    renderTally(lv);
    renderOutbox(lv);
    renderPlan(lv);
    if (wantFocus) {
      var target = $(wantFocus);
      wantFocus = null;
      if (target) {
        target.focus();
        if (target.select) target.select();
      }
    }
  }

  /* ---------- start ---------- */

  if (!token) {
    gate();
    return;
  }
  C.show(el.app, true);
  loadLinks();
  live = new C.Live({
    code: code,
    token: token,
    workshop: ws,
    outboxKey: C.key(code, 'f-outbox'),
    onUnauthorized: function () {
      C.store.remove(TOKEN_KEY);
      gate(t('token_invalid'));
    },
    onPostFailed: function (item, error) {
      if (!el.postText.value) el.postText.value = item.text;
      notice(t('not_sent') + ' ' + (error.message || error.code || ''));
    },
  });
  C.current = live;
  live.onChange(render);
  live.connect();
  render(live);
})();
