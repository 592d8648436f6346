// tests/bench/ui-scale.mjs - times the console's pages at the cluster's size (run by
// tests/bench/ui-scale, once small and once grown): for the dashboard, the OSDs, the
// CRUSH map and the pools, the time to a rendered page of a load from the address bar
// (navigation start to the page's main content shown: the health card, the table's
// first row, the tree's root), and on the CRUSH map the time from a click on Expand
// all to every OSD row, and from typing a host's name to its OSDs shown (the search's
// 200 ms pause included). Each is run BENCH_RUNS (5) times after one unmeasured load;
// the median, the maximum and every run are printed, and beside them the time the
// page's main API request took as the browser saw it. Screenshots of the pages go to
// BENCH_SHOTS when it is set. Environment: OA_URL, OA_ADMIN_USER (admin), OA_ADMIN_PASSWORD,
// BENCH_LABEL.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const URL0 = (process.env.OA_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const RUNS = Number(process.env.BENCH_RUNS || 5);
const LABEL = process.env.BENCH_LABEL || '';
const SHOTS = process.env.BENCH_SHOTS || '';
const USER = process.env.OA_ADMIN_USER || 'admin';
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

async function api(path, token) {
  const r = await fetch(URL0 + path, { headers: { Authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}
const login = await fetch(URL0 + '/api/auth/login', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: USER, password: process.env.OA_ADMIN_PASSWORD }),
});
if (!login.ok) throw new Error(`login: ${login.status}`);
const token = (await login.json()).token;
const fsid = (await api('/api/clusters', token))[0].fsid;
const tree = await api(`/api/clusters/${fsid}/crush/tree`, token);
const osdIds = new Set();
const hosts = [];
// OSD rows of the whole tree open: an OSD under a host linked twice is two rows.
const osdRows = (n) => (n.type === 'osd' ? (osdIds.add(n.id), 1) : (n.type === 'host' && hosts.push(n), (n.children || []).reduce((s, c) => s + osdRows(c), 0)));
const allRows = tree.roots.reduce((s, r) => s + osdRows(r), 0);
const pools = (await api(`/api/clusters/${fsid}/pools?limit=1`, token)).total;
// The host searched: one with OSDs from the middle of the list (node051 of a grown cluster).
const withOsds = hosts.filter((h) => (h.children || []).length);
const host = withOsds[Math.floor(withOsds.length / 2)];

const PAGES = [
  { name: 'dashboard', path: `/c/${fsid}/dashboard`, shown: '.dash .dash-health', api: /\/api\/clusters\/[^/]+\/status$/ },
  { name: 'OSDs', path: `/c/${fsid}/osds`, shown: '[data-table=osds] table[aria-busy=false] tbody tr[data-row]', api: /\/osds\?/ },
  { name: 'CRUSH map', path: `/c/${fsid}/crush`, shown: '.crush-tree li.crush-bucket', api: /\/crush\/tree$/ },
  { name: 'pools', path: `/c/${fsid}/pools`, shown: '[data-table=pools] table[aria-busy=false] tbody tr[data-row]', api: /\/pools\?/ },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: URL0 });
const page = await ctx.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto('/login');
await page.getByLabel('User name').fill(USER);
await page.getByLabel('Password').fill(process.env.OA_ADMIN_PASSWORD);
await page.getByRole('button', { name: 'Log in' }).click();
await page.locator('.topbar').waitFor();

// In the page: __oaWhen(test) resolves with performance.now() (ms since the navigation
// started) at the first animation frame after test() holds, checked on every DOM change
// (or at the time it held, when no frame comes within a second).
await ctx.addInitScript((selectors) => {
  const visible = (sel) => {
    const e = document.querySelector(sel);
    return Boolean(e && e.getBoundingClientRect().height > 0);
  };
  window.__oaWhen = (test) =>
    new Promise((res) => {
      let done = false;
      const check = () => {
        if (done || !test()) return;
        done = true;
        obs.disconnect();
        const held = performance.now();
        let sent = false;
        const end = (t) => sent || ((sent = true), res(t));
        requestAnimationFrame(() => end(performance.now()));
        setTimeout(() => end(held), 1000);
      };
      const obs = new MutationObserver(check);
      obs.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => done || (obs.disconnect(), res(NaN)), 120000); // NaN: not within 2 min
      check();
    });
  // Each page's main content, from the navigation's start (the selectors are the bench's).
  window.__oaShown = {};
  for (const sel of selectors) window.__oaShown[sel] = window.__oaWhen(() => visible(sel));
}, PAGES.map((p) => p.shown));

