/* review.js: the review page: one document pair side by side, one row per
 * alignment link, and the corrections of the selected link. */
'use strict';

(function () {
  var el = bt.el;
  var state = { pair: null, order: 'doc', data: null, sel: -1, low: 0.5, busy: false, unaligned: false, from: null };
  var tbody, pairSel, lowFirst, splitForm, unalignedBox, pairs = {};

  var done = {
    confirm: 'Confirmed link', unalign: 'Marked as wrong: link', merge: 'Merged link',
    split: 'Split link', 'move-prev': 'Moved a sentence to the previous link from link',
    'move-next': 'Moved a sentence to the next link from link', pair: 'Paired into link'
  };

  function params() {
    return new URLSearchParams(location.search);
  }

  function setUrl() {
    var q = bt.query({ pair: state.pair, order: state.order === 'score' ? 'score' : '' });
    history.replaceState(null, '', '/review' + (q ? '?' + q : '') + location.hash);
  }

  function linkType(l) {
    return l.src_n + '\u2013' + l.tgt_n;
  }

  function sentences(list, side, n) {
    var td = el('td', { cls: 'side ' + side });
    if (!n) td.appendChild(el('span', { cls: 'none', text: 'not aligned' }));
    list.forEach(function (s) {
      var div = el('div', { cls: 'sent' + (s.kind === 'heading' ? ' heading' : '') + (s.corrected ? ' corrected' : ''),
        id: side + '-' + s.i, title: 'Double-click to correct the text, split or join the sentence' },
        el('span', { cls: 'idx', text: String(s.i) }), el('bdi', { cls: 'text', text: s.text }),
        s.corrected ? el('em', { cls: 'corrected', text: 'corrected', title:
          'Its text was corrected by hand; the original is kept (bitext corrections)' }) : null);
      div.addEventListener('dblclick', function (ev) { ev.preventDefault(); startEdit(side, s.i); });
      td.appendChild(div);
    });
    return td;
  }

  function render() {
    var d = state.data;
    var moved = bt.possiblyMoved(d.links);
    tbody.textContent = '';
    document.getElementById('h-src').textContent = 'Source (' + d.src_lang + ')';
    document.getElementById('h-tgt').textContent = 'Target (' + d.tgt_lang + ')';
    var counts = { low: 0, manual: 0, moved: 0 };
    d.links.forEach(function (l, i) {
      var cls = bt.confClass(l.score, l.manual, d.low_score);
      if (l.manual) counts.manual++;
      else if (l.score < d.low_score) counts.low++;
      var ord = el('td', { cls: 'ord' }, el('span', { text: String(l.ordinal) }), el('small', { text: linkType(l) }));
      if (l.moved) {
        ord.appendChild(el('em', { cls: 'crossing', text: 'moved', title:
          'Its translation stands elsewhere in the target text: a block the translator moved (this link crosses others)' }));
      }
      if (moved[i]) {
        counts.moved++;
        ord.appendChild(el('em', { cls: 'moved', text: 'possibly moved', title:
          'A sentence of the other side stands alone beside it: it may be this one\'s translation, moved' }));
      }
      var tr = el('tr', { cls: 'link ' + cls + (moved[i] ? ' moved' : ''), 'data-i': String(i), 'data-ordinal': String(l.ordinal) },
        ord,
        sentences(l.src, 'src', l.src_n),
        sentences(l.tgt, 'tgt', l.tgt_n),
        el('td', { cls: 'score' }, el('span', { cls: 'badge ' + cls,
          text: l.manual ? 'manual' : bt.fmtScore(l.score) })));
      if (state.unaligned && l.src_n && l.tgt_n) tr.classList.add('filtered');
      if (state.from && l.src_n && l.src_first >= state.from.src_first &&
          l.src_first < state.from.src_first + state.from.src_n) tr.classList.add('pairing');
      tr.addEventListener('click', function () { select(i, false); });
      tbody.appendChild(tr);
    });
    var prog = document.getElementById('progress');
    prog.textContent = '';
    if (d.links.length) prog.appendChild(bt.progress(counts.manual, d.links.length));
    document.getElementById('summary').textContent = d.links.length ? (d.links.length + ' links, ' + counts.low +
      ' low, ' + counts.manual + ' manual' +
      (counts.moved ? ', ' + counts.moved + ' possibly moved' : '') + ' \u00b7 ' + d.src_segments + ' / ' + d.tgt_segments + ' sentences') :
      'not aligned yet: run bitext align';
  }

  /* The row i, or the nearest shown one (the unaligned filter hides rows):
   * first in the direction dir, then the other way; -1 if none is shown. */
  function visible(i, dir) {
    var rows = tbody.rows, k;
    for (k = i; k >= 0 && k < rows.length; k += dir) if (!rows[k].classList.contains('filtered')) return k;
    for (k = i; k >= 0 && k < rows.length; k -= dir) if (!rows[k].classList.contains('filtered')) return k;
    return -1;
  }

  function select(i, scroll, dir) {
    var rows = tbody.rows;
    if (!rows.length) { state.sel = -1; return; }
    i = Math.max(0, Math.min(rows.length - 1, i));
    i = visible(i, dir || 1);
    if (i < 0) { state.sel = -1; return; }
    if (state.sel >= 0 && rows[state.sel]) {
      rows[state.sel].classList.remove('selected');
      rows[state.sel].removeAttribute('aria-selected');
    }
    state.sel = i;
    rows[i].classList.add('selected');
    rows[i].setAttribute('aria-selected', 'true');
    if (scroll) rows[i].scrollIntoView({ block: 'center' });
    hideSplit();
  }

  function selectOrdinal(ord, scroll) {
    var d = state.data, i, best = 0;
    for (i = 0; i < d.links.length; i++) {
      if (d.links[i].ordinal === ord) { select(i, scroll); return; }
      if (Math.abs(d.links[i].ordinal - ord) < Math.abs(d.links[best].ordinal - ord)) best = i;
    }
    select(best, scroll);
  }

  /* The link holding sentence n of side; false if none does. */
  function selectSentence(side, n, scroll) {
    var d = state.data;
    for (var i = 0; i < d.links.length; i++) {
      var l = d.links[i], first = side === 'src' ? l.src_first : l.tgt_first, cnt = side === 'src' ? l.src_n : l.tgt_n;
      if (n >= first && n < first + cnt) {
        select(i, scroll);
        return true;
      }
    }
    return false;
  }

  /* #src-12 or #tgt-3: the link holding that sentence (from the concordance) */
  function selectFromHash() {
    var m = /^#(src|tgt)-(\d+)$/.exec(location.hash);
    if (!m || !state.data) return false;
    if (!selectSentence(m[1], Number(m[2]), true)) return false;
    var s = document.getElementById(m[1] + '-' + m[2]);
    if (s) s.classList.add('target');
    return true;
  }

  /* at: {side, i}, select the link holding that sentence */
  function load(keepOrdinal, scroll, at) {
    if (!state.pair) return Promise.resolve();
    return bt.get('/api/pair', { id: state.pair, order: state.order }).then(function (d) {
      state.data = d;
      state.sel = -1;
      render();
      if (at) selectSentence(at.side, at.i, scroll);
      else if (keepOrdinal !== undefined && keepOrdinal !== null) selectOrdinal(keepOrdinal, scroll);
      else if (!selectFromHash()) select(0, false);
      return loadHistory();
    }).catch(function (e) { bt.status(e.message, true); });
  }

  /* ---- corrections of a sentence: its text, a split, a join; stored
   * as corrections of the document (the original kept), exported to TMX
   * as corrected, and undone like any change */
  var editing = null;

  function sentenceOf(side, i) {
    var links = state.data ? state.data.links : [];
    for (var k = 0; k < links.length; k++) {
      var list = side === 'src' ? links[k].src : links[k].tgt;
      for (var j = 0; j < list.length; j++) if (list[j].i === i) return list[j];
    }
    return null;
  }

  function cancelEdit() {
    if (!editing) return false;
    editing.box.remove();
    editing.div.hidden = false;
    editing = null;
    return true;
  }

  function startEdit(side, i) {
    var s = sentenceOf(side, i), div = document.getElementById(side + '-' + i);
    if (!s || !div || state.busy) return;
    cancelEdit();
    var what = (side === 'src' ? 'source' : 'target') + ' sentence ' + i;
    var ta = el('textarea', { cls: 'seg-edit', rows: '3', 'aria-label': 'Text of ' + what });
    ta.value = s.text;
    var button = function (op, label, k, title) {
      var b = el('button', { type: 'button', 'data-seg': op, title: title }, label + ' ', el('kbd', { text: k }));
      b.addEventListener('click', function () { segOp(op); });
      return b;
    };
    var box = el('div', { cls: 'seg-editor' }, ta, el('div', { cls: 'seg-tools' },
      button('edit', 'Save', 'Enter', 'Store the corrected text; the original is kept'),
      button('split', 'Split at cursor', 'Alt-S', 'The sentence ends at the cursor; the rest becomes the next sentence'),
      button('join', 'Join with next', 'Alt-J', 'This sentence and the next one of this side become one'),
      button('cancel', 'Cancel', 'Esc', 'Leave the sentence as it is')));
    ta.addEventListener('keydown', function (ev) {
      var op = ev.key === 'Escape' ? 'cancel' : ev.key === 'Enter' && !ev.shiftKey && !ev.altKey ? 'edit' :
        ev.altKey && ev.code === 'KeyS' ? 'split' : ev.altKey && ev.code === 'KeyJ' ? 'join' : null;
      if (!op) return;
      ev.preventDefault();
      ev.stopPropagation();
      segOp(op);
    });
    div.hidden = true;
    div.parentNode.insertBefore(box, div.nextSibling);
    editing = { side: side, i: i, text: s.text, div: div, box: box, ta: ta, what: what };
    ta.focus();
    ta.setSelectionRange(ta.value.length, ta.value.length);
    bt.status('Correcting ' + what + ': Enter saves, Alt-S splits at the cursor, Alt-J joins with the next, Esc cancels.');
  }

  /* the keys e and E: the selected link's first source or target sentence */
  function editSelected(side) {
    var l = current(), list = l ? (side === 'src' ? l.src : l.tgt) : [];
    if (!list.length) { bt.status('The selected link has no ' + (side === 'src' ? 'source' : 'target') + ' sentence.', true); return; }
    startEdit(side, list[0].i);
  }

  function segOp(op) {
    var e = editing;
    if (!e || state.busy) return;
    if (op === 'cancel') { cancelEdit(); bt.status('Left ' + e.what + ' as it was.'); return; }
    var p = { pair: state.pair, side: e.side, ordinal: e.i, op: op, seen: e.text };
    if (op === 'edit') {
      if (e.ta.value === e.text) { cancelEdit(); bt.status('No change to ' + e.what + '.'); return; }
      p.text = e.ta.value;
    } else if (e.ta.value !== e.text) {
      bt.status('Save the corrected text first (Enter), then ' + op + ' the sentence.', true);
      return;
    }
    if (op === 'split') {
      var at = e.ta.selectionStart;
      if (at <= 0 || at >= e.text.length) { bt.status('Put the cursor where the first sentence should end.', true); return; }
      p.at = new TextEncoder().encode(e.text.slice(0, at)).length; /* the API counts bytes of UTF-8 */
    }
    state.busy = true;
    bt.post('/api/segment', p).then(function () {
      var msg = { edit: 'Corrected ', split: 'Split ', join: 'Joined with the next: ' }[op] + e.what + '.';
      editing = null;
      bt.status('Saved; reloading the pair…');
      return load(null, true, { side: e.side, i: e.i }).then(function () {
        if (!document.getElementById('status').classList.contains('error')) bt.status(msg);
      });
    }).catch(function (err) {
      bt.status(err.message, true);
      if (err.status === 409 || err.status === 404) { editing = null; return load(null, true, { side: e.side, i: e.i }); }
    }).then(function () { state.busy = false; });
  }

  /* Undo and redo follow the corpus's history (bitext history), kept in
   * the corpus: they survive a reload and see the command line's changes. */
  function showHistory(h) {
    state.hist = h;
    [['undo', 'Undo', 'Ctrl-Z'], ['redo', 'Redo', 'Ctrl-Shift-Z']].forEach(function (x) {
      var b = document.getElementById(x[0]), c = h && h[x[0]];
      b.disabled = !c;
      b.title = c ? x[1] + ' ' + c.what + ' of ' + c.at.slice(0, 10) + ' ' + c.at.slice(11, 16) + ' UTC (' + x[2] + ')'
        : 'Nothing to ' + x[0] + ' (' + x[2] + ')';
    });
  }

  function loadHistory() {
    return bt.get('/api/history', { pair: state.pair }).then(showHistory);
  }

  function undo(redo) {
    var what = redo ? 'redo' : 'undo', c = state.hist && state.hist[what];
    if (state.busy) return;
    if (!c) { bt.status('Nothing to ' + what + ' for this pair.', true); return; }
    var l = current();
    state.busy = true;
    bt.post('/api/' + what, { pair: state.pair, expect: c.id }).then(function () {
      var n = redo ? c.links_after : c.links_before;
      bt.status((redo ? 'Redid ' : 'Undid ') + c.what + ': the pair has ' + n + ' links again.');
      return load(l ? l.ordinal : null, true);
    }).catch(function (e) {
      bt.status(e.message, true);
      if (e.status === 409) return load(l ? l.ordinal : null, true);
    }).then(function () { state.busy = false; });
  }

  function current() {
    return state.data && state.sel >= 0 ? state.data.links[state.sel] : null;
  }

  function edit(op, extra) {
    var l = current();
    if (!l || state.busy) return;
    var p = { pair: state.pair, op: op, ordinal: l.ordinal, src_first: l.src_first, src_n: l.src_n,
      tgt_first: l.tgt_first, tgt_n: l.tgt_n };
    Object.keys(extra || {}).forEach(function (k) { p[k] = extra[k]; });
    state.busy = true;
    bt.post('/api/edit', p).then(function (r) {
      var next = l.ordinal, msg = done[op] + ' ' + l.ordinal + '. The pair has ' + r.links + ' links.';
      /* confirming walks on, as a reviewer reads down the page */
      if (op === 'confirm' && state.sel + 1 < state.data.links.length) next = state.data.links[state.sel + 1].ordinal;
      /* the message comes once the table shows the edit (a failed
       * reload keeps its own error message) */
      bt.status('Saved; reloading the pair…');
      return load(next, true).then(function () {
        if (!document.getElementById('status').classList.contains('error')) bt.status(msg);
      });
    }).catch(function (e) {
      bt.status(e.message, true);
      if (e.status === 409) return load(l.ordinal, true);
    }).then(function () { state.busy = false; });
  }

  function options(sel, n, value) {
    sel.textContent = '';
    for (var k = 0; k <= n; k++) sel.appendChild(el('option', { value: String(k), text: String(k) }));
    sel.value = String(value);
  }

  /* the first part keeps one sentence of each side that has two or more */
  function showSplit() {
    var l = current();
    if (!l) return;
    if (l.src_n + l.tgt_n < 2) { bt.status('Link ' + l.ordinal + ' has one sentence: nothing to split.', true); return; }
    var k = l.src_n >= 2 ? 1 : l.src_n, m = l.tgt_n >= 2 ? 1 : l.tgt_n;
    if (k === l.src_n && m === l.tgt_n) m = 0;
    options(document.getElementById('split-src'), l.src_n, k);
    options(document.getElementById('split-tgt'), l.tgt_n, m);
    splitForm.hidden = false;
    document.getElementById('split-go').focus();
  }

  function hideSplit() {
    if (splitForm) splitForm.hidden = true;
  }

  function run(op, side) {
    if (op === 'split') showSplit();
    else if (op === 'pair') pairStep(false);
    else edit(op, side ? { side: side } : null);
  }

  function srcRange(f, n) {
    return n === 1 ? 'source sentence ' + f : 'source sentences ' + f + '\u2013' + (f + n - 1);
  }

  function showPairing() {
    tbody.querySelectorAll('tr.pairing').forEach(function (r) { r.classList.remove('pairing'); });
    if (!state.from) return;
    state.data.links.forEach(function (l, i) {
      if (l.src_n && l.src_first >= state.from.src_first && l.src_first < state.from.src_first + state.from.src_n)
        tbody.rows[i].classList.add('pairing');
    });
    bt.status('Pairing ' + srcRange(state.from.src_first, state.from.src_n) + ': select the link that holds ' +
      'their translation and press p (Shift-P adds the selected link\'s source sentences; Esc cancels).');
  }

  function cancelPair() {
    if (!state.from) return;
    state.from = null;
    showPairing();
    bt.status('Pairing cancelled.');
  }

  /* Links across others, for a block the translator moved: p takes the
   * selected link's source sentences (Shift-P adds the next ones), then p
   * on the link holding their translation links them with its target
   * sentences, wherever they stand. */
  function pairStep(extend) {
    var l = current(), f = state.from;
    if (!l || state.busy) return;
    if (!f || (extend && !l.src_n)) {
      if (!l.src_n) { bt.status('Link ' + l.ordinal + ' has no source sentence to pair.', true); return; }
      state.from = { src_first: l.src_first, src_n: l.src_n };
      showPairing();
      return;
    }
    if (extend) {
      if (l.src_first === f.src_first + f.src_n) f.src_n += l.src_n;
      else if (l.src_first + l.src_n === f.src_first) { f.src_first = l.src_first; f.src_n += l.src_n; }
      else { bt.status('Only the source sentences right before or after ' + srcRange(f.src_first, f.src_n) + ' can be added.', true); return; }
      showPairing();
      return;
    }
    if (!l.tgt_n) { bt.status('Link ' + l.ordinal + ' has no target sentence: select the one with the translation.', true); return; }
    state.from = null;
    state.busy = true;
    bt.post('/api/edit', { pair: state.pair, op: 'pair', src_first: f.src_first, src_n: f.src_n,
      tgt_first: l.tgt_first, tgt_n: l.tgt_n }).then(function (r) {
      var msg = 'Paired ' + srcRange(f.src_first, f.src_n) + ' with target sentence' + (l.tgt_n === 1 ? ' ' + l.tgt_first :
        's ' + l.tgt_first + '\u2013' + (l.tgt_first + l.tgt_n - 1)) + '. The pair has ' + r.links + ' links.';
      bt.status('Saved; reloading the pair…');
      return load(null, true, { side: 'src', i: f.src_first }).then(function () {
        if (!document.getElementById('status').classList.contains('error')) bt.status(msg);
      });
    }).catch(function (e) {
      bt.status(e.message, true);
      return load(l.ordinal, true);
    }).then(function () { state.busy = false; });
  }

  /* Low confidence first starts at the top, at the lowest link: keeping the
   * selected link would scroll the lowest ones off screen. */
  function toggleLow() {
    state.order = lowFirst.checked ? 'score' : 'doc';
    setUrl();
    var l = current();
    if (state.order === 'score') {
      load(null, false).then(function () { select(0, false); window.scrollTo(0, 0); });
    } else load(l ? l.ordinal : null, true);
  }

  /* Unaligned only: the 1-0 and 0-1 links, where a sentence has no partner */
  function toggleUnaligned() {
    state.unaligned = unalignedBox.checked;
    var l = current();
    render();
    state.sel = -1;
    if (l) selectOrdinal(l.ordinal, true);
    var shown = tbody.querySelectorAll('tr.link:not(.filtered)').length;
    bt.status(state.unaligned ? 'Unaligned only: ' + shown + ' link' + (shown === 1 ? '' : 's') + ' (1\u20130, 0\u20131).' :
      'All links shown.');
  }

  function pairLabel(x) {
    return x.id + (x.date ? '  (' + x.date + ')' : '') + (x.low ? '  \u00b7 ' + x.low + ' low' : '') +
      (x.reviewed ? '  \u00b7 \u2713 reviewed' : '');
  }

  function showReviewed() {
    var x = pairs[state.pair], b = document.getElementById('reviewed');
    if (!x) return;
    b.setAttribute('aria-pressed', x.reviewed ? 'true' : 'false');
    b.firstChild.textContent = x.reviewed ? '\u2713 Pair reviewed ' : 'Mark pair reviewed ';
    pairSel.options[pairSel.selectedIndex].textContent = pairLabel(x);
  }

  /* Marks the whole pair reviewed or not; `was` lets the server refuse (409)
   * when someone else changed it since the list was read. */
  function toggleReviewed() {
    var x = pairs[state.pair];
    if (!x || state.busy) return;
    state.busy = true;
    bt.post('/api/reviewed', { pair: x.id, reviewed: x.reviewed ? '0' : '1', was: x.reviewed ? '1' : '0' }).then(function (r) {
      x.reviewed = r.reviewed;
      showReviewed();
      bt.status(r.reviewed ? 'Pair ' + x.id + ' marked reviewed.' : 'Pair ' + x.id + ' no longer marked reviewed.');
    }).catch(function (e) {
      bt.status(e.message, true);
      if (e.status === 409) return bt.get('/api/pairs').then(function (r) {
        r.pairs.forEach(function (y) { if (pairs[y.id]) pairs[y.id].reviewed = y.reviewed; });
        showReviewed();
      });
    }).then(function () { state.busy = false; });
  }

  function toggleHelp() {
    var h = document.getElementById('help');
    h.open = !h.open;
    if (h.open) h.scrollIntoView({ block: 'nearest' });
  }

  function keys(ev) {
    var t0 = ev.target.tagName;
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && (ev.key === 'z' || ev.key === 'Z') &&
        t0 !== 'INPUT' && t0 !== 'TEXTAREA') {
      ev.preventDefault();
      undo(ev.shiftKey);
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target.tagName;
    if (t === 'INPUT' || t === 'SELECT' || t === 'TEXTAREA') {
      if (ev.key === 'Escape') { hideSplit(); cancelPair(); ev.target.blur(); }
      return;
    }
    var map = {
      j: function () { select(state.sel + 1, true, 1); }, ArrowDown: function () { select(state.sel + 1, true, 1); },
      k: function () { select(state.sel - 1, true, -1); }, ArrowUp: function () { select(state.sel - 1, true, -1); },
      c: function () { run('confirm'); }, x: function () { run('unalign'); }, m: function () { run('merge'); },
      s: function () { run('split'); }, u: function () { run('move-prev', 'src'); },
      d: function () { run('move-next', 'src'); }, U: function () { run('move-prev', 'tgt'); },
      D: function () { run('move-next', 'tgt'); },
      l: function () { lowFirst.checked = !lowFirst.checked; toggleLow(); },
      '?': toggleHelp, r: toggleReviewed,
      n: function () { unalignedBox.checked = !unalignedBox.checked; toggleUnaligned(); },
      p: function () { pairStep(false); }, P: function () { pairStep(true); },
      e: function () { editSelected('src'); }, E: function () { editSelected('tgt'); },
      Escape: function () { hideSplit(); cancelPair(); }
    };
    if (map[ev.key]) { ev.preventDefault(); map[ev.key](); }
  }

  document.addEventListener('DOMContentLoaded', function () {
    tbody = document.querySelector('#links tbody');
    pairSel = document.getElementById('pair');
    lowFirst = document.getElementById('lowfirst');
    splitForm = document.getElementById('splitform');
    unalignedBox = document.getElementById('unaligned');
    document.getElementById('reviewed').addEventListener('click', toggleReviewed);
    /* the box gives the focus back, so that the keys go on working */
    unalignedBox.addEventListener('change', function () { unalignedBox.blur(); toggleUnaligned(); });
    var p = params();
    state.order = p.get('order') === 'score' ? 'score' : 'doc';
    lowFirst.checked = state.order === 'score';

    document.getElementById('undo').addEventListener('click', function () { undo(false); });
    document.getElementById('redo').addEventListener('click', function () { undo(true); });
    document.querySelectorAll('.toolbar button[data-op]').forEach(function (b) {
      b.addEventListener('click', function () { run(b.getAttribute('data-op'), b.getAttribute('data-side')); });
    });
    splitForm.addEventListener('submit', function (ev) {
      ev.preventDefault();
      hideSplit();
      edit('split', { src_k: document.getElementById('split-src').value, tgt_k: document.getElementById('split-tgt').value });
    });
    document.getElementById('split-cancel').addEventListener('click', hideSplit);
    lowFirst.addEventListener('change', toggleLow);
    pairSel.addEventListener('change', function () {
      state.pair = pairSel.value;
      state.from = null;
      showReviewed();
      history.replaceState(null, '', '/review?' + bt.query({ pair: state.pair, order: state.order === 'score' ? 'score' : '' }));
      load(null, false);
    });
    window.addEventListener('hashchange', selectFromHash);
    document.addEventListener('keydown', keys);

    bt.get('/api/pairs').then(function (r) {
      r.pairs.forEach(function (x) {
        pairs[x.id] = x;
        pairSel.appendChild(el('option', { value: x.id, text: pairLabel(x) }));
      });
      if (!r.pairs.length) { bt.status('The corpus has no pairs yet.', true); return; }
      var want = p.get('pair');
      state.pair = want && r.pairs.some(function (x) { return x.id === want; }) ? want : r.pairs[0].id;
      if (want && want !== state.pair) bt.status('No pair ' + want + ' in this corpus.', true);
      pairSel.value = state.pair;
      showReviewed();
      setUrl();
      return load(null, false);
    }).catch(function (e) { bt.status(e.message, true); });
  });
})();
