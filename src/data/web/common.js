/* common.js: what every page of `bitext serve` shares. Corpus text is
 * only ever put into the page as text (textContent), never as markup, and
 * in an isolate (<bdi>, or an element bitext.css isolates), so that its
 * bidi formatting characters stay inside it. */
'use strict';

var bt = (function () {
  function el(tag, attrs) {
    var e = document.createElement(tag);
    var k, i, c;
    for (k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    for (i = 2; i < arguments.length; i++) {
      c = arguments[i];
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v === undefined || v === null || v === '') return;
      parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
    });
    return parts.join('&');
  }

  function answer(r) {
    return r.text().then(function (t) {
      var j;
      try { j = JSON.parse(t); } catch (e) { j = { error: 'the server answered ' + r.status }; }
      if (!r.ok) {
        var err = new Error(j.error || ('HTTP ' + r.status));
        err.status = r.status;
        throw err;
      }
      return j;
    });
  }

  function get(path, params) {
    var q = query(params || {});
    return fetch(path + (q ? '?' + q : ''), { headers: { Accept: 'application/json' } }).then(answer);
  }

  function post(path, params) {
    var meta = document.querySelector('meta[name="bitext-token"]');
    return fetch(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Bitext-Token': meta ? meta.content : ''
      },
      body: query(params)
    }).then(answer);
  }

  /* runs: [[text, flag], ...]; flag 1 a match, 2 a known equivalent. Each
   * run is isolated (<bdi>, and marks by bitext.css): a bidi override in
   * one run reverses that run only, never a match after it. */
  function runs(parent, list) {
    (list || []).forEach(function (r) {
      if (r[1]) parent.appendChild(el('mark', { cls: r[1] === 1 ? 'match' : 'equiv', text: r[0] }));
      else parent.appendChild(el('bdi', { text: r[0] }));
    });
    return parent;
  }

  function confClass(score, manual, low) {
    if (manual) return 'conf-manual';
    if (score >= 0.9) return 'conf-high';
    if (score >= low) return 'conf-mid';
    return 'conf-low';
  }

  function fmtScore(s) {
    return s === null || s === undefined ? '' : Number(s).toFixed(2);
  }

  function status(msg, isError) {
    var s = document.getElementById('status');
    if (!s) return;
    s.textContent = msg || '';
    s.className = 'status' + (isError ? ' error' : '');
  }

  var info = get('/api/info').then(function (i) {
    var c = document.getElementById('corpus');
    if (c) c.textContent = i.src_lang + ' \u2192 ' + i.tgt_lang + ' \u00b7 ' + i.pairs + ' pairs \u00b7 ' +
      i.links + ' links (' + i.manual + ' manual)';
    var l = document.getElementById('low');
    if (l) l.textContent = fmtScore(i.low_score);
    return i;
  });

  /* "37 of 169 links checked": links confirmed or corrected by hand */
  function progress(done, total) {
    return el('span', { cls: 'progress' },
      el('progress', { max: String(Math.max(total, 1)), value: String(done) }),
      el('span', { cls: 'ptext', text: done + ' of ' + total + ' links checked' }));
  }

  function indexPage() {
    var body = document.querySelector('#pairs tbody');
    Promise.all([info, get('/api/pairs')]).then(function (a) {
      var low = a[0].low_score;
      a[1].pairs.forEach(function (p) {
        var link = el('a', { href: '/review?' + query({ pair: p.id }) }, el('bdi', { text: p.id }),
          p.reviewed ? el('span', { cls: 'reviewed', text: ' \u2713 reviewed' }) : null);
        var lowLink = p.low ? el('a', { href: '/review?' + query({ pair: p.id, order: 'score' }), text: String(p.low) })
          : String(p.low);
        body.appendChild(el('tr', null,
          el('td', null, link),
          el('td', { text: p.date || '' }),
          el('td', { cls: 'num', text: p.src_segments + ' / ' + p.tgt_segments }),
          el('td', { cls: 'num', text: p.links ? String(p.links) : 'not aligned' }),
          el('td', { cls: 'num' + (p.low ? ' lowcount' : '') }, lowLink),
          el('td', { cls: 'num' }, progress(p.manual, p.links)),
          el('td', { cls: 'num' }, p.min_score === null ? '' :
            el('span', { cls: 'badge ' + confClass(p.min_score, false, low), text: fmtScore(p.min_score) }))));
      });
      if (!a[1].pairs.length) status('The corpus has no pairs yet: bitext import DIR, then bitext align.');
    }).catch(function (e) { status(e.message, true); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (document.body.id === 'index') indexPage();
  });

  /* Links that may be a moved sentence rather than a missing one: a 1-0 or
     0-1 link in a run of unaligned links that has both kinds (a sentence of
     each side with no partner, side by side). */
  function possiblyMoved(links) {
    var moved = [], i = 0, j, k, src, tgt;
    while (i < links.length) {
      if (links[i].src_n && links[i].tgt_n) { moved.push(false); i++; continue; }
      for (j = i, src = tgt = false; j < links.length && !(links[j].src_n && links[j].tgt_n); j++) {
        if (!links[j].tgt_n) src = true; else tgt = true;
      }
      for (k = i; k < j; k++) moved.push(src && tgt && !links[k].manual);
      i = j;
    }
    return moved;
  }

  return { el: el, get: get, post: post, query: query, runs: runs, confClass: confClass,
    fmtScore: fmtScore, status: status, info: info, progress: progress, possiblyMoved: possiblyMoved };
})();
