// tests/bench/ui-images.mjs - times the console's Images page on pool BENCH_POOL (made
// by tests/bench/ui-images): the first page after loading the page (the whole app
// from a cold tab: login cookie, clusters, pools, then the list), and a page change
// (Next, and Last), sorted by name (only the page is described), by size (every
// image is) and by name with the used space shown (?fields=used: each image of the
// page is opened and its allocation map read). Each is run RUNS times; the median
// and all runs are printed, and beside them the time the list request itself took
// (as the browser saw it).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const URL0 = (process.env.OA_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const POOL = process.env.BENCH_POOL;
const RUNS = Number(process.env.BENCH_RUNS || 5);
if (!POOL) throw new Error('BENCH_POOL is not set');

const login = await fetch(URL0 + '/api/auth/login', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: process.env.OA_ADMIN_PASSWORD }),
});
if (!login.ok) throw new Error(`login: ${login.status}`);
const token = (await login.json()).token;
const fsid = (await (await fetch(URL0 + '/api/clusters', { headers: { Authorization: `Bearer ${token}` } })).json())[0].fsid;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: URL0 });
const page = await ctx.newPage();
await page.goto('/login');
await page.getByLabel('User name').fill('admin');
await page.getByLabel('Password').fill(process.env.OA_ADMIN_PASSWORD);
await page.getByRole('button', { name: 'Log in' }).click();
await page.locator('.topbar').waitFor();

const isList = (r) => r.url().includes(`/pools/${POOL}/images?`) && r.request().method() === 'GET';
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

// Timed inside the page (performance.now(), a MutationObserver): a page is shown
// when the pager reads its range and the table is no longer busy.
await ctx.addInitScript(() => {
  const shown = (re) => {
    const s = document.querySelector('.pager > span');
    const t = document.querySelector('table.table');
    return Boolean(s && t && re.test(s.textContent || '') && t.getAttribute('aria-busy') === 'false');
  };
  window.__oaUntil = (source) =>
    new Promise((res) => {
      const re = new RegExp(source);
      const check = () => shown(re) && (obs.disconnect(), res(performance.now()));
      const obs = new MutationObserver(check);
      obs.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => (obs.disconnect(), res(NaN)), 120000); // NaN: not within 2 min
      check();
    });
  // The first page after a load, from the navigation's start.
  window.__oaFirst = window.__oaUntil(' of [\\d,]+$');
});

/** [ms to the first page of a load, ms of the list request]. */
async function firstPage(url) {
  const resp = page.waitForResponse(isList, { timeout: 120000 });
  await page.goto(url);
  const r = await resp;
  const shown = await page.evaluate(() => window.__oaFirst);
  return [Math.round(shown), Math.round(r.request().timing().responseEnd)];
}

/** [ms from clicking button to the page whose pager matches source, ms of the list request]. */
async function change(button, source) {
  const resp = page.waitForResponse(isList, { timeout: 120000 });
  const took = await page.evaluate(
    ([label, src]) => {
      const b = [...document.querySelectorAll('.pager button')].find((x) => x.textContent === label);
      const t0 = performance.now();
      const done = window.__oaUntil(src);
      b.click();
      return done.then((t) => t - t0);
    },
    [button, source],
  );
  const r = await resp;
  return [Math.round(took), Math.round(r.request().timing().responseEnd)];
}

let total = 0;
const rows = [];
for (const [sort, extra] of [['name', ''], ['size', '&sort=size'], ['name, used space shown', '&used=1']]) {
  const first = [], firstApi = [], next = [], nextApi = [], last = [], lastApi = [];
  for (let i = 0; i < RUNS; i++) {
    const [a, aa] = await firstPage(`/c/${fsid}/images?pool=${encodeURIComponent(POOL)}${extra}`);
    total = total || Number((await page.locator('.pager > span').first().innerText()).replace(/.* of /, '').replace(/,/g, ''));
    first.push(a), firstApi.push(aa);
    const [b, bb] = await change('Next', '^26–50 of');
    next.push(b), nextApi.push(bb);
    const [c, cc] = await change('Last', `^${Math.floor((total - 1) / 25) * 25 + 1}–`);
    last.push(c), lastApi.push(cc);
  }
  rows.push([`first page, sorted by ${sort} (page load)`, first, firstApi]);
  rows.push([`next page, sorted by ${sort}`, next, nextApi]);
  rows.push([`last page, sorted by ${sort}`, last, lastApi]);
}
await browser.close();

console.log(`Images page, pool ${POOL}: ${total.toLocaleString('en-US')} images, ${RUNS} runs each, ${URL0}`);
console.log(`  ${'what'.padEnd(44)} ${'median ms'.padStart(9)} ${'list API ms'.padStart(11)}   all runs (ms)`);
for (const [what, all, api] of rows)
  console.log(`  ${what.padEnd(56)} ${String(median(all)).padStart(9)} ${String(median(api)).padStart(11)}   ${all.join(' ')}`);
