// browser.mjs: the pages of `bitext serve` in a real browser (Debian's
// chromium, driven by playwright-core), as a translator uses them: review a
// pair, merge and split links with the keys, reload and find them kept,
// move a sentence, confirm, mark wrong, order by confidence; search the
// concordance for Lukashenko and find the Dutch Loekasjenko, page on, follow
// a hit to its place in the review page; corpus text holding <script> shown
// as text. Every request must go to the server itself, and no page may log
// an error. Run by browser.sh: node browser.mjs URL SHOTS_DIR
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(process.env.PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');

const [url, shots] = process.argv.slice(2);
const origin = new URL(url).origin;
let passed = 0, failed = 0;
function check(name, cond, detail) {
  if (cond) passed++;
  else { failed++; console.log(`FAIL: ${name}${detail === undefined ? '' : ': ' + JSON.stringify(detail)}`); }
}

const P = '000_94da7f26282f7cdf';
const profile = mkdtempSync(join(tmpdir(), 'bt_chromium_'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 860 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  timeout: 60000,
});
const page = ctx.pages()[0] || await ctx.newPage();
page.setDefaultTimeout(15000);
const errors = [], foreign = [], dialogs = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('request', (r) => { if (!r.url().startsWith(origin + '/')) foreign.push(r.url()); });
page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });

const rows = () => page.locator('#links tbody tr');
// the link of row i as "SRC+TGT sentences" and whether it is manual
async function row(i) {
  const r = rows().nth(i);
  return {
    src: await r.locator('td.src .sent').count(),
    tgt: await r.locator('td.tgt .sent').count(),
    manual: (await r.getAttribute('class')).includes('conf-manual'),
    cls: await r.getAttribute('class'),
  };
}
async function waitRows(n) {
  await page.waitForFunction((n) => document.querySelectorAll('#links tbody tr').length === n, n);
}
async function openReview(query) {
  await page.goto(`${url}review?${query}`);
  await page.waitForSelector('#links tbody tr');
}
async function key(k, status) {
  await page.keyboard.press(k);
  if (status) await page.waitForFunction((s) => document.getElementById('status').textContent.startsWith(s), status);
}
// the concordance searched with a translation filter typed in its field:
// the hits' translations, once the address holds it
async function translations(field, words) {
  await page.fill(`#${field}`, words);
  await page.press('#q', 'Enter');
  await page.waitForFunction(([f, w]) => new URL(location.href).searchParams.get(f) === w &&
    document.getElementById('status').textContent.startsWith('Hits 1–'), [field, words]);
  return page.$$eval('.hit .tr', (t) => t.map((x) => x.textContent));
}
async function selectRow(i) {
  await rows().nth(i).click();
  check(`row ${i} selected`, (await rows().nth(i).getAttribute('class')).includes('selected'));
}