/** [ms to the page's content after a load, ms of its main API request]. */
async function load(p) {
  // A request that finished: a page may abort its first one and ask again.
  const done = page.waitForEvent('requestfinished', {
    predicate: (q) => q.method() === 'GET' && p.api.test(new URL(q.url()).pathname + new URL(q.url()).search),
    timeout: 120000,
  });
  await page.goto(p.path);
  const q = await done;
  const shown = await within(page.evaluate((sel) => window.__oaShown[sel], p.shown), 130000, `${p.shown} on ${p.path}`);
  return [Math.round(shown), Math.round(q.timing().responseEnd)];
}

/** p, or a failure naming what when it has not settled within ms. */
function within(p, ms, what) {
  let timer;
  return Promise.race([p, new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`no ${what} within ${ms / 1000} s`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** ms from act (run in the page) to test holding. */
function timed(act, test) {
  const run = page.evaluate(
    ([a, t]) => {
      const t0 = performance.now();
      const done = window.__oaWhen(new Function(`return (${t})`));
      new Function(a)();
      return done.then((t1) => Math.round(t1 - t0));
    },
    [act, test],
  );
  return within(run, 130000, test);
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const rows = [];
const shot = async (name) => SHOTS && page.screenshot({ path: join(SHOTS, `${LABEL ? LABEL.replace(/\W+/g, '-') + '-' : ''}${name}.png`) });

for (const p of PAGES) {
  await load(p); // unmeasured: the first load of a page warms what the next ones reuse
  const all = [];
  const apis = [];
  for (let i = 0; i < RUNS; i++) {
    const [a, b] = await load(p);
    all.push(a), apis.push(b);
  }
  rows.push([`${p.name}: load to content`, all, apis]);
  await shot(p.name.replace(/\W+/g, '-').toLowerCase());
  if (p.name !== 'CRUSH map') continue;

  // The whole tree at once: Expand all, to every OSD row.
  const expand = [];
  const search = [];
  const hasSearch = (await page.locator('.crush-search').count()) > 0;
  for (let i = 0; i < RUNS; i++) {
    await load(p);
    expand.push(
      await timed(
        `[...document.querySelectorAll('.crush-tools button')].find((b) => b.textContent === 'Expand all').click()`,
        `document.querySelectorAll('li.crush-osd').length >= ${allRows}`,
      ),
    );
    if (i === RUNS - 1) await shot('crush-expanded');
    if (!hasSearch || !host) continue;
    // A search from the tree as loaded: the host's name typed, to its OSDs shown alone.
    await load(p);
    const n = host.children.length;
    search.push(
      await timed(
        `const e = document.querySelector('.crush-search');
         Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(e, ${JSON.stringify(host.name)});
         e.dispatchEvent(new Event('input', { bubbles: true }));`,
        `document.querySelectorAll('li.crush-bucket[data-bucket=${JSON.stringify(host.name)}] li.crush-osd').length === ${n} && new URLSearchParams(location.search).get('q') === ${JSON.stringify(host.name)}`,
      ),
    );
    if (i === RUNS - 1) await shot('crush-search');
  }
  rows.push([`CRUSH map: Expand all to ${allRows.toLocaleString('en-US')} OSD rows`, expand, null]);
  if (search.length) rows.push([`CRUSH map: search ${host.name} to its OSDs`, search, null]);
}
await browser.close();

const w = 48;
console.log(`${LABEL ? LABEL + ': ' : ''}${osdIds.size.toLocaleString('en-US')} OSDs, ${pools.toLocaleString('en-US')} pools; ${RUNS} runs each; ${URL0}`);
console.log(`  ${'page'.padEnd(w)} ${'median ms'.padStart(9)} ${'max ms'.padStart(7)} ${'API ms'.padStart(7)}   all runs (ms)`);
for (const [what, all, apis] of rows)
  console.log(`  ${what.padEnd(w)} ${String(median(all)).padStart(9)} ${String(Math.max(...all)).padStart(7)} ${(apis ? String(median(apis)) : '').padStart(7)}   ${all.join(' ')}`);
if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
