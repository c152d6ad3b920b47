/* Cocrea live client: connection, state store, ordered events, outbox.
 * Shared by phone.js, console/ and screen.js. Plain ES2017, no build step:
 * it must run on old Android Chrome, so no ?. ?? or private fields. */
(function () {
  'use strict';

  var C = (window.Cocrea = {});

  /* ---------- small DOM and text helpers ---------- */

  C.$ = function (sel, root) {
    return (root || document).querySelector(sel);
  };

  C.json = function (id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  };

  var strings = null;
  /** Translate a key from the page's #i18n dict, filling {name} placeholders. */
  C.t = function (key, vars) {
    if (!strings) strings = C.json('i18n') || {};
    var s = strings[key] || key;
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, function (m, k) {
        return k in vars ? String(vars[k]) : m;
      });
    }
    return s;
  };

  /** Build an element; text always goes through textContent, never HTML. */
  C.h = function (tag, props, children) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') el.textContent = v;
        else if (k === 'class') el.className = v;
        else if (k.indexOf('on') === 0) el.addEventListener(k.slice(2), v);
        else if (k === 'value') el.value = v;
        // Through the CSSOM, which a strict CSP allows, unlike a style attribute.
        else if (k === 'style') Object.assign(el.style, v);
        else if (k === 'checked' || k === 'disabled' || k === 'selected') el[k] = !!v;
        else el.setAttribute(k, v === true ? '' : v);
      });
    }
    if (children) {
      (Array.isArray(children) ? children : [children]).forEach(function (c) {
        if (c === null || c === undefined || c === false) return;
        el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
      });
    }
    return el;
  };

  /** Replace a container's children with the given nodes. */
  C.fill = function (el, nodes) {
    while (el.firstChild) el.removeChild(el.firstChild);
    (nodes || []).forEach(function (n) {
      if (n) el.appendChild(n);
    });
  };

  /** Reuse a list's child nodes by key and rebuild only those whose signature changed,
   *  so that re-rendering keeps focus, open selects and scroll position. */
  C.keyed = function (container, items, keyOf, sigOf, build) {
    var old = {};
    Array.prototype.forEach.call(container.children, function (n) {
      if (n.dataset.key !== undefined) old[n.dataset.key] = n;
    });
    var prev = null;
    items.forEach(function (item) {
      var key = String(keyOf(item));
      var sig = sigOf(item);
      var node = old[key];
      if (node && node.dataset.sig === sig) {
        delete old[key];
      } else {
        if (node) {
          delete old[key];
          var fresh = build(item);
          container.replaceChild(fresh, node);
          node = fresh;
        } else {
          node = build(item);
        }
        node.dataset.key = key;
        node.dataset.sig = sig;
      }
      var want = prev ? prev.nextSibling : container.firstChild;
      if (want !== node) container.insertBefore(node, want);
      prev = node;
    });
    Object.keys(old).forEach(function (k) {
      container.removeChild(old[k]);
    });
  };

  C.show = function (el, on) {
    if (el) el.hidden = !on;
  };

  /* ---------- storage that never throws (private mode, full quota) ---------- */

  C.store = {
    get: function (k) {
      try {
        return window.localStorage.getItem(k);
      } catch (e) {
        return null;
      }
    },
    set: function (k, v) {
      try {
        window.localStorage.setItem(k, v);
      } catch (e) {
        /* nothing else we can do */
      }
    },
    remove: function (k) {
      try {
        window.localStorage.removeItem(k);
      } catch (e) {
        /* ignore */
      }
    },
    getJSON: function (k, fallback) {
      var raw = C.store.get(k);
      if (raw === null) return fallback;
      try {
        return JSON.parse(raw);
      } catch (e) {
        return fallback;
      }
    },
    setJSON: function (k, v) {
      C.store.set(k, JSON.stringify(v));
    },
    /** Forget every key that starts with `prefix`: one person's token, outbox and drafts. */
    removePrefix: function (prefix) {
      try {
        var keys = [];
        for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
        keys.forEach(function (k) { if (k && k.indexOf(prefix) === 0) window.localStorage.removeItem(k); });
      } catch (e) {
        /* ignore */
      }
    },
  };

  C.key = function (code, name) {
    return 'cocrea:' + code + ':' + name;
  };

  /** A v4 UUID; crypto.randomUUID only exists on https and localhost. */
  C.uuid = function () {
    var c = window.crypto;
    if (c && typeof c.randomUUID === 'function') {
      try {
        return c.randomUUID();
      } catch (e) {
        /* fall through */
      }
    }
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(b, function (x) {
        return (x + 0x100).toString(16).slice(1);
      })
      .join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  };

  /** Take the token from #token=… (then scrub it from the address bar) or from storage. */
  C.tokenFromHash = function (code, name) {
    var key = C.key(code, name);
    var m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (m) {
      var token = decodeURIComponent(m[1]);
      C.store.set(key, token);
      if (window.history && history.replaceState) {
        history.replaceState(null, '', window.location.pathname + window.location.search);
      }
      return token;
    }
    return C.store.get(key);
  };

  /** A commitment's milestones as a list (date, title, who), or null when there are none. */
  C.milestones = function (c, workshop) {
    var list = c.milestones || [];
    if (!list.length) return null;
    return C.h('ul', { class: 'milestones' }, list.map(function (m) {
      var line = [C.day(m.date, workshop), m.title, m.deliverable, m.responsible].filter(Boolean).join(' · ');
      return C.h('li', { text: line });
    }));
  };

  /** A count in words: the key's "_one" form for 1 (es and en both work that way). */
  C.plural = function (n, key) {
    return C.t(n === 1 ? key + '_one' : key, { n: n || 0 });
  };

  /** Who wrote a card: "Rosa · Vecino/a", or "En papel · Vecino/a" for a note typed in. */
  C.authorLine = function (card) {
    var a = card.author || {};
    if (card.paper) {
      var role = card.paper.role;
      return [C.t('on_paper'), role && role !== 'unknown' ? C.t('role_' + role) : null].filter(Boolean).join(' · ');
    }
    return [a.name, a.role ? C.t('role_' + a.role) : null].filter(Boolean).join(' · ');
  };

  /** "12 of 30 have voted": the people who cast a vote, of everyone who joined. */
  C.votedLine = function (lv) {
    var byRole = (lv.tally && lv.tally.voters_by_role) || {};
    var voters = Object.keys(byRole).reduce(function (sum, role) { return sum + (byRole[role] || 0); }, 0);
    var joined = Math.max(voters, (lv.presence && lv.presence.joined) || 0);
    return C.t(voters === 1 ? 'voted_of_one' : 'voted_of', { n: voters, total: joined });
  };

  C.votes = function (n) {
    return C.plural(n, 'n_votes');
  };

  /** Format seconds as m:ss. */
  /* Show the phase's countdown in `el`, refreshed every second, for the current connection. */
  C.countdown = function (el, current) {
    var wasRunning = false;
    function render() {
      var lv = current();
      var left = lv ? lv.secondsLeft() : null;
      var paused = !!lv && lv.timerPaused();
      C.show(el, left !== null);
      if (left === null) {
        wasRunning = false;
        el.classList.remove('time-up');
        return;
      }
      el.textContent = (paused ? '⏸ ' : '') + C.clock(left);
      el.classList.toggle('paused', paused);
      el.classList.toggle('ending', !paused && left > 0 && left < 30);
      var up = !paused && left <= 0;
      if (up && wasRunning) C.timeUp();  // only when it runs out here, not on a reload
      el.classList.toggle('time-up', up);
      wasRunning = !paused && left > 0;
    }
    setInterval(render, 1000);
    return render;
  };

  /** Time is up: a soft two-note chime where sound is allowed, a short buzz on phones. */
  C.timeUp = function () {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (Ctx) {
        var audio = C.audio || (C.audio = new Ctx());
        [660, 880].forEach(function (hz, i) {
          var at = audio.currentTime + i * 0.25;
          var tone = audio.createOscillator();
          var gain = audio.createGain();
          tone.frequency.value = hz;
          gain.gain.setValueAtTime(0.0001, at);
          gain.gain.exponentialRampToValueAtTime(0.15, at + 0.03);
          gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
          tone.connect(gain).connect(audio.destination);
          tone.start(at);
          tone.stop(at + 0.65);
        });
      }
    } catch (e) {
      /* no sound here: the timer still changes colour */
    }
    if (navigator.vibrate) navigator.vibrate(200);
  };

  C.clock = function (seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ':' + (r < 10 ? '0' : '') + r;
  };

  /** A date as people write it, on the workshop's clock: «1 de marzo de 2027». A calendar
   * day (a milestone's '2027-03-01') stays that day, wherever the phone's own clock is. */
  C.day = function (value, workshop, withTime) {
    if (!value) return '';
    var calendar = /^\d{4}-\d{2}-\d{2}$/.test(value);
    var opts = { day: 'numeric', month: 'long', year: 'numeric' };
    if (withTime && !calendar) { opts.hour = 'numeric'; opts.minute = '2-digit'; }
    return written(calendar ? value + 'T12:00:00Z' : value, calendar ? 'UTC' : zoneOf(workshop), opts);
  };

  /** A timestamp with its hour, for histories and logs: «1 de marzo de 2027, 14:05». */
  C.moment = function (value, workshop) { return C.day(value, workshop, true); };

  /** Only the hour, on the workshop's clock: «14:05». */
  C.hour = function (value, workshop) {
    return written(value, zoneOf(workshop), { hour: 'numeric', minute: '2-digit' });
  };

  function zoneOf(workshop) { return (workshop && workshop.time_zone) || 'America/Guatemala'; }

  function written(value, zone, opts) {
    var moment = new Date(value);
    if (isNaN(moment)) return String(value);
    var lang = document.documentElement.lang || undefined;
    try {
      return new Intl.DateTimeFormat(lang, Object.assign({ timeZone: zone }, opts)).format(moment);
    } catch (e) { // a time zone this browser does not know: its own clock, still in words
      return new Intl.DateTimeFormat(lang, opts).format(moment);
    }
  }

  /** A number in the page's language, at most one decimal: 3,5 in Spanish. */
  C.num = function (x) {
    var n = Number(x);
    try {
      return n.toLocaleString(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
    } catch (e) {
      return String(Math.round(n * 10) / 10);
    }
  };

  C.ROLES = ['citizen', 'official', 'civil_society'];

  /** Why a role's votes are not shown, in words: never a zero, never a bare dash. */
  C.withheldText = function (reason) {
    return C.t(reason === 'would_reveal' ? 'withheld_would_reveal' : 'withheld_few_voters');
  };

  /** Votes per role as one line, e.g. "Vecinos/as 4 · Funcionarios/as: menos de 3 personas…".
   *  `withheld` is the tally's withheld_reasons: those roles are said in words. */
  C.byRoleText = function (byRole, withheld) {
    byRole = byRole || {};
    withheld = withheld || {};
    return C.ROLES.map(function (r) {
      if (withheld[r]) return C.t('group_' + r) + ': ' + C.withheldText(withheld[r]);
      return C.t('group_' + r) + ' ' + (byRole[r] || 0);
    }).join(' · ');
  };

  /** Votes by role, in words where the server withholds a small count (null). */
  C.rolesLine = function (byRole, withheld) {
    byRole = byRole || {};
    withheld = withheld || {};
    return C.ROLES.map(function (r) {
      var n = byRole[r];
      if (n === null) return C.t('group_' + r) + ': ' + C.withheldText(withheld[r]);
      return C.t('group_' + r) + ' ' + (n || 0);
    }).join(' · ');
  };

  /** The "every role supports it" badge. */
  C.consensusBadge = function () {
    return C.h('span', { class: 'consensus', text: C.t('consensus'), title: C.t('consensus_hint') });
  };

  /** A short label for a vote target (cluster title or card text). */
  C.targetLabel = function (live, type, id) {
    if (type === 'cluster') {
      var cl = live.clusters[id];
      return cl ? cl.title : '';
    }
    var card = live.cards[id];
    return card ? card.text : '';
  };

  /* The latest published plan version, wherever the snapshot carries it; null before any. */
  function publishedOf(s) {
    var w = s.workshop || {};
    var p = s.published || s.plan_published || w.published || null;
    if (p && typeof p === 'object' && p.version) return { version: p.version, published_at: p.published_at || null };
    var v = s.published_version || s.plan_version || w.published_version || w.plan_version;
    return v ? { version: v, published_at: w.published_at || null } : null;
  }

  /* ---------- the live connection ---------- */

  /**
   * opts: code, token, outboxKey (optional: enables the persistent outbox),
   *       onUnauthorized(), onPostFailed(item, error), onPosted(card)
   */
  function Live(opts) {
    this.code = opts.code;
    this.token = opts.token;
    this.opts = opts;
    this.status = 'connecting';
    this.lastSeq = null;
    this.pending = {};
    this.syncing = false;
    this.clockOffset = 0;
    this.workshop = opts.workshop || null;
    this.me = null;
    this.cards = {};
    this.clusters = {};
    this.commitments = {};
    this.proposals = {};
    this.published = null;
    this.hidden = {};
    this.tally = { votes_cast: 0, by_role: {}, totals: [], ratings: [], hidden: false, frozen: false };
    this.presence = { count: 0, by_role: {}, joined: 0 };
    this.outbox = opts.outboxKey ? C.store.getJSON(opts.outboxKey, []) : [];
    this.flushing = false;
    this.listeners = [];
    this.renderQueued = false;
    this.keepQueued = false;
    if (opts.stateKey) this.restore();
  }
  C.Live = Live;

  /** What this device last knew of the room, kept on it: a reload with no signal shows the
   * wall as it was, and the connection then asks only for what happened since (last_seq). */
  Live.prototype.restore = function () {
    var s = C.store.getJSON(this.opts.stateKey, null);
    if (!s || typeof s.seq !== 'number' || !s.workshop || s.workshop.code !== this.code) return;
    this.applyState(s);
    this.restored = true;
  };

  Live.prototype.keep = function () {
    if (!this.opts.stateKey || this.lastSeq === null || this.closed) return;
    var all = function (map) { return Object.keys(map).map(function (k) { return map[k]; }); };
    C.store.setJSON(this.opts.stateKey, {
      seq: this.lastSeq, workshop: this.workshop, me: this.me, cards: all(this.cards),
      clusters: all(this.clusters), commitments: all(this.commitments), proposals: all(this.proposals),
      tally: this.tally, presence: this.presence, published: this.published,
    });
  };

  Live.prototype.keepSoon = function () {
    var self = this;
    if (!this.opts.stateKey || this.keepQueued) return;
    this.keepQueued = true;
    setTimeout(function () {
      self.keepQueued = false;
      self.keep();
    }, 1000);
  };

  Live.prototype.onChange = function (fn) {
    this.listeners.push(fn);
  };

  /** Coalesce many events into one render. */
  Live.prototype.changed = function () {
    var self = this;
    if (this.renderQueued) return;
    this.renderQueued = true;
    this.keepSoon();
    setTimeout(function () {
      self.renderQueued = false;
      self.listeners.forEach(function (fn) {
        fn(self);
      });
    }, 16);
  };

  Live.prototype.setStatus = function (status) {
    this.status = status;
    this.changed();
  };

  Live.prototype.connect = function () {
    var self = this;
    var socket = (this.socket = window.io({
      // A function, so that every reconnect sends the newest last_seq.
      auth: function (cb) {
        var a = { code: self.code, token: self.token };
        if (self.lastSeq !== null) a.last_seq = self.lastSeq;
        a.batches = true; // one `events` message for a command's many events (paper notes)
        a.locale = document.documentElement.lang; // errors in the language this page speaks
        cb(a);
      },
    }));
    socket.on('connect', function () {
      self.setStatus('connected');
      self.flush();
    });
    socket.on('disconnect', function (reason) {
      self.setStatus('reconnecting');
      self.flushing = false;
      self.syncing = false;
      // After a server-side disconnect the client does not retry by itself.
      if (reason === 'io server disconnect') setTimeout(function () { socket.connect(); }, 2000);
    });
    socket.on('connect_error', function (err) {
      if (err && err.message === 'unauthorized') {
        self.setStatus('unauthorized');
        socket.disconnect();
        if (self.opts.onUnauthorized) self.opts.onUnauthorized();
        return;
      }
      self.setStatus(self.lastSeq === null ? 'connecting' : 'reconnecting');
      // A refusal by the server is not retried by the client; a network error is.
      if (!socket.active) setTimeout(function () { socket.connect(); }, 3000);
    });
    window.addEventListener('online', function () {
      if (!socket.connected && !socket.active) socket.connect();
    });
    ['state', 'card_posted', 'card_updated', 'card_hidden', 'cluster_updated', 'cluster_removed',
      'phase_changed', 'commitment_updated', 'proposal_updated', 'workshop_updated', 'plan_published', 'tally', 'presence', 'me', 'people', 'join_pin'].forEach(function (name) {
      socket.on(name, function (data) {
        self.receive(name, data || {});
      });
    });
    // A command's many events in one message, applied in order (drawing is already coalesced).
    socket.on('events', function (data) {
      ((data && data.events) || []).forEach(function (e) { self.receive(e[0], e[1] || {}); });
    });
  };

  Live.prototype.close = function () {
    this.closed = true; // nothing more is kept: the phone may be forgetting its person
    if (this.socket) this.socket.disconnect();
  };

  Live.prototype.connected = function () {
    return !!(this.socket && this.socket.connected);
  };

  Live.prototype.receive = function (name, data) {
    if (name === 'state') {
      this.applyState(data);
      this.drain();
    } else if (name === 'tally') {
      this.tally = data;
    } else if (name === 'presence') {
      this.presence = data;
    } else if (name === 'me') {
      this.me = data;
    } else if (name === 'join_pin') {
      this.joinPin = data.pin; // consoles and the projector only: shown in the hall
    } else if (name === 'people') {
      this.people = data; // the console's list of who is who (no seq: it is a view, not news)
    } else if (this.lastSeq === null || data.seq > this.lastSeq + 1) {
      // Out of order or before the first snapshot: hold it and ask for what is missing.
      this.pending[data.seq] = [name, data];
      if (this.lastSeq !== null) this.requestSync();
      return;
    } else if (data.seq <= this.lastSeq) {
      return; // a duplicate
    } else {
      this.apply(name, data);
      this.lastSeq = data.seq;
      this.drain();
    }
    this.changed();
  };

  Live.prototype.drain = function () {
    var next;
    while ((next = this.pending[this.lastSeq + 1])) {
      delete this.pending[this.lastSeq + 1];
      this.apply(next[0], next[1]);
      this.lastSeq = next[1].seq;
    }
    var self = this;
    var gap = false;
    Object.keys(this.pending).forEach(function (seq) {
      if (Number(seq) <= self.lastSeq) delete self.pending[seq];
      else gap = true;
    });
    if (gap) this.requestSync();
  };

  Live.prototype.requestSync = function () {
    var self = this;
    if (this.syncing || !this.connected()) return;
    this.syncing = true;
    this.socket.timeout(10000).emit('sync', { last_seq: this.lastSeq }, function () {
      // The missed events arrive before the ack; if a gap remains a little later, ask again.
      setTimeout(function () {
        self.syncing = false;
        if (Object.keys(self.pending).length) self.requestSync();
      }, 1500);
    });
  };

  Live.prototype.setServerTime = function (iso) {
    var t = iso ? Date.parse(iso) : NaN;
    if (!isNaN(t)) this.clockOffset = t - Date.now();
  };

  Live.prototype.applyState = function (s) {
    var self = this;
    this.workshop = s.workshop || this.workshop;
    this.me = s.me || this.me;
    this.cards = {};
    (s.cards || []).forEach(function (c) {
      self.cards[c.id] = c;
    });
    this.clusters = {};
    (s.clusters || []).forEach(function (c) {
      self.clusters[c.id] = c;
    });
    this.clusterList().forEach(function (cl) {
      (cl.card_ids || []).forEach(function (id) {
        var card = self.cards[id];
        if (card && (card.cluster_id === null || card.cluster_id === undefined)) card.cluster_id = cl.id;
      });
    });
    this.commitments = {};
    (s.commitments || []).forEach(function (c) {
      self.commitments[c.id] = c;
    });
    this.proposals = {};
    (s.proposals || []).forEach(function (p) {
      self.proposals[p.id] = p;
    });
    if (s.tally) this.tally = s.tally;
    if (s.presence) this.presence = s.presence;
    if (s.people) this.people = s.people;
    if ('join_pin' in s) this.joinPin = s.join_pin;
    this.published = publishedOf(s) || this.published;
    this.setServerTime(s.server_time);
    this.lastSeq = typeof s.seq === 'number' ? s.seq : 0;
  };

  Live.prototype.apply = function (name, d) {
    if (name === 'card_posted' || name === 'card_updated') {
      if (!this.hidden[d.card.id]) this.cards[d.card.id] = d.card;
      this.syncClustersFromCard(d.card);
    } else if (name === 'card_hidden') {
      delete this.cards[d.card_id];
      this.hidden[d.card_id] = true;
    } else if (name === 'cluster_updated') {
      this.clusters[d.cluster.id] = d.cluster;
      this.syncCardsFromCluster(d.cluster);
    } else if (name === 'cluster_removed') {
      // Its cards also arrive as card_updated; until then they count as ungrouped.
      delete this.clusters[d.cluster_id];
      this.syncCardsFromCluster({ id: d.cluster_id, card_ids: [] });
    } else if (name === 'proposal_updated') {
      this.proposals[d.proposal.id] = d.proposal;
    } else if (name === 'phase_changed') {
      this.workshop.phase = d.phase;
      this.workshop.phase_ends_at = d.phase_ends_at;
      this.workshop.timer_paused_s = null;
      this.setServerTime(d.server_time);
    } else if (name === 'commitment_updated') {
      this.commitments[d.commitment.id] = d.commitment;
    } else if (name === 'workshop_updated') {
      this.workshop = Object.assign({}, this.workshop, d.workshop);
      this.setServerTime(d.server_time);
    } else if (name === 'plan_published') {
      this.published = { version: d.version, published_at: d.published_at };
    }
  };

  /* Membership arrives both as card.cluster_id and as cluster.card_ids; the newest event
     wins and the other side is brought in line, so views can group by card.cluster_id. */
  Live.prototype.syncCardsFromCluster = function (cluster) {
    var cards = this.cards;
    var listed = {};
    (cluster.card_ids || []).forEach(function (id) {
      listed[id] = true;
      if (cards[id]) cards[id].cluster_id = cluster.id;
    });
    Object.keys(cards).forEach(function (k) {
      var c = cards[k];
      if (c.cluster_id === cluster.id && !listed[c.id]) c.cluster_id = null;
    });
  };

  Live.prototype.syncClustersFromCard = function (card) {
    var clusters = this.clusters;
    Object.keys(clusters).forEach(function (k) {
      var cl = clusters[k];
      var ids = (cl.card_ids || []).filter(function (id) { return id !== card.id; });
      if (card.cluster_id === cl.id) ids.push(card.id);
      cl.card_ids = ids;
    });
  };

  /* ---------- reading the store ---------- */

  function byId(a, b) {
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }

  /** Visible cards, oldest first; optionally of one kind. */
  Live.prototype.cardList = function (kind) {
    var cards = this.cards;
    return Object.keys(cards)
      .map(function (k) {
        return cards[k];
      })
      .filter(function (c) {
        return !kind || c.kind === kind;
      })
      .sort(byId);
  };

  Live.prototype.clusterList = function () {
    var cl = this.clusters;
    return Object.keys(cl)
      .map(function (k) {
        return cl[k];
      })
      .sort(byId);
  };

  /** The original a card repeats, or null: a duplicate whose original is gone stands alone. */
  Live.prototype.originalOf = function (card) {
    var id = card.duplicate_of;
    return id !== null && id !== undefined && this.cards[id] ? this.cards[id] : null;
  };

  /** Ideas as people see them: originals only, each with the cards that repeat it. */
  Live.prototype.folded = function (kind) {
    var self = this;
    var copies = {};
    var list = [];
    this.cardList(kind).forEach(function (c) {
      var orig = self.originalOf(c);
      if (orig) (copies[orig.id] = copies[orig.id] || []).push(c);
      else list.push(c);
    });
    return list.map(function (c) {
      return { card: c, copies: copies[c.id] || [] };
    });
  };

  Live.prototype.proposalList = function () {
    var p = this.proposals;
    return Object.keys(p)
      .map(function (k) {
        return p[k];
      })
      .sort(byId);
  };

  Live.prototype.commitmentList = function () {
    var cm = this.commitments;
    return Object.keys(cm)
      .map(function (k) {
        return cm[k];
      })
      .sort(function (a, b) {
        return (b.votes || 0) - (a.votes || 0) || byId(a, b);
      });
  };

  /** Seconds left on the phase timer, corrected for this device's clock; null if none. */
  /** True while the facilitator has the countdown paused. */
  Live.prototype.timerPaused = function () {
    return !!this.workshop && typeof this.workshop.timer_paused_s === 'number';
  };

  Live.prototype.secondsLeft = function () {
    if (this.timerPaused()) return this.workshop.timer_paused_s;
    var ends = this.workshop && this.workshop.phase_ends_at;
    if (!ends) return null;
    var t = Date.parse(ends);
    if (isNaN(t)) return null;
    return Math.max(0, (t - (Date.now() + this.clockOffset)) / 1000);
  };

  function find(list, type, id) {
    list = list || [];
    for (var i = 0; i < list.length; i++) {
      if (list[i].type === type && String(list[i].id) === String(id)) return list[i];
    }
    return null;
  }

  Live.prototype.myVotesOn = function (type, id) {
    var mine = find(this.me && this.me.my_votes, type, id);
    return mine ? mine.votes : 0;
  };

  /** This person's rating of a target, {impact, effort}, or null. */
  Live.prototype.myRatingOn = function (type, id) {
    return find(this.me && this.me.my_ratings, type, id);
  };

  /** Whether the workshop prioritises with dots, the impact/effort matrix, or both. */
  Live.prototype.uses = function (way) {
    var p = (this.workshop && this.workshop.prioritization) || 'dots';
    return p === 'both' || p === way;
  };

  /** Tally totals sorted by votes, highest first, with labels; unknown targets dropped. */
  Live.prototype.ranking = function () {
    var self = this;
    return (this.tally.totals || [])
      .map(function (t) {
        return {
          type: t.type, id: t.id, votes: t.votes, by_role: t.by_role || {}, consensus: !!t.consensus,
          paper: t.paper || 0,
          label: C.targetLabel(self, t.type, t.id),
        };
      })
      .filter(function (t) {
        return t.label;
      })
      .sort(function (a, b) {
        return b.votes - a.votes;
      });
  };

  /** Whether every role supports what a commitment was drafted from (its tally target). */
  Live.prototype.consensusOf = function (commitment) {
    var src = commitment.source || {};
    var hit = src.cluster_id ? find(this.tally.totals, 'cluster', src.cluster_id)
      : find(this.tally.totals, 'card', (src.card_ids || [])[0]);
    return !!(hit && hit.consensus);
  };

  /** Average ratings with labels, most rated first; unknown targets dropped. */
  Live.prototype.ratingList = function () {
    var self = this;
    return (this.tally.ratings || [])
      .map(function (r) {
        return Object.assign({ label: C.targetLabel(self, r.type, r.id) }, r);
      })
      .filter(function (r) {
        return r.label && r.count;
      })
      .sort(function (a, b) {
        return b.count - a.count;
      });
  };

  /* ---------- commands ---------- */

  /** Emit a command; cb always gets an ack-shaped object, also on timeout. */
  Live.prototype.command = function (name, payload, cb) {
    if (!this.connected()) {
      if (cb) cb({ ok: false, error: { code: 'offline', message: C.t('conn_reconnecting') } });
      return;
    }
    this.socket.timeout(10000).emit(name, payload, function (err, ack) {
      if (!cb) return;
      if (err || !ack) cb({ ok: false, error: { code: 'timeout', message: C.t('no_response') } });
      else cb(ack);
    });
  };

  /** Queue a card in the persistent outbox; it is sent now or on the next connect. */
  Live.prototype.post = function (fields) {
    var item = Object.assign({ client_id: C.uuid() }, fields);
    this.outbox.push(item);
    this.saveOutbox();
    this.changed();
    this.flush();
    return item;
  };

  Live.prototype.saveOutbox = function () {
    if (this.opts.outboxKey) C.store.setJSON(this.opts.outboxKey, this.outbox);
  };

  Live.prototype.dropFromOutbox = function (item) {
    this.outbox = this.outbox.filter(function (o) {
      return o.client_id !== item.client_id;
    });
    this.saveOutbox();
  };

  /** Send queued cards one by one, in order; the server applies a repeated client_id once. */
  Live.prototype.flush = function () {
    var self = this;
    if (this.flushing || !this.connected() || !this.outbox.length) return;
    var item = this.outbox[0];
    this.flushing = true;
    this.socket.timeout(15000).emit('post_card', item, function (err, ack) {
      self.flushing = false;
      if (err || !ack) {
        setTimeout(function () { self.flush(); }, 3000);
        return;
      }
      if (ack.ok) {
        self.dropFromOutbox(item);
        if (ack.card && !self.hidden[ack.card.id]) self.cards[ack.card.id] = ack.card;
        if (ack.card && self.opts.onPosted) self.opts.onPosted(ack.card);
      } else if (ack.error && ack.error.code === 'rate_limited') {
        setTimeout(function () { self.flush(); }, 5000);
        return;
      } else {
        // Refused for good (wrong phase, closed…): hand the text back to the page.
        self.dropFromOutbox(item);
        if (self.opts.onPostFailed) self.opts.onPostFailed(item, ack.error || {});
      }
      self.changed();
      self.flush();
    });
  };
})();