try {
  // ---- the review page
  await openReview(`pair=${P}`);
  await waitRows(25);
  check('25 links', await rows().count() === 25);
  check('colour by score: 0.25 is low', (await row(0)).cls.includes('conf-low'), (await row(0)).cls);
  check('colour by score: 0.95 is high', (await row(7)).cls.includes('conf-high'), (await row(7)).cls);
  check('colour by score: 0.55 is mid', (await row(3)).cls.includes('conf-mid'), (await row(3)).cls);
  check('headers name the languages', await page.textContent('#h-src') === 'Source (nl)');
  check('first row selected', (await rows().nth(0).getAttribute('class')).includes('selected'));

  // legend and keys above the table, folded and unfolded by ? and by the mouse
  const helpOpen = () => page.$eval('#help', (h) => h.open);
  check('help: open at first', await helpOpen());
  check('help: above the table', await page.evaluate(() =>
    document.getElementById('help').getBoundingClientRect().bottom <= document.getElementById('links').getBoundingClientRect().top));
  check('help: the legend names manual and selected', (await page.textContent('#help .legend')).includes('by hand') &&
    (await page.textContent('#help .legend')).includes('selected'));
  await key('?');
  check('help: ? folds it', !(await helpOpen()));
  await key('?');
  check('help: ? opens it', await helpOpen());
  await page.click('#help summary');
  check('help: a click folds it', !(await helpOpen()));
  await page.click('#help summary');
  check('help: a click opens it', await helpOpen());

  // merge links 3 and 4 with the key m, by keys only: j j j selects row 3
  await key('j'); await key('j'); await key('j');
  await key('m', 'Merged link 3');
  await waitRows(24);
  let r = await row(3);
  check('merged: 2+2 sentences, manual', r.src === 2 && r.tgt === 2 && r.manual, r);
  await page.reload();
  await waitRows(24);
  r = await row(3);
  check('merge kept after reload', r.src === 2 && r.tgt === 2 && r.manual, r);

  // split it again with s and the split form (1 and 1 in the first part)
  await selectRow(3);
  await key('s');
  check('split form shown', await page.isVisible('#splitform'));
  check('split keeps 1 source by default', await page.inputValue('#split-src') === '1');
  check('split keeps 1 target by default', await page.inputValue('#split-tgt') === '1');
  await key('Enter', 'Split link 3');
  await waitRows(25);
  await page.reload();
  await waitRows(25);
  const r3 = await row(3), r4 = await row(4);
  check('split kept after reload', r3.src === 1 && r3.tgt === 1 && r3.manual && r4.src === 1 && r4.tgt === 1 && r4.manual,
    [r3, r4]);
  check('the other links untouched', !(await row(2)).manual && !(await row(5)).manual);

  // the toolbar, for the mouse: merge 10 and 11, then split with a chosen 1-0
  await selectRow(10);
  await page.click('.toolbar button[data-op="merge"]');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Merged link 10'));
  await waitRows(24);
  await page.click('.toolbar button[data-op="split"]');
  await page.selectOption('#split-src', '2');
  await page.selectOption('#split-tgt', '0');
  await page.click('#split-go');
  await waitRows(25);
  r = await row(11);
  check('a chosen split: 2-0 then 0-2', (await row(10)).src === 2 && (await row(10)).tgt === 0 && r.src === 0 && r.tgt === 2,
    [await row(10), r]);
  check('an empty side says so', (await rows().nth(10).locator('td.tgt .none').textContent()) === 'not aligned');

  // move the last source sentence of link 5 down (d), then back up (u on 6)
  await selectRow(5);
  await key('d', 'Moved a sentence to the next link from link 5');
  await waitRows(25);
  check('moved down: link 5 has no source, link 6 two', (await row(5)).src === 0 && (await row(6)).src === 2);
  await selectRow(6);
  await key('u', 'Moved a sentence to the previous link from link 6');
  check('moved back up', (await row(5)).src === 1 && (await row(6)).src === 1, [await row(5), await row(6)]);

  // confirm walks on; wrong splits a link into lone sentences
  await selectRow(14);
  await key('c', 'Confirmed link 14');
  check('confirmed', (await row(14)).manual);
  check('confirm moves to the next link', (await rows().nth(15).getAttribute('class')).includes('selected'));
  const look = (i) => rows().nth(i).evaluate((tr) => {
    const c = getComputedStyle(tr);
    return { bg: c.backgroundColor, outline: c.outlineStyle, border: c.borderLeftColor };
  });
  const manualLook = await look(14), selLook = await look(15);
  check('selected and manual look different', manualLook.outline === 'none' && selLook.outline === 'solid' &&
    manualLook.bg !== selLook.bg, [manualLook, selLook]);
  await key('x', 'Marked as wrong: link 15');
  await waitRows(27); // link 15 was 2-1: two 1-0 links and a 0-1
  const w = [await row(15), await row(16), await row(17)].map((x) => `${x.src}-${x.tgt}${x.manual ? '*' : ''}`);
  check('wrong: 1-0, 1-0, 0-1, all manual', w.join(' ') === '1-0* 1-0* 0-1*', w);

  // undo and redo (Ctrl-Z, Ctrl-Shift-Z, the buttons): the corpus's
  // history, so they survive a reload
  check('undo enabled after an edit', !(await page.isDisabled('#undo')));
  check('redo disabled after an edit', await page.isDisabled('#redo'));
  await key('Control+z', 'Undid links edit: the pair has 25 links again.');
  await waitRows(25);
  check('undo: link 15 is 2-1 again', (await row(15)).src === 2 && (await row(15)).tgt === 1, await row(15));
  await page.reload();
  await waitRows(25);
  await page.waitForFunction(() => !document.getElementById('redo').disabled);
  check('redo offered after a reload', !(await page.isDisabled('#redo')));
  await key('Control+Shift+Z', 'Redid links edit: the pair has 27 links again.');
  await waitRows(27);
  await page.click('#undo');
  await waitRows(25);
  await page.waitForFunction(() => !document.getElementById('redo').disabled);
  await page.click('#redo');
  await waitRows(27);
  const w2 = [await row(15), await row(16), await row(17)].map((x) => `${x.src}-${x.tgt}${x.manual ? '*' : ''}`);
  check('undone and redone with the buttons: as before', w2.join(' ') === '1-0* 1-0* 0-1*', w2);
  // progress: the manual links of the pair, as a bar and in words
  const nManual = await page.locator('#links tbody tr.conf-manual').count();
  check('progress in words', await page.textContent('#progress .ptext') === `${nManual} of 27 links checked`,
    [nManual, await page.textContent('#progress .ptext')]);
  check('progress as a bar', await page.$eval('#progress progress', (b) => b.value === 0 || b.value) === nManual);

  // unaligned only (n): the 1-0 and 0-1 links, j and k step among them
  const lone = async () => page.$$eval('#links tbody tr.link', (trs) => trs.filter((t) => getComputedStyle(t).display !== 'none')
    .map((t) => t.querySelector('td.ord small').textContent));
  await key('n', 'Unaligned only: 5 links');
  const shown = await lone();
  check('unaligned only: 1-0 and 0-1 links', shown.length === 5 && shown.every((t) => /^(\d+–0|0–\d+)$/.test(t)), shown);
  // possibly moved: 1-0 and 0-1 links in one run of unaligned links, not
  // corrected by hand; none here (the unaligned links were made by hand)
  check('possibly moved: none among links made by hand', await page.locator('#links tbody tr.link.moved').count() === 0);
  const L = (s, t, manual) => ({ src_n: s, tgt_n: t, manual: !!manual });
  const pm = await page.evaluate((ls) => bt.possiblyMoved(ls), [L(1, 1), L(1, 0), L(1, 0), L(0, 1), L(1, 1), L(1, 0),
    L(1, 1), L(0, 1), L(1, 0, true), L(0, 2)]);
  check('possibly moved: a run with both sides, not a lone deletion or a manual link',
    JSON.stringify(pm) === JSON.stringify([false, true, true, true, false, false, false, true, false, true]), pm);
  check('unaligned only: the selection is shown', await page.$eval('#links tbody tr.selected', (t) =>
    getComputedStyle(t).display !== 'none'));
  const before1 = await page.getAttribute('#links tbody tr.selected', 'data-i');
  await key('j');
  const after1 = await page.getAttribute('#links tbody tr.selected', 'data-i');
  check('unaligned only: j goes to the next shown one', Number(after1) > Number(before1) &&
    !(await page.getAttribute('#links tbody tr.selected', 'class')).includes('filtered'), [before1, after1]);
  await page.click('#unaligned');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'All links shown.');
  check('unaligned only off by the mouse', (await lone()).length === 27);
  await page.click('#unaligned');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Unaligned only: 5 links'));
  check('unaligned only on by the mouse', (await lone()).length === 5);
  await key('n', 'All links shown.');

  // pair across others (p, then p on the link holding the translation): a
  // block the translator moved; by key, undone, then by the mouse with two
  // source sentences (P adds the next link's), undone again
  const idx = async (i, side) => rows().nth(i).locator(`td.${side} .sent .idx`).allTextContents();
  const crossing = () => page.locator('#links tbody tr:has(em.crossing)');
  await selectRow(15);
  const from = Number((await idx(15, 'src'))[0]);
  await key('p', `Pairing source sentence ${from}:`);
  check('pair: the sentence taken is marked', (await rows().nth(15).getAttribute('class')).includes('pairing'));
  await selectRow(3);
  const to = Number((await idx(3, 'tgt'))[0]);
  await key('p', `Paired source sentence ${from} with target sentence ${to}. The pair has 27 links.`);
  await waitRows(27);
  check('pair: one link marked moved', await crossing().count() === 1);
  const made = crossing().first();
  check('pair: it links the two sentences, made by hand, where its source stands',
    JSON.stringify(await made.locator('td.src .idx').allTextContents()) === JSON.stringify([String(from)]) &&
    JSON.stringify(await made.locator('td.tgt .idx').allTextContents()) === JSON.stringify([String(to)]) &&
    (await made.getAttribute('class')).includes('conf-manual') && await made.getAttribute('data-i') === '15' &&
    (await made.getAttribute('class')).includes('selected'), await made.getAttribute('class'));
  check('pair: the link it took the target from keeps its source, unaligned',
    (await row(3)).src === 1 && (await row(3)).tgt === 0 && !(await row(3)).manual, await row(3));
  check('pair: the legend explains moved', (await page.textContent('#help .legend')).includes('crosses others'));
  await key('Control+z', 'Undid links edit: the pair has 27 links again.');
  await page.waitForFunction(() => !document.querySelector('#links tbody em.crossing'));
  check('pair undone: nothing moved, link 3 whole', (await row(3)).src === 1 && (await row(3)).tgt === 1, await row(3));
  await selectRow(15);
  await page.click('button[data-op="pair"]');
  await selectRow(16);
  await key('P', `Pairing source sentences ${from}–${from + 1}:`);
  check('pair: P adds the next source sentence', await page.locator('#links tbody tr.pairing').count() === 2);
  await selectRow(3);
  await page.click('button[data-op="pair"]');
  await page.waitForFunction((f) => document.getElementById('status').textContent.startsWith(`Paired source sentences ${f}–`), from);
  await waitRows(26);
  check('pair by the mouse: two source sentences with one target, moved',
    await crossing().count() === 1 && (await crossing().first().locator('td.src .sent').count()) === 2 &&
    (await crossing().first().locator('td.tgt .sent').count()) === 1);
  await selectRow(0);
  await key('p', 'Pairing source sentence');
  await key('Escape', 'Pairing cancelled.');
  check('pair: Esc cancels', await page.locator('#links tbody tr.pairing').count() === 0);
  await key('Control+z', 'Undid links edit: the pair has 27 links again.');
  await waitRows(27);

  // correct a sentence: its text (e, Enter), undone across a reload and
  // redone by the mouse; split at the cursor by the mouse, joined again by
  // Alt-J; each stored as a correction, the original kept; all undone
  const sentText = (side, i) => page.textContent(`#${side}-${i} .text`);
  await selectRow(2);
  const s2 = Number((await idx(2, 'src'))[0]), orig = await sentText('src', s2);
  await key('e', `Correcting source sentence ${s2}:`);
  check('correct: e opens the sentence in an editor', await page.inputValue('textarea.seg-edit') === orig);
  await page.fill('textarea.seg-edit', orig + ' Dat zei hij.');
  await page.press('textarea.seg-edit', 'Enter');
  await page.waitForFunction((i) => document.getElementById('status').textContent === `Corrected source sentence ${i}.`, s2);
  check('correct: the new text shown, marked corrected', await sentText('src', s2) === orig + ' Dat zei hij.' &&
    await page.locator(`#src-${s2} em.corrected`).count() === 1, await sentText('src', s2));
  check('correct: the link still holds it, and no editor is left', (await row(2)).src === 1 &&
    await page.locator('textarea.seg-edit').count() === 0);
  await key('Control+z', 'Undid correct edit');
  await page.waitForFunction(([i, t]) => document.querySelector(`#src-${i} .text`).textContent === t, [s2, orig]);
  check('correct undone: the original text, not marked', await page.locator(`#src-${s2} em.corrected`).count() === 0);
  await page.reload();
  await waitRows(27);
  await page.waitForFunction(() => !document.getElementById('redo').disabled);
  await page.click('#redo');
  await page.waitForFunction(([i, t]) => document.querySelector(`#src-${i} .text`).textContent === t, [s2, orig + ' Dat zei hij.']);
  check('correct redone by the mouse after a reload', await page.locator(`#src-${s2} em.corrected`).count() === 1);
  // split by the mouse: double-click, the cursor after the first sentence, the button
  await page.dblclick(`#src-${s2} .text`);
  await page.waitForSelector('textarea.seg-edit');
  await page.$eval('textarea.seg-edit', (t, n) => t.setSelectionRange(n, n), orig.length);
  await page.click('button[data-seg="split"]');
  await page.waitForFunction((i) => document.getElementById('status').textContent === `Split source sentence ${i}.`, s2);
  check('split: one link, two source sentences, the original first', (await row(2)).src === 2 &&
    await sentText('src', s2) === orig && await sentText('src', s2 + 1) === 'Dat zei hij.', [await row(2), await sentText('src', s2 + 1)]);
  check('split: the sentences after it numbered on', Number((await idx(3, 'src'))[0]) === s2 + 2);
  // joined again by key
  await selectRow(2);
  await key('e', `Correcting source sentence ${s2}:`);
  await page.keyboard.press('Alt+j');
  await page.waitForFunction((i) => document.getElementById('status').textContent === `Joined with the next: source sentence ${i}.`, s2);
  check('join: one sentence again, with the space between', (await row(2)).src === 1 &&
    await sentText('src', s2) === orig + ' Dat zei hij.');
  // split by key (Alt-S), joined by the mouse, the text corrected by the mouse
  await key('e', `Correcting source sentence ${s2}:`);
  await page.$eval('textarea.seg-edit', (t, n) => t.setSelectionRange(n, n), orig.length + 1);
  await page.keyboard.press('Alt+s');
  await page.waitForFunction((i) => document.getElementById('status').textContent === `Split source sentence ${i}.`, s2);
  check('split by key: two sentences, the space between them', (await row(2)).src === 2 &&
    await sentText('src', s2) === orig && await sentText('src', s2 + 1) === 'Dat zei hij.');
  await page.dblclick(`#src-${s2} .text`);
  await page.waitForSelector('textarea.seg-edit');
  await page.click('button[data-seg="join"]');
  await page.waitForFunction((i) => document.getElementById('status').textContent === `Joined with the next: source sentence ${i}.`, s2);
  check('join by the mouse', (await row(2)).src === 1 && await sentText('src', s2) === orig + ' Dat zei hij.');
  await page.dblclick(`#src-${s2} .text`);
  await page.waitForSelector('textarea.seg-edit');
  await page.fill('textarea.seg-edit', orig + ' Dat zei hij gisteren.');
  await page.click('button[data-seg="edit"]');
  await page.waitForFunction((i) => document.getElementById('status').textContent === `Corrected source sentence ${i}.`, s2);
  check('correct by the mouse', await sentText('src', s2) === orig + ' Dat zei hij gisteren.');

  // Esc leaves the sentence as it was (what cannot be made: the API test)
  await key('e', `Correcting source sentence ${s2}:`);
  await page.fill('textarea.seg-edit', 'Iets anders.');
  await page.press('textarea.seg-edit', 'Escape');
  await page.waitForFunction((i) => document.getElementById('status').textContent === `Left source sentence ${i} as it was.`, s2);
  check('correct: Esc closes the editor, the text as it was', await page.locator('textarea.seg-edit').count() === 0 &&
    await sentText('src', s2) === orig + ' Dat zei hij gisteren.');
  check('correct: the legend and the keys explain it', (await page.textContent('#help .legend')).includes('corrected by hand') &&
    (await page.textContent('#help .keys')).includes('splits it at the cursor'));
  // each undo once the page shows the one before (its history reloaded)
  for (const [what, next] of [['edit', 'join'], ['join', 'split'], ['split', 'join'], ['join', 'split'], ['split', 'edit'],
    ['edit', null]]) {
    await key('Control+z', `Undid correct ${what}`);
    if (next) await page.waitForFunction((n) => document.getElementById('undo').title.startsWith(`Undo correct ${n} `), next);
  }
  await page.waitForFunction(([i, t]) => document.querySelector(`#src-${i} .text`).textContent === t, [s2, orig]);
  await waitRows(27);

  // mark the pair reviewed (r), kept in the corpus; undone and redone by the mouse
  const pressed = () => page.getAttribute('#reviewed', 'aria-pressed');
  await key('r', `Pair ${P} marked reviewed.`);
  check('reviewed by key', await pressed() === 'true');
  check('the pair list says reviewed', (await page.$eval('#pair', (s) => s.options[s.selectedIndex].textContent)).includes('✓ reviewed'));
  await page.reload();
  await waitRows(27);
  await page.waitForFunction(() => document.getElementById('reviewed').getAttribute('aria-pressed') === 'true');
  check('reviewed kept after reload', await pressed() === 'true');
  await page.click('#reviewed');
  await page.waitForFunction((p) => document.getElementById('status').textContent === `Pair ${p} no longer marked reviewed.`, P);
  check('not reviewed by the mouse', await pressed() === 'false');
  await page.click('#reviewed');
  await page.waitForFunction((p) => document.getElementById('status').textContent === `Pair ${p} marked reviewed.`, P);
  check('reviewed by the mouse', await pressed() === 'true');

  // low confidence first (l): scores rise, manual links last
  await key('l');
  await page.waitForFunction(() => location.search.includes('order=score'));
  await page.waitForFunction(() => document.querySelector('#links tbody tr td.score').textContent === '0.25');
  check('low first: the lowest link selected', (await rows().nth(0).getAttribute('class')).includes('selected'));
  check('low first: the lowest link on screen', await page.evaluate(() => {
    const b = document.querySelector('#links tbody tr').getBoundingClientRect();
    return b.top >= 0 && b.bottom <= innerHeight;
  }));
  const scores = await page.$$eval('#links tbody tr td.score', (tds) => tds.map((t) => t.textContent));
  const nums = scores.filter((s) => s !== 'manual').map(Number);
  check('low first: ascending', nums.every((v, i) => i === 0 || nums[i - 1] <= v), scores.slice(0, 8));
  check('low first: manual last', scores.slice(nums.length).every((s) => s === 'manual'), scores.slice(-10));
  check('low first survives a reload', (await page.reload(), await page.isChecked('#lowfirst')));
  // by the mouse: off, select a link far down, on again: back at the lowest
  await page.waitForSelector('#links tbody tr');
  await page.click('#lowfirst');
  await page.waitForFunction(() => !location.search.includes('order=score'));
  await selectRow(24);
  await page.click('#lowfirst');
  await page.waitForFunction(() => location.search.includes('order=score'));
  await page.waitForFunction(() => document.querySelector('#links tbody tr').classList.contains('selected'));
  check('low first by the mouse: the lowest on screen', await page.evaluate(() => {
    const b = document.querySelector('#links tbody tr').getBoundingClientRect();
    return b.top >= 0 && b.bottom <= innerHeight && window.scrollY === 0;
  }));
  if (shots) {
    await openReview('pair=001_19a1ca94bf150f5d');
    await selectRow(2);
    await page.screenshot({ path: `${shots}/review.png` });
  }

  // ---- the concordance page
  await page.goto(`${url}concord`);
  await page.fill('#q', 'Lukashenko');
  await page.press('#q', 'Enter');
  await page.waitForSelector('.hit');
  const matches = await page.$$eval('.hit mark.match', (m) => m.map((x) => x.textContent));
  check('Lukashenko finds Loekasjenko', matches.length === 20 && matches.every((m) => m === 'Loekasjenko'), matches);
  const equivs = await page.$$eval('.hit .tr mark.equiv', (m) => m.map((x) => x.textContent));
  check('the translation marks Lukashenko', equivs.includes('Lukashenko'), equivs.slice(0, 5));
  check('the address holds the query', new URL(page.url()).searchParams.get('q') === 'Lukashenko');
  check('status counts the hits', (await page.textContent('#status')).startsWith('Hits 1–20 of'));
  if (shots) await page.screenshot({ path: `${shots}/concord.png` });
  await page.click('#next');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Hits 21–'));
  check('next page', new URL(page.url()).searchParams.get('offset') === '20');
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Hits 1–20'));
  check('back to the first page', true);

  // sort levels from the page, and the export links of the search shown
  await page.selectOption('#sort', '1R,2R,3R');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === '1R,2R,3R' &&
    document.getElementById('status').textContent.startsWith('Hits 1–'));
  const sorted = await page.$$eval('.hit .meta a', (a) => a.map((x) => x.textContent));
  const api = await page.evaluate(async () => {
    const r = await (await fetch('/api/concord?q=Lukashenko&sort=1R,2R,3R')).json();
    const d = await (await fetch('/api/concord?q=Lukashenko')).json();
    return [r.hits.map((h) => `${h.doc} · ${h.side} ${h.ordinal}`), d.hits.map((h) => `${h.doc} · ${h.side} ${h.ordinal}`)];
  });
  check('sort by 1R, 2R, 3R: the hits in the API\'s order for it', JSON.stringify(sorted) === JSON.stringify(api[0]) &&
    JSON.stringify(api[0]) !== JSON.stringify(api[1]), sorted.slice(0, 4));
  check('export links shown', await page.isVisible('#exports'));
  const exHref = new URL(await page.getAttribute('#export', 'href'), url);
  check('export: the search as CSV', exHref.pathname === '/api/concord.csv' && exHref.searchParams.get('q') === 'Lukashenko' &&
    exHref.searchParams.get('sort') === '1R,2R,3R' && exHref.searchParams.get('limit') === '10000', exHref.href);
  const semi = new URL(await page.getAttribute('#export-semi', 'href'), url);
  check('export with semicolons', semi.searchParams.get('sep') === ';', semi.href);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const saved = await dl.path();
  const csv = (await import('node:fs')).readFileSync(saved, 'utf8');
  check('the export saved as concordance.csv', dl.suggestedFilename() === 'concordance.csv', dl.suggestedFilename());
  check('the CSV holds the hits', csv.startsWith('\ufeffdoc,date,side,left,match,right,translation,link,score\r\n') &&
    csv.split('\r\n').filter((l) => l).length > 20, csv.slice(0, 120));
  await page.selectOption('#sort', 'doc');

  // filters: exact spelling finds no Dutch hit; target side finds English
  await page.check('#exact');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('No hits'));
  check('exact spelling: no Dutch hit', await page.locator('.hit').count() === 0);
  await page.uncheck('#exact');
  await page.selectOption('#lang', 'tgt');
  await page.selectOption('#doc', P);
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Hits 1–'));
  const docs = await page.$$eval('.hit .meta a', (a) => a.map((x) => x.textContent));
  check('target side, one document', docs.length > 0 && docs.every((d) => d.startsWith(P + ' · tgt')), docs);

  // the translation filters from the form, and match case
  await page.selectOption('#lang', 'src');
  await page.selectOption('#doc', '');
  await page.fill('#q', 'oorlog');
  const lacking = await translations('tgt_lacks', 'Ukraine');
  const split = await page.evaluate(async () => {
    const n = async (q) => (await (await fetch('/api/concord?q=oorlog&limit=100' + q)).json()).total;
    return [await n(''), await n('&tgt_has=Ukraine'), await n('&tgt_lacks=Ukraine')];
  });
  check('translation lacks Ukraine', lacking.length === split[2] && lacking.every((t) => !/ukraine/i.test(t)), lacking.slice(0, 3));
  check('has and lacks split the hits', split[1] > 0 && split[2] > 0 && split[1] + split[2] <= split[0], split);
  check('the status counts them', (await page.textContent('#status')).startsWith(`Hits 1–${split[2]} of ${split[2]} `),
    await page.textContent('#status'));
  await page.fill('#tgt_lacks', '');
  const having = await translations('tgt_has', 'Ukraine');
  check('translation has Ukraine', having.length > 0 && having.every((t) => /ukraine/i.test(t)), having.slice(0, 3));
  await page.fill('#tgt_has', '');
  await page.check('#case');
  check('match case ticks exact spelling', await page.isChecked('#exact'));
  await page.fill('#q', 'loekasjenko');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('No hits'));
  check('match case: loekasjenko is not Loekasjenko', new URL(page.url()).searchParams.get('case') === '1');
  await page.uncheck('#exact');
  check('no exact spelling, no match case', !(await page.isChecked('#case')));
  await page.goto(`${url}concord?q=oorlog&tgt_has=war&exact=1&case=1`);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Hits 1–'));
  check('the form from the address', await page.inputValue('#tgt_has') === 'war' && await page.isChecked('#case') &&
    await page.isChecked('#exact'));
  await page.goto(`${url}concord`);

  // a bad query says why (the browser logs the 400 itself: not a page error)
  const before = errors.length;
  await page.fill('#q', '"oorlog');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => document.getElementById('status').classList.contains('error'));
  check('a bad query is explained', (await page.textContent('#status')).includes('unclosed'));
  const logged = errors.splice(before);
  check('only the 400 was logged', logged.length === 1 && logged[0].includes('status of 400'), logged);

  // the filter race: the document list arrives after the search (held back
  // here), yet the address's document filter holds and the list shows it
  const D = '004_9c51ce18bbab5b63';
  let release;
  const held = new Promise((res) => { release = res; });
  await page.route('**/api/pairs*', async (rt) => { await held; await rt.continue(); });
  await page.goto(`${url}concord?q=Loekasjenko&doc=${D}`);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Hits 1–'));
  const raced = await page.$$eval('.hit .meta a', (a) => a.map((x) => x.textContent));
  check('filter race: only the address\'s document', raced.length > 0 && raced.every((d) => d.startsWith(D + ' · ')), raced);
  release();
  await page.waitForFunction(() => document.getElementById('doc').options.length > 2);
  await page.unroute('**/api/pairs*');
  check('filter race: the list shows the document', await page.inputValue('#doc') === D);
  check('filter race: the list is whole', await page.locator('#doc option').count() === 7);

  // from a hit to its place in the review page
  await page.goto(`${url}concord?q=Loekasjenko&doc=004_9c51ce18bbab5b63`);
  await page.waitForSelector('.hit');
  const href = await page.getAttribute('.hit .meta a', 'href');
  await page.click('.hit .meta a');
  await page.waitForSelector('#links tbody tr.selected');
  const id = decodeURIComponent(href.split('#')[1]);
  check('the hit is selected in the review page', await page.locator(`#links tbody tr.selected #${id}`).count() === 1, href);
  check('and marked', (await page.getAttribute(`#${id}`, 'class')).includes('target'));

  // ---- corpus text that holds markup is shown as text
  await openReview('pair=xss');
  const texts = await page.$$eval('#links .sent .text', (s) => s.map((x) => x.textContent));
  check('<script> shown as text', texts[0] === 'Tekst met <script>alert("nl")</script> erin.', texts);
  check('<b> shown as text', texts.includes('The second sentence & <b>bold</b>.'), texts);
  check('no script element from the corpus', await page.locator('#links script, #links b').count() === 0);
  await page.goto(`${url}concord?q=script&lang=both`);
  await page.waitForSelector('.hit');
  const kwic = await page.$$eval('.hit .kwic', (k) => k.map((x) => x.textContent));
  check('<script> in a KWIC line is text', kwic.some((k) => k.includes('<script>alert("nl")</script>')), kwic);
  check('no script element in the hits', await page.locator('#hits script').count() === 0);
  check('no alert ran', dialogs.length === 0, dialogs);

  // the index page
  await page.goto(url);
  await page.waitForSelector('#pairs tbody tr');
  check('index lists the pairs', await page.locator('#pairs tbody tr').count() === 6);
  const prow = page.locator('#pairs tbody tr', { hasText: P });
  check('index shows the reviewed pair', (await prow.locator('.reviewed').count()) === 1 &&
    await page.locator('#pairs tbody .reviewed').count() === 1);
  check('index shows each pair\'s progress', /^\d+ of 27 links checked$/.test(await prow.locator('.progress .ptext').textContent()),
    await prow.locator('.progress .ptext').textContent());
} catch (e) {
  check('the browser test ran to its end', false, String(e.stack || e));
}
check('no errors in the pages', errors.length === 0, errors);
check('no request left the server', foreign.length === 0, foreign);
await ctx.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
