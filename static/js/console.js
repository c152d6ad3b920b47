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
  var selected = {};
  var dragged = null;
  var editing = null;

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
    clusters: $('#clusters'),
    groupForm: $('#group-form'),
    groupTitle: $('#group-title'),
    groupBtn: $('#group-btn'),
    selectedN: $('#selected-n'),
    online: $('#online'),
    joined: $('#joined'),
    roles: $('#roles'),
    votesCast: $('#votes-cast'),
    tally: $('#tally'),
    postForm: $('#post-form'),
    postKind: $('#post-kind'),
    postText: $('#post-text'),
    outbox: $('#outbox'),
    joinUrl: $('#join-url'),
    screenLink: $('#screen-link'),
    commitments: $('#commitments'),
  };

  var noticeTimer = null;
  function notice(msg) {
    el.notice.textContent = msg || '';
    C.show(el.notice, !!msg);
    clearTimeout(noticeTimer);
    if (msg) noticeTimer = setTimeout(function () { C.show(el.notice, false); }, 8000);
  }

  /** Run a command and show its error, if any, as the server worded it. */
  function run(name, payload, onOk) {
    live.command(name, payload, function (ack) {
      if (ack.ok) {
        if (onOk) onOk(ack);
      } else {
        notice(ack.error.message || ack.error.code);
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

  function moveSelect(lv, card) {
    var sel = h('select', { class: 'move', 'aria-label': t('move_to') }, [
      h('option', { value: '', text: t('move_to'), disabled: true }),
      h('option', { value: 'none', text: t('no_group') }),
    ].concat(lv.clusterList().map(function (cl) {
      return h('option', { value: String(cl.id), text: cl.title });
    })));
    sel.value = '';
    sel.addEventListener('change', function () {
      var target = sel.value === 'none' ? null : Number(sel.value);
      sel.value = '';
      if (target !== (card.cluster_id === undefined ? null : card.cluster_id)) {
        run('move_card', { card_id: card.id, cluster_id: target });
      }
    });
    return sel;
  }

  function cardNode(lv, card) {
    var meta = [card.author && card.author.name, card.author && t('role_' + card.author.role)].filter(Boolean).join(' · ');
    var hide = h('button', { type: 'button', class: 'btn small quiet', text: t('hide') });
    hide.addEventListener('click', function () { hideCard(card); });
    var children = [];
    if (card.kind === 'idea') {
      var box = h('input', { type: 'checkbox', class: 'pick', 'aria-label': card.text.slice(0, 80), checked: !!selected[card.id] });
      box.addEventListener('change', function () {
        if (box.checked) selected[card.id] = true;
        else delete selected[card.id];
        renderSelection();
        li.classList.toggle('picked', box.checked);
      });
      children.push(box);
    }
    var related = card.problem_id && lv.cards[card.problem_id];
    children.push(h('div', { class: 'card-body' }, [
      h('p', { text: card.text }),
      related ? h('small', { class: 'rel', text: '↳ ' + related.text.slice(0, 80) }) : null,
      h('small', { text: meta }),
      h('div', { class: 'card-actions' }, [card.kind === 'idea' ? moveSelect(lv, card) : null, hide]),
    ]));
    var li = h('li', { class: 'card ' + card.kind + (selected[card.id] ? ' picked' : '') }, children);
    if (card.kind === 'idea') {
      li.draggable = true;
      li.addEventListener('dragstart', function (ev) {
        dragged = card.id;
        ev.dataTransfer.effectAllowed = 'move';
        ev.dataTransfer.setData('text/plain', String(card.id));
      });
      li.addEventListener('dragend', function () { dragged = null; });
    }
    return li;
  }

  function clustersSig(lv) {
    return lv.clusterList().map(function (cl) { return cl.id + ':' + cl.title; }).join('|');
  }

  function renderCardList(lv, ul, cards, csig) {
    C.keyed(
      ul,
      cards,
      function (c) { return c.id; },
      function (c) {
        var rel = c.problem_id && lv.cards[c.problem_id] ? 1 : 0;
        return [c.text, c.cluster_id, !!selected[c.id], csig, rel].join('¦');
      },
      function (c) { return cardNode(lv, c); }
    );
  }

  /** A cluster box (or the "no group" box) that takes dropped ideas. */
  function dropZone(node, clusterId) {
    node.addEventListener('dragover', function (ev) {
      if (dragged === null) return;
      ev.preventDefault();
      node.classList.add('over');
    });
    node.addEventListener('dragleave', function () { node.classList.remove('over'); });
    node.addEventListener('drop', function (ev) {
      ev.preventDefault();
      node.classList.remove('over');
      var id = dragged;
      dragged = null;
      var card = live.cards[id];
      if (card && (card.cluster_id === undefined ? null : card.cluster_id) !== clusterId) {
        run('move_card', { card_id: id, cluster_id: clusterId });
      }
    });
  }

  function renderBoards(lv) {
    var problems = lv.cardList('problem');
    var ideas = lv.cardList('idea');
    var csig = clustersSig(lv);
    el.problemsN.textContent = problems.length;
    el.ideasN.textContent = ideas.length;
    C.show(el.problemsEmpty, problems.length === 0);
    C.show(el.ideasEmpty, ideas.length === 0 && lv.clusterList().length === 0);
    renderCardList(lv, el.problems, problems.slice().reverse(), csig);

    var groups = lv.clusterList().map(function (cl) {
      return { key: 'c' + cl.id, id: cl.id, title: cl.title, cards: ideas.filter(function (c) { return c.cluster_id === cl.id; }) };
    });
    groups.push({
      key: 'none', id: null, title: t('no_group'),
      cards: ideas.filter(function (c) { return !lv.clusters[c.cluster_id]; }),
    });
    C.keyed(
      el.clusters,
      groups.filter(function (g) { return g.id !== null || g.cards.length || groups.length > 1; }),
      function (g) { return g.key; },
      function (g) { return g.title; },
      function (g) {
        var box = h('section', { class: 'cluster' + (g.id === null ? ' loose' : '') }, [
          h('h3', {}, [g.title, ' ', h('span', { class: 'n' })]),
          h('ul', { class: 'cards' }),
          h('p', { class: 'drop-hint', text: t('drag_here') }),
        ]);
        dropZone(box, g.id);
        return box;
      }
    );
    // Card lists inside the boxes are kept by key too, so checkboxes and selects survive.
    Array.prototype.forEach.call(el.clusters.children, function (box, i) {
      var g = groups.filter(function (x) { return x.key === box.dataset.key; })[0] || groups[i];
      $('.n', box).textContent = g.cards.length;
      C.show($('.drop-hint', box), g.cards.length === 0);
      renderCardList(lv, $('ul', box), g.cards, csig);
    });
  }

  /* ---------- grouping ---------- */

  function selectedIds() {
    return Object.keys(selected).map(Number).filter(function (id) {
      return live && live.cards[id];
    });
  }

  function renderSelection() {
    var n = selectedIds().length;
    el.selectedN.textContent = n ? C.plural(n, 'selected') : t('select_hint');
    el.groupBtn.disabled = n === 0;
  }

  el.groupForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var title = el.groupTitle.value.trim();
    if (!title) {
      notice(t('group_title_needed'));
      el.groupTitle.focus();
      return;
    }
    run('create_cluster', { title: title, card_ids: selectedIds() }, function () {
      selected = {};
      el.groupTitle.value = '';
      renderSelection();
      live.changed();
    });
  });

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

  function renderTally(lv) {
    var rank = lv.ranking();
    var max = rank.length ? Math.max(1, rank[0].votes) : 1;
    el.votesCast.textContent = C.plural(lv.tally.votes_cast, 'votes_cast');
    C.fill(el.tally, rank.map(function (r) {
      return h('li', { class: 'is-' + r.type }, [
        h('span', { class: 'label', text: r.label }),
        h('strong', { text: String(r.votes) }),
        h('span', { class: 'bar', style: { width: Math.round((100 * r.votes) / max) + '%' } }),
      ]);
    }));
  }

  function renderOutbox(lv) {
    C.fill(el.outbox, lv.outbox.map(function (o) {
      return h('li', { class: 'card pending ' + o.kind }, [h('p', { text: o.text }), h('small', { text: t('sending') })]);
    }));
  }

  /* ---------- plan ---------- */

  var FIELDS = ['title', 'problem', 'description', 'lead', 'start', 'end'];
  var MAX_LEN = { title: 200, lead: 200, problem: 5000, description: 5000 };

  function commitmentView(c) {
    var edit = h('button', { type: 'button', class: 'btn small quiet', text: t('edit') });
    edit.addEventListener('click', function () {
      editing = c.id;
      live.changed();
    });
    var when = [c.start, c.end].filter(Boolean).join(' – ');
    return h('li', { class: 'commitment' }, [
      h('div', { class: 'c-head' }, [h('strong', { text: c.title }), h('span', { class: 'votes', text: C.votes(c.votes) })]),
      c.description ? h('p', { class: 'desc', text: c.description }) : null,
      c.lead || when ? h('small', { text: [c.lead, when].filter(Boolean).join(' · ') }) : null,
      C.milestones(c),
      edit,
    ]);
  }

  function commitmentForm(c) {
    var inputs = {};
    var rows = FIELDS.map(function (f) {
      var id = 'c' + c.id + '-' + f;
      var multi = f === 'problem' || f === 'description';
      var date = f === 'start' || f === 'end';
      inputs[f] = h(multi ? 'textarea' : 'input', {
        type: date ? 'date' : null, id: id, rows: multi ? 2 : null, value: c[f] || '',
        maxlength: MAX_LEN[f] || null, required: f === 'title',
      });
      return h('div', {}, [h('label', { for: id, text: t('f_' + f) }), inputs[f]]);
    });
    var save = h('button', { type: 'submit', class: 'btn small primary', text: t('save') });
    var cancel = h('button', { type: 'button', class: 'btn small', text: t('cancel') });
    var form = h('form', { class: 'commitment editing' }, rows.concat([h('div', { class: 'plan-actions' }, [save, cancel])]));
    cancel.addEventListener('click', function () {
      editing = null;
      live.changed();
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var fields = {};
      FIELDS.forEach(function (f) { fields[f] = inputs[f].value.trim(); });
      var payload = { commitment_id: c.id, fields: fields };
      if (c.version !== undefined) payload.version = c.version;
      save.disabled = true;
      live.command('update_commitment', payload, function (ack) {
        save.disabled = false;
        if (!ack.ok) {
          notice(ack.error.message || ack.error.code);
          return;
        }
        if (ack.commitment) live.commitments[ack.commitment.id] = ack.commitment;
        editing = null;
        live.changed();
      });
    });
    return h('li', {}, [form]);
  }

  function renderPlan(lv) {
    C.keyed(
      el.commitments,
      lv.commitmentList(),
      function (c) { return c.id; },
      function (c) { return (editing === c.id ? 'e' : 'v') + JSON.stringify(c); },
      function (c) { return editing === c.id ? commitmentForm(c) : commitmentView(c); }
    );
  }

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
    Array.prototype.forEach.call(document.querySelectorAll('[data-phase]'), function (b) {
      b.setAttribute('aria-pressed', b.getAttribute('data-phase') === phase ? 'true' : 'false');
    });
    el.pill.className = 'pill ' + lv.status;
    el.pill.textContent = t(lv.status === 'reconnecting' ? 'conn_lost' : 'conn_' + lv.status);
    renderTimer(lv);
    renderBoards(lv);
    renderSelection();
    renderPresence(lv);
    renderTally(lv);
    renderOutbox(lv);
    renderPlan(lv);
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
