// shots.mjs: the README's screenshots of both pages (docs/review.png,
// docs/concord.png), taken in Debian's chromium. Run by shots.sh.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(process.env.PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');
const [url, out] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'bt_chromium_'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const page = ctx.pages()[0] || await ctx.newPage();
await page.goto(`${url}review?pair=001_19a1ca94bf150f5d&order=score`);
await page.waitForSelector('#links tbody tr');
await page.locator('#links tbody tr').nth(1).click();
await page.screenshot({ path: `${out}/review.png` });
await page.goto(`${url}concord?q=Lukashenko`);
await page.waitForSelector('.hit');
await page.screenshot({ path: `${out}/concord.png` });
await ctx.close();
rmSync(profile, { recursive: true, force: true });
