/* The plan editor shared by the console and an official's phone: one form per commitment,
 * saved field by field with the value the person saw as `base`, so that two people editing
 * different fields never collide and a stale edit is shown beside the current value. */
(function () {
  'use strict';
  var C = window.Cocrea;
  var t = C.t;
  var h = C.h;

  C.VALUES = ['transparency', 'participation', 'accountability', 'innovation'];
  C.ALL_FIELDS = ['title', 'problem', 'current_situation', 'description', 'benefit', 'values', 'lead',
    'other_actors', 'start', 'end', 'milestones', 'indicators', 'budget', 'status'];
  var MULTI = { problem: 1, current_situation: 1, description: 1, benefit: 1, indicators: 1 };
  var MAX = { title: 200, lead: 200, budget: 500 };

  /** A field's value in a comparable, sendable shape. */
  function norm(f, v) {
    if (f === 'values') return (v || []).slice().sort();
    if (f === 'other_actors') {
      v = v || {};
      return { government: v.government || '', civil_society: v.civil_society || '' };
    }
    if (f === 'milestones') {
      return (v || []).map(function (m) {
        return { title: m.title || '', deliverable: m.deliverable || '', date: m.date || '', responsible: m.responsible || '' };
      });
    }
    if (f === 'start' || f === 'end') return v || null;
    if (f === 'status') return v || 'proposed';
    return v === null || v === undefined ? '' : String(v);
  }
  function same(f, a, b) {
    return JSON.stringify(norm(f, a)) === JSON.stringify(norm(f, b));
  }
  C.sameField = same;

  /** A field's value as one line of text, for the conflict note and read-only views. */
  function show(f, v, workshop) {
    v = norm(f, v);
    if (f === 'start' || f === 'end') return C.day(v, workshop) || '—';
    if (f === 'values') return v.map(function (x) { return t('v_' + x); }).join(', ') || '—';
    if (f === 'other_actors') return [v.government, v.civil_society].filter(Boolean).join(' · ') || '—';
    if (f === 'milestones') {
      return v.map(function (m) { return [C.day(m.date, workshop), m.title, m.deliverable, m.responsible].filter(Boolean).join(' · '); }).join(' / ') || '—';
    }
    if (f === 'status') return t('st_' + v);
    return v || '—';
  }
  C.fieldText = show;

  /** The ideas a commitment came from: text, author role, and its votes by role. */
  C.sourceList = function (live, c) {
    var ids = (c.source && c.source.card_ids) || [];
    var items = ids.map(function (id) {
      var card = live.cards[id];
      if (!card) return null;
      var role = card.author && card.author.role;
      return h('li', {}, [
        h('span', { class: 'src-text', text: card.text }),
        role ? h('small', { class: 'src-role', text: ' — ' + t('role_' + role) }) : null,
      ]);
    }).filter(Boolean);
    if (!items.length) return null;
    return h('div', { class: 'sources' }, [h('p', { class: 'muted', text: t('came_from') }), h('ul', {}, items)]);
  };

  /**
   * Make the editor of one commitment. opts: live, fields (editable), manage (facilitator
   * actions), notice(msg), onChanged(). Returns {node, update(c)}.
   */
  C.commitmentEditor = function (opts, c) {
    var live = opts.live;
    var id = c.id;
    var cur = c;
    var seen = {}; // field -> the value this person saw before editing it
    var inputs = {}; // field -> {node, get(), set(v), focused()}
    var conflicts = {}; // field -> conflict box
    var status = h('p', { class: 'c-status muted', role: 'status' });
    var pfx = (opts.prefix || 'c') + id + '-';

    function fieldBox(f, control) {
      var box = h('div', { class: 'field field-' + f });
      box.appendChild(control.label || h('label', { for: pfx + f, text: t('f_' + f) }));
      box.appendChild(control.node);
      conflicts[f] = h('div', { class: 'conflict', role: 'alert', hidden: true });
      box.appendChild(conflicts[f]);
      return box;
    }

    function textInput(f) {
      var multi = MULTI[f];
      var date = f === 'start' || f === 'end';
      var node = h(multi ? 'textarea' : 'input', {
        id: pfx + f, name: f, type: multi ? null : date ? 'date' : 'text', rows: multi ? 3 : null, maxlength: MAX[f] || null,
      });
      node.addEventListener('blur', function () { save(f); });
      if (!multi) {
        node.addEventListener('keydown', function (ev) {
          if (ev.key === 'Enter') {
            ev.preventDefault();
            save(f);
          }
        });
      }
      if (date) node.addEventListener('change', function () { if (document.activeElement !== node) save(f); });
      return {
        node: node,
        get: function () { return date ? node.value || null : node.value; },
        set: function (v) { node.value = norm(f, v) || ''; },
        focused: function () { return document.activeElement === node; },
      };
    }

    function valuesInput() {
      var boxes = {};
      var node = h('fieldset', { class: 'values' }, [h('legend', { text: t('f_values') })].concat(C.VALUES.map(function (v) {
        boxes[v] = h('input', { type: 'checkbox', value: v, id: pfx + 'v-' + v });
        boxes[v].addEventListener('change', function () { save('values'); });
        return h('label', { class: 'check', for: pfx + 'v-' + v }, [boxes[v], ' ' + t('v_' + v)]);
      })));
      return {
        node: node, label: h('span'),
        get: function () { return C.VALUES.filter(function (v) { return boxes[v].checked; }); },
        set: function (list) { C.VALUES.forEach(function (v) { boxes[v].checked = (list || []).indexOf(v) >= 0; }); },
        focused: function () { return false; },
      };
    }

    function actorsInput() {
      var gov = h('input', { type: 'text', id: pfx + 'oa-gov', maxlength: 500 });
      var civ = h('input', { type: 'text', id: pfx + 'oa-civ', maxlength: 500 });
      [gov, civ].forEach(function (n) {
        n.addEventListener('blur', function () { save('other_actors'); });
        n.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { ev.preventDefault(); save('other_actors'); } });
      });
      var node = h('fieldset', { class: 'actors' }, [
        h('legend', { text: t('f_other_actors') }),
        h('label', { for: pfx + 'oa-gov', text: t('f_actors_government') }), gov,
        h('label', { for: pfx + 'oa-civ', text: t('f_actors_civil_society') }), civ,
      ]);
      return {
        node: node, label: h('span'),
        get: function () { return { government: gov.value, civil_society: civ.value }; },
        set: function (v) { v = norm('other_actors', v); gov.value = v.government; civ.value = v.civil_society; },
        focused: function () { return document.activeElement === gov || document.activeElement === civ; },
      };
    }

    function milestonesInput() {
      var list = h('ol', { class: 'ms-rows' });
      var add = h('button', { type: 'button', class: 'btn small', text: t('ms_add') });
      var KEYS = ['title', 'deliverable', 'date', 'responsible'];
      var rows = 0;
      /** One milestone: each of its four fields with a visible label, never a placeholder. */
      function row(m) {
        var n = ++rows;
        var cells = KEYS.map(function (k) {
          var id = pfx + 'ms' + n + '-' + k;
          var inp = h('input', { id: id, type: k === 'date' ? 'date' : 'text', 'data-k': k, value: m[k] || '', maxlength: 200 });
          inp.addEventListener('blur', function () { save('milestones'); });
          inp.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { ev.preventDefault(); save('milestones'); } });
          return h('div', { class: 'ms-cell ms-' + k }, [h('label', { for: id, text: t('ms_' + k) }), inp]);
        });
        var rm = h('button', { type: 'button', class: 'btn small quiet ms-remove', text: '×', 'aria-label': t('ms_remove'), title: t('ms_remove') });
        var li = h('li', { class: 'ms-row' }, cells.concat([rm]));
        rm.addEventListener('click', function () {
          list.removeChild(li);
          save('milestones');
        });
        return li;
      }
      add.addEventListener('click', function () {
        var li = row({});
        list.appendChild(li);
        li.querySelector('input').focus();
      });
      var node = h('fieldset', { class: 'milestones-edit' }, [h('legend', { text: t('f_milestones') }), list, add]);
      return {
        node: node, label: h('span'),
        get: function () {
          return Array.prototype.map.call(list.children, function (li) {
            var m = {};
            Array.prototype.forEach.call(li.querySelectorAll('input'), function (inp) { m[inp.getAttribute('data-k')] = inp.value.trim(); });
            return m;
          }).filter(function (m) { return m.title || m.deliverable || m.date || m.responsible; });
        },
        set: function (v) { C.fill(list, norm('milestones', v).map(row)); },
        focused: function () { return node.contains(document.activeElement) && document.activeElement !== add; },
      };
    }

    function statusInput() {
      var node = h('select', { id: pfx + 'status' }, ['proposed', 'agreed'].map(function (s) {
        return h('option', { value: s, text: t('st_' + s) });
      }));
      node.addEventListener('change', function () { save('status'); });
      return {
        node: node,
        get: function () { return node.value; },
        set: function (v) { node.value = norm('status', v) === 'agreed' ? 'agreed' : 'proposed'; },
        focused: function () { return false; },
      };
    }

    function make(f) {
      if (f === 'values') return valuesInput();
      if (f === 'other_actors') return actorsInput();
      if (f === 'milestones') return milestonesInput();
      if (f === 'status') return statusInput();
      return textInput(f);
    }

    function say(msg) {
      status.textContent = msg || '';
    }

    var sending = {};
    var queued = {};

    /** Send one field if it changed, with the value this person saw as its base; one save per field at a time, so the next one sends the base the first one saved. */
    function save(f, baseOverride) {
      // While a conflict is shown, only the person's choice («Aplicar lo mío») saves that field.
      if (baseOverride === undefined && !conflicts[f].hidden) return;
      if (sending[f]) {
        if (!queued[f] || baseOverride !== undefined) queued[f] = { base: baseOverride };
        return;
      }
      var inp = inputs[f];
      var value = inp.get();
      if (typeof value === 'string') value = value.trim();
      var base = baseOverride !== undefined ? baseOverride : seen[f];
      if (baseOverride === undefined && same(f, value, base)) return;
      if (f === 'title' && !value) {
        opts.notice(t('title_needed'));
        return;
      }
      var fields = {};
      var bases = {};
      fields[f] = f === 'start' || f === 'end' ? value || null : value;
      bases[f] = norm(f, base);
      say(t('saving'));
      sending[f] = true;
      live.command('update_commitment', { commitment_id: id, fields: fields, base: bases }, function (ack) {
        sending[f] = false;
        var next = queued[f];
        queued[f] = null;
        answered(f, inp, ack);
        // A plain save waiting behind a conflict is dropped: the person chooses first.
        if (next && (next.base !== undefined || conflicts[f].hidden)) save(f, next.base);
      });
    }

    function answered(f, inp, ack) {
      if (ack.ok) {
        hideConflict(f);
        if (ack.commitment) {
          live.commitments[id] = ack.commitment;
          cur = ack.commitment;
        }
        seen[f] = cur[f];
        if (!inp.focused() && same(f, inp.get(), cur[f])) inp.set(cur[f]);
        say(t('saved'));
        live.changed();
        return;
      }
      if (ack.error && ack.error.code === 'conflict') {
        var fresh = (ack.commitment) || (ack.error.commitment) || live.commitments[id] || cur;
        var theirs = ack.error.current && f in ack.error.current ? ack.error.current[f] : fresh[f];
        showConflict(f, theirs);
        say('');
        return;
      }
      say('');
      opts.notice((ack.error && (ack.error.message || ack.error.code)) || '');
    }

    function showConflict(f, theirs) {
      var box = conflicts[f];
      var reapply = h('button', { type: 'button', class: 'btn small primary', text: t('conflict_mine') });
      var take = h('button', { type: 'button', class: 'btn small', text: t('conflict_theirs') });
      reapply.addEventListener('click', function () { save(f, theirs); });
      take.addEventListener('click', function () {
        hideConflict(f);
        seen[f] = theirs;
        inputs[f].set(theirs);
      });
      C.fill(box, [
        h('p', { text: t('conflict') }),
        h('p', { class: 'theirs' }, [h('strong', { text: t('conflict_now') + ' ' }), h('span', { class: 'theirs-value', text: show(f, theirs, live.workshop) })]),
        h('div', { class: 'plan-actions' }, [reapply, take]),
      ]);
      box.hidden = false;
    }
    function hideConflict(f) {
      conflicts[f].hidden = true;
      C.fill(conflicts[f], []);
    }

    /* ---- building ---- */
    var headTitle = h('strong', { class: 'c-title' });
    var badge = h('span', { class: 'c-badge' });
    var votesLine = h('small', { class: 'by-role' });
    var sources = h('div');
    var dropNote = h('p', { class: 'drop-note', hidden: true });
    var body = h('div', { class: 'c-fields' });
    opts.fields.forEach(function (f) {
      inputs[f] = make(f);
      body.appendChild(fieldBox(f, inputs[f]));
    });
    var actions = h('div', { class: 'plan-actions c-actions' });
    var node = h('li', { class: 'commitment editor', 'data-id': id }, [
      h('div', { class: 'c-head' }, [headTitle, badge]),
      votesLine, sources, dropNote, body, actions, status,
    ]);

    function buildActions() {
      if (!opts.manage) return;
      var nodes = [];
      if (cur.status === 'dropped') {
        var restore = h('button', { type: 'button', class: 'btn small', text: t('restore') });
        restore.addEventListener('click', function () {
          live.command('update_commitment', { commitment_id: id, fields: { status: 'proposed' }, base: { status: 'dropped' } }, done);
        });
        nodes.push(restore);
      } else {
        var others = live.commitmentList().filter(function (o) { return o.id !== id && o.status !== 'dropped'; });
        if (others.length) {
          var sel = h('select', { 'aria-label': t('merge_into_label', { title: cur.title }) }, [h('option', { value: '', text: t('merge_commitment') })].concat(others.map(function (o) {
            return h('option', { value: String(o.id), text: o.title });
          })));
          sel.addEventListener('change', function () {
            if (!sel.value) return;
            var into = live.commitments[sel.value];
            if (!window.confirm(t('merge_confirm', { title: cur.title, into: into ? into.title : '' }))) {
              sel.value = '';
              return;
            }
            live.command('merge_commitments', { into_commitment_id: Number(sel.value), commitment_id: id }, done);
          });
          nodes.push(sel);
        }
        var drop = h('button', { type: 'button', class: 'btn small danger', text: t('drop') });
        drop.addEventListener('click', function () {
          var reason = window.prompt(t('drop_reason', { title: cur.title }), '');
          if (reason === null) return;
          reason = reason.trim();
          if (!reason) {
            opts.notice(t('drop_reason_needed'));
            return;
          }
          live.command('drop_commitment', { commitment_id: id, reason: reason.slice(0, 300) }, done);
        });
        nodes.push(drop);
      }
      C.fill(actions, nodes);
    }
    function done(ack) {
      if (!ack.ok) {
        opts.notice((ack.error && (ack.error.message || ack.error.code)) || '');
        return;
      }
      if (ack.commitment) live.commitments[ack.commitment.id] = ack.commitment;
      live.changed();
    }

    /** Bring in the server's commitment without touching a field being edited. */
    function update(c2) {
      cur = c2;
      headTitle.textContent = c2.title;
      var dropped = c2.status === 'dropped';
      badge.textContent = dropped ? t('st_dropped') : C.votes(c2.votes);
      node.classList.toggle('dropped', dropped);
      C.fill(votesLine, [document.createTextNode(C.rolesLine(c2.votes_by_role, live.tally.withheld_reasons) + ' '), live.consensusOf(c2) ? C.consensusBadge() : null]);
      C.fill(sources, [C.sourceList(live, c2)]);
      var why = c2.merged_into && live.commitments[c2.merged_into]
        ? t('merged_into', { title: live.commitments[c2.merged_into].title })
        : c2.drop_reason;
      dropNote.textContent = dropped ? t('dropped_because') + ' ' + (why || '') : '';
      dropNote.hidden = !dropped;
      body.hidden = dropped;
      opts.fields.forEach(function (f) {
        var inp = inputs[f];
        var dirty = seen.hasOwnProperty(f) && !same(f, inp.get(), seen[f]);
        // A field with unsaved typing keeps it; a new, still empty milestone row too.
        if (dirty || !conflicts[f].hidden || (f === 'milestones' && inp.focused())) return;
        if (same(f, inp.get(), c2[f])) {
          seen[f] = c2[f];
          return;
        }
        seen[f] = c2[f];
        inp.set(c2[f]);
      });
      buildActions();
    }
    update(c);
    return { node: node, update: update };
  };

  /** Keep one editor per commitment in `container`, in list order, updating in place. */
  C.PlanEditors = function (opts) {
    var editors = {};
    return function render(list) {
      var keep = {};
      // Titles and statuses of the others feed "Merge with…" and the source list.
      var others = JSON.stringify(list.map(function (c) { return [c.id, c.title, c.status]; })) + Object.keys(opts.live.cards).length;
      var prev = null;
      list.forEach(function (c) {
        keep[c.id] = true;
        var ed = editors[c.id];
        var sig = JSON.stringify(c) + others + opts.live.consensusOf(c);
        if (!ed) ed = editors[c.id] = C.commitmentEditor(opts, c);
        else if (ed.sig !== sig) ed.update(c);
        ed.sig = sig;
        var want = prev ? prev.nextSibling : opts.container.firstChild;
        // Never move a node that holds the focus: the browser would drop it.
        if (want !== ed.node && !ed.node.contains(document.activeElement)) opts.container.insertBefore(ed.node, want);
        prev = ed.node;
      });
      Object.keys(editors).forEach(function (k) {
        if (!keep[k]) {
          if (editors[k].node.parentNode) editors[k].node.parentNode.removeChild(editors[k].node);
          delete editors[k];
        }
      });
    };
  };
})();
