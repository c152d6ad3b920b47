/* The facilitation's own cards: what is said aloud, typed in; kept in an outbox until stored. */
import { C, $, h, t, code, notice, session } from './session.js';

var el = {
  postForm: $('#post-form'),
  postKind: $('#post-kind'),
  postText: $('#post-text'),
  outbox: $('#outbox'),
};

var draftKey = C.key(code, 'f-draft');
el.postText.value = C.store.get(draftKey) || '';
el.postText.addEventListener('input', function () {
  C.store.set(draftKey, el.postText.value);
});
el.postForm.addEventListener('submit', function (ev) {
  ev.preventDefault();
  var text = el.postText.value.trim();
  if (!text) return;
  session.live.post({ kind: el.postKind.value, text: text });
  el.postText.value = '';
  C.store.remove(draftKey);
});

/** A card the server refused comes back into the box, unless something new is being typed. */
export function restoreUnsent(item, error) {
  if (!el.postText.value) el.postText.value = item.text;
  notice(t('not_sent') + ' ' + (error.message || error.code || ''));
}

export function renderOutbox(lv) {
  C.fill(el.outbox, lv.outbox.map(function (o) {
    return h('li', { class: 'card pending ' + o.kind }, [h('p', { text: o.text }), h('small', { text: t('sending') })]);
  }));
}
