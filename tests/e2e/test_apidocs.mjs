// test_apidocs.mjs - the API reference (api-reference.html, Swagger UI): opened from
// the user menu in a new tab, it shows the server's /api/openapi.json grouped by the
// operations' tags; the pools list expands and its "Copy as curl" puts the call on the
// clipboard (token and fsid from $OA_TOKEN and $OA_FSID), a POST's command carries a
// JSON skeleton of its body; nothing can be sent from the page (no "Try it out", no
// Authorize), no CSP violation and no console error happen, and the console itself
// never loads the reference's bundle.
import assert from 'node:assert/strict';

const POOLS = '/api/clusters/{fsid}/pools';

/** The tag headings the reference may show for operations whose path contains s. */
function tagsFor(doc, s = '') {
  const out = new Set();
  for (const [path, item] of Object.entries(doc.paths))
    for (const m of ['get', 'put', 'post', 'delete', 'patch'])
      if (item[m] && path.toLowerCase().includes(s.toLowerCase())) for (const t of item[m].tags?.length ? item[m].tags : ['default']) out.add(t);
  return out;
}

export async function test_apidocs_reference_from_the_user_menu_copies_curl(t) {
  const doc = (await t.api('GET', '/api/openapi.json')).json;
  assert.ok(doc.paths[POOLS]?.get && doc.paths[POOLS]?.post, `the document has GET and POST ${POOLS}`);
  const page = await t.page();
  const ctx = page.context();
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
  // Registered before any page loads (tabs opened later too): CSP violations, also
  // those a script caught, as the document saw them.
  await ctx.addInitScript(() => {
    window.__csp = [];
    addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const refErrors = [];
  ctx.on('page', (p) => {
    p.on('pageerror', (e) => refErrors.push(String(e)));
    p.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && refErrors.push(`${m.type()}: ${m.text()}`));
  });

  await t.login(page);
  await page.locator('.user-menu summary').click();
  const link = page.getByRole('link', { name: /API reference/ });
  assert.equal(await link.getAttribute('target'), '_blank');
  const [ref] = await Promise.all([ctx.waitForEvent('page'), link.click()]);
  t.opened.push(ref);
  await ref.waitForURL(/\/api-reference\.html/);

  // Grouped by tags: each heading names a tag of the document's operations, once.
  await ref.locator('h3.opblock-tag').first().waitFor();
  const all = tagsFor(doc);
  const shown = await ref.locator('h3.opblock-tag').evaluateAll((hs) => hs.map((h) => h.dataset.tag));
  assert.ok(shown.length >= 1 && shown.every((x) => all.has(x)), `headings ${shown} are tags of ${[...all]}`);
  assert.equal(new Set(shown).size, shown.length);
  assert.equal(await ref.getByRole('button', { name: /Try it out/ }).count(), 0);
  assert.equal(await ref.getByRole('button', { name: /Authorize/ }).count(), 0);
  await t.shot(ref, 'apidocs');

  // The filter keeps the pools' operations, under their tags.
  await ref.getByPlaceholder(/Filter by tag/).fill(POOLS);
  const tag = doc.paths[POOLS].get.tags?.[0] || 'default';
  const list = ref.locator('.opblock-get', { has: ref.locator(`.opblock-summary-path[data-path="${POOLS}"]`) });
  await list.waitFor();
  const headings = await ref.locator('h3.opblock-tag').evaluateAll((hs) => hs.map((h) => h.dataset.tag));
  assert.ok(headings.includes(tag) && headings.every((x) => tagsFor(doc, POOLS).has(x)), `headings ${headings} after the filter`);
  assert.ok((await list.getAttribute('id')).startsWith(`operations-${tag}-`), `GET ${POOLS} is under ${tag}`);

  // Expanded, its command is on the clipboard and on the page.
  await list.locator('.opblock-summary-control').click();
  await list.getByRole('button', { name: 'Copy as curl' }).click();
  await list.getByRole('button', { name: 'Copied' }).waitFor();
  const copied = await ref.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^curl -sS /);
  assert.ok(copied.includes('-H "Authorization: Bearer $OA_TOKEN"'), copied);
  assert.ok(copied.endsWith(`'${t.url}/api/clusters/'"$OA_FSID"'/pools'`), copied);
  assert.ok(!copied.includes('-X ') && !copied.includes('--data-raw'), copied);
  assert.equal(await list.locator('.oa-curl-command').innerText(), copied);
  assert.match(ref.url(), new RegExp(`#/${tag}/`));
  await t.shot(ref, 'apidocs-pools');

  // A POST's command sends a skeleton of its body.
  const create = ref.locator('.opblock-post', { has: ref.locator(`.opblock-summary-path[data-path="${POOLS}"]`) });
  await create.locator('.opblock-summary-control').click();
  await create.getByRole('button', { name: 'Copy as curl' }).click();
  await create.getByRole('button', { name: 'Copied' }).waitFor();
  const post = await ref.evaluate(() => navigator.clipboard.readText());
  assert.ok(post.includes('-X POST') && post.includes("-H 'Content-Type: application/json'"), post);
  const body = JSON.parse(post.match(/--data-raw '(.*)' \\/)[1]);
  assert.ok('name' in body, post);

  assert.deepEqual(await ref.evaluate(() => window.__csp), []);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(refErrors, []);
  assert.deepEqual(page.errors, []);
  assert.ok(!requests.some((u) => /api-reference|swagger/i.test(u)), `the console loaded ${requests.filter((u) => /api-reference|swagger/i.test(u))}`);
}

export async function test_apidocs_says_when_the_document_cannot_be_loaded(t) {
  const page = await t.page();
  await page.route('**/api/openapi.json', (r) => r.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"server_unavailable","message":"x"}}' }));
  await page.goto('/api-reference.html');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /could not be loaded \(HTTP 503\)/);
  await t.shot(page, 'apidocs-unavailable');
}
