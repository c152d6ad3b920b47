/* The plan editor: every commitment's fields, a new one by hand, and publishing a version. */
import { C, $, h, t, code, notice, run, session } from './session.js';

var el = {
  commitments: $('#commitments'),
  addCommitment: $('#add-commitment'),
  newCommitment: $('#new-commitment'),
  publishBtn: $('#publish-btn'),
  published: $('#published'),
};

var renderEditors = null;
var published = null; // {version, url} after publishing from this console

export function renderPlan(lv) {
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
    if (ack.commitment) session.live.commitments[ack.commitment.id] = ack.commitment;
    session.live.changed();
  });
});

el.publishBtn.addEventListener('click', function () {
  if (!window.confirm(t('publish_confirm'))) return;
  el.publishBtn.disabled = true;
  run('publish_plan', {}, function (ack) {
    el.publishBtn.disabled = false;
    published = { version: ack.version, url: ack.url || '/p/' + code };
    if (!session.live.published || session.live.published.version < ack.version) session.live.published = { version: ack.version, published_at: null };
    session.live.changed();
  }, function () {
    el.publishBtn.disabled = false;
  });
});
