// tests/e2e/run.mjs - browser tests of the console: Debian's chromium, driven by
// playwright-core, against the running stack at OA_URL (real nginx, openattic,
// PostgreSQL and Ceph). Test files are test_*.mjs here; every exported async
// function whose name starts with "test_" is a test and gets a context `t` (below).
// Screenshots go to OA_SHOTS (default ./screenshots). Arguments filter test names.
// A test that cannot apply here calls t.skip(why). Prints PASS/FAIL/SKIP per test
// and ends with "N passed, N failed" (plus ", N skipped").
import { readdirSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const URL0 = (process.env.OA_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const SHOTS = process.env.OA_SHOTS || join(here, 'screenshots');
const ADMIN = { username: process.env.OA_ADMIN_USER || 'admin', password: process.env.OA_ADMIN_PASSWORD };
const TIMEOUT_MS = 120000;
mkdirSync(SHOTS, { recursive: true });

/** Calls the API with a bearer token (set-up and checks beside the browser). */
async function api(method, path, body, token) {
  const r = await fetch(URL0 + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

async function adminToken() {
  const r = await api('POST', '/api/auth/login', ADMIN);
  if (r.status !== 200) throw new Error(`admin login: ${r.status}`);
  return r.json.token;
}

/** A failed login from another loopback address (the browser's own, 127.0.0.1, is
 * not locked out by it). Resolves with the status. */
function failLogin(username, source) {
  const u = new URL(URL0 + '/api/auth/login');
  const body = JSON.stringify({ username, password: 'not-the-password' });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress: source, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => (res.resume(), resolve(res.statusCode)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

function unique(prefix) {
  return prefix + Math.random().toString(16).slice(2, 10);
}

/** The context each test gets. */
async function context(browser) {
  const token = await adminToken();
  const clusters = (await api('GET', '/api/clusters', undefined, token)).json;
  const pages = [];
  const t = {
    /** every page opened, for the screenshots of a failure */
    opened: [],
    url: URL0,
    admin: ADMIN,
    fsid: clusters[0].fsid,
    clusters,
    unique,
    failLogin,
    /** runs SQL on the stack's database (OA_STATE: the stack's state directory) */
    psql: (sql) => execFileSync(join(here, '../env/ctl'), [process.env.OA_STATE || '/var/tmp/openattic-demo', 'psql', '-Atc', sql]).toString(),
    /** api(method, path, body) as the admin */
    api: (method, path, body) => api(method, path, body, token),
    /** a new user of a role: {username, password} */
    async makeUser(role) {
      const u = { username: unique('e2e'), password: 'pw-' + unique('') + '-X9' };
      const r = await t.api('POST', '/api/users', { ...u, role });
      if (r.status !== 201) throw new Error(`create user: ${r.status} ${JSON.stringify(r.json)}`);
      return u;
    },
    /** a fresh browser page (own cookies) at 1366×768, console errors collected */
    async page(viewport = { width: 1366, height: 768 }) {
      const ctx = await browser.newContext({ viewport, baseURL: URL0 });
      const page = await ctx.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && page.errors.push(m.text()));
      pages.push(ctx);
      t.opened.push(page);
      return page;
    },
    /** logs page in through the login form as user (default the admin) */
    async login(page, user = ADMIN) {
      await page.goto('/login');
      await page.getByLabel('User name').fill(user.username);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.locator('.topbar').waitFor();
    },
    /** saves a screenshot as NAME.png under OA_SHOTS */
    async shot(page, name) {
      await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: false });
    },
    /** waits until fn() is truthy (polling), or fails with what */
    async until(fn, what, ms = 60000) {
      const end = Date.now() + ms;
      for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    /** ends the test as skipped (it cannot apply to this stack) */
    skip(why) {
      throw Object.assign(new Error(why), { skip: true });
    },
    async close() {
      for (const c of pages) await c.close().catch(() => {});
    },
  };
  return t;
}

function withTimeout(p, ms, name) {
  let timer;
  return Promise.race([p, new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`${name}: no end after ${ms / 1000} s`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

const filters = process.argv.slice(2);
const files = readdirSync(here).filter((f) => /^test_.*\.mjs$/.test(f)).sort();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
let passed = 0;
let failed = 0;
let skipped = 0;
for (const f of files) {
  const mod = await import(join(here, f));
  for (const [name, fn] of Object.entries(mod)) {
    if (!name.startsWith('test_') || (filters.length && !filters.some((x) => name.includes(x)))) continue;
    const t = await context(browser);
    const t0 = Date.now();
    try {
      await withTimeout(fn(t), TIMEOUT_MS, name);
      passed++;
      console.log(`PASS ${f.replace('.mjs', '')}.${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      if (e && e.skip) {
        skipped++;
        console.log(`SKIP ${f.replace('.mjs', '')}.${name}: ${e.message}`);
        continue;
      }
      failed++;
      for (const [i, p] of t.opened.entries())
        await p.screenshot({ path: join(SHOTS, `FAILED-${name}-${i}.png`) }).catch(() => {});
      console.log(`FAIL ${f.replace('.mjs', '')}.${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 6).join('\n  ') : e}`);
    } finally {
      await t.close();
    }
  }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed ? 1 : 0);
