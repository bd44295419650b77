// bidi_page.mjs URL: the concordance page of `bitext serve` in chromium
// (playwright-core, as tests/serve/browser.mjs): for the query "euro",
// every highlighted match and equivalent (<mark>) must read left to right
// on screen, though the text before one of them holds an unterminated
// U+202E RIGHT-TO-LEFT OVERRIDE. Prints "ok N" (N marks) or the marks that
// came out reversed.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(process.env.PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');
const url = process.argv[2];
const profile = mkdtempSync(join(tmpdir(), 'bt_chromium_'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-dev-shm-usage'],
  timeout: 60000,
});
const page = ctx.pages()[0] || await ctx.newPage();
page.setDefaultTimeout(15000);

// the x of each character of every element matching sel: increasing when
// it reads left to right
const order = (sel) => page.$$eval(sel, (els) => els.map((e) => {
  const t = e.firstChild, xs = [];
  const r = document.createRange();
  for (let i = 0; t && i < t.length; i++) {
    r.setStart(t, i);
    r.setEnd(t, i + 1);
    xs.push(r.getBoundingClientRect().left);
  }
  return { text: e.textContent, ltr: xs.every((x, i) => i === 0 || x > xs[i - 1]) };
}));

let bad = [], n = 0;
await page.goto(url + 'concord?q=euro');
await page.waitForSelector('.hit mark.match');
for (const m of await order('.hit mark')) {
  n++;
  if (!m.ltr) bad.push(m.text);
}
await ctx.close();
rmSync(profile, { recursive: true, force: true });
console.log(bad.length ? 'reversed ' + JSON.stringify(bad) : 'ok ' + n);
