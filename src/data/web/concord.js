/* concord.js: the concordance page: the query language of `bitext concord`,
 * KWIC lines with the aligned translation, filters, sorting and paging. */
'use strict';

(function () {
  var el = bt.el;
  var fields = ['q', 'lang', 'doc', 'since', 'until', 'min_score', 'sort', 'limit', 'tgt_has', 'tgt_lacks'];
  var checks = ['exact', 'case']; /* ticked: =1 */
  var CONTEXT = 60; /* characters of context each side */
  var last = null;

  function formParams() {
    var p = {};
    fields.forEach(function (f) { p[f] = document.getElementById(f).value.trim(); });
    checks.forEach(function (f) { if (document.getElementById(f).checked) p[f] = '1'; });
    if (p.lang === 'src') p.lang = '';
    if (p.sort === 'doc') p.sort = '';
    if (p.limit === '20') p.limit = '';
    return p;
  }

  function fillForm(sp) {
    fields.forEach(function (f) {
      var v = sp.get(f);
      var e = document.getElementById(f);
      if (v !== null) e.value = v;
      else if (e.tagName === 'SELECT') e.selectedIndex = 0;
      else e.value = '';
    });
    checks.forEach(function (f) { document.getElementById(f).checked = sp.get(f) === '1'; });
  }

  function cutLeft(s) {
    return s.length > CONTEXT ? '\u2026' + s.slice(s.length - CONTEXT) : s;
  }

  function cutRight(runs) {
    var out = [], left = CONTEXT;
    for (var i = 0; i < runs.length && left > 0; i++) {
      var t = runs[i][0];
      if (t.length > left) { out.push([t.slice(0, left) + '\u2026', runs[i][1]]); left = 0; }
      else { out.push(runs[i]); left -= t.length; }
    }
    return out;
  }

  function hitView(h, info) {
    var i = 0, left = '', match = '', rest;
    /* the KWIC line: the text before the first match, the match, the rest */
    while (i < h.text.length && h.text[i][1] !== 1) left += h.text[i++][0];
    if (i < h.text.length) match = h.text[i++][0];
    rest = h.text.slice(i);
    var href = '/review?' + bt.query({ pair: h.doc }) + '#' + h.side + '-' + h.ordinal;
    var cls = h.aligned ? bt.confClass(h.score, false, info.low_score) : 'conf-none';
    var other = h.side === 'src' ? info.tgt_lang : info.src_lang;
    return el('div', { cls: 'hit' },
      el('div', { cls: 'meta' },
        el('a', { href: href, title: 'Open this sentence in the review page' }, el('bdi', { text: h.doc }),
          ' \u00b7 ' + h.side + ' ' + h.ordinal),
        h.date ? el('span', { cls: 'date', text: h.date }) : null,
        el('span', { cls: 'lang', text: h.lang }),
        el('span', { cls: 'badge ' + cls, text: h.aligned ? h.link + ' \u00b7 ' + bt.fmtScore(h.score) : 'not aligned' })),
      el('div', { cls: 'kwic' },
        el('bdi', { cls: 'left', text: cutLeft(left) }),
        el('mark', { cls: 'match', text: match }),
        bt.runs(el('bdi', { cls: 'right' }), cutRight(rest))),
      bt.runs(el('div', { cls: 'tr', lang: other }), h.translation.length ? h.translation : [['(no translation)', 0]]));
  }

  /* The links that save the search's hits as CSV: its parameters, the
   * first 10,000 hits, with , or ; between fields. */
  function exportLinks(p, show) {
    var ex = {}, semi = { sep: ';' };
    Object.keys(p).forEach(function (k) {
      if (k !== 'limit' && k !== 'offset' && p[k]) { ex[k] = p[k]; semi[k] = p[k]; }
    });
    ex.limit = semi.limit = '10000';
    document.getElementById('export').href = '/api/concord.csv?' + bt.query(ex);
    document.getElementById('export-semi').href = '/api/concord.csv?' + bt.query(semi);
    document.getElementById('exports').hidden = !show;
  }

  function search(p, push) {
    if (!p.q) return;
    var q = bt.query(p);
    if (push) history.pushState(null, '', '/concord?' + q);
    bt.status('Searching\u2026');
    Promise.all([bt.info, bt.get('/api/concord', p)]).then(function (a) {
      var info = a[0], r = a[1];
      var box = document.getElementById('hits');
      box.textContent = '';
      last = r;
      r.hits.forEach(function (h) { box.appendChild(hitView(h, info)); });
      var first = r.offset + 1, lastN = r.offset + r.n;
      var total = r.total === null ? 'more' : String(r.total);
      bt.status(r.n ? 'Hits ' + first + '\u2013' + lastN + ' of ' + total + ' for ' + r.query :
        (r.offset ? 'No more hits for ' : 'No hits for ') + r.query);
      document.getElementById('pager').hidden = !(r.offset > 0 || r.more);
      document.getElementById('prev').disabled = r.offset === 0;
      document.getElementById('next').disabled = !r.more;
      document.getElementById('pageinfo').textContent = r.n ? first + '\u2013' + lastN : '';
      exportLinks(p, r.n > 0);
    }).catch(function (e) {
      document.getElementById('hits').textContent = '';
      document.getElementById('pager').hidden = true;
      document.getElementById('exports').hidden = true;
      bt.status(e.message, true);
    });
  }

  function page(delta) {
    if (!last) return;
    var sp = new URLSearchParams(location.search);
    var off = Math.max(0, last.offset + delta * last.limit);
    if (off) sp.set('offset', String(off)); else sp.delete('offset');
    history.pushState(null, '', '/concord?' + sp.toString());
    run();
    window.scrollTo(0, 0);
  }

  /* The search of an address comes from the address itself, never from the
   * form: the document list may still be loading, and a <select> without the
   * option drops the value that was set. */
  function urlParams(sp) {
    var p = {};
    fields.forEach(function (f) { p[f] = (sp.get(f) || '').trim(); });
    checks.forEach(function (f) { if (sp.get(f) === '1') p[f] = '1'; });
    if (p.lang === 'src') p.lang = '';
    if (p.sort === 'doc') p.sort = '';
    if (p.limit === '20') p.limit = '';
    if (sp.get('offset')) p.offset = sp.get('offset');
    return p;
  }

  /* Puts the document of the address into the list, whenever the list arrives. */
  function selectDoc(sel, want) {
    if (!want) return;
    var known = Array.prototype.some.call(sel.options, function (o) { return o.value === want; });
    if (!known) sel.appendChild(el('option', { value: want, text: want }));
    sel.value = want;
  }

  function run() {
    var sp = new URLSearchParams(location.search);
    fillForm(sp);
    selectDoc(document.getElementById('doc'), sp.get('doc'));
    if (!sp.get('q')) return;
    search(urlParams(sp), false);
  }

  document.addEventListener('DOMContentLoaded', function () {
    bt.get('/api/pairs').then(function (r) {
      var sel = document.getElementById('doc');
      var want = sel.value; /* the address's, or the one picked meanwhile */
      sel.length = 1;
      r.pairs.forEach(function (x) { sel.appendChild(el('option', { value: x.id, text: x.id })); });
      selectDoc(sel, want);
    });
    bt.info.then(function (i) {
      var l = document.getElementById('lang');
      l.options[0].textContent = 'source (' + i.src_lang + ')';
      l.options[1].textContent = 'target (' + i.tgt_lang + ')';
    });
    document.getElementById('form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      search(formParams(), true);
    });
    /* match case is exact spelling with case: one implies the other */
    document.getElementById('case').addEventListener('change', function () {
      if (this.checked) document.getElementById('exact').checked = true;
    });
    document.getElementById('exact').addEventListener('change', function () {
      if (!this.checked) document.getElementById('case').checked = false;
    });
    document.getElementById('prev').addEventListener('click', function () { page(-1); });
    document.getElementById('next').addEventListener('click', function () { page(1); });
    window.addEventListener('popstate', run);
    run();
  });
})();
