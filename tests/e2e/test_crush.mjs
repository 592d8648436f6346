// test_crush.mjs - CRUSH rules in the console: create a replicated rule with a failure
// domain from the map's own types, see it in the list, delete it with a confirmation;
// the rule a pool uses offers no delete. The tree of the (small) test cluster: all open,
// a bucket closed by hand renders no children, the search (?q=) narrows it to an OSD or
// a host with their buckets opened and clearing it gives the tree back as it was,
// Collapse all and Expand all.
import assert from 'node:assert/strict';

export async function test_crush_create_a_rule_and_delete_it(t) {
  const name = t.unique('e2e-rule-');
  const api = `/api/clusters/${t.fsid}/crush/rules`;
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/crush`);
    await page.locator('[data-table=crush-rules] tbody tr[data-row]').first().waitFor();
    const used = (await t.api('GET', `${api}?limit=1000`)).json.items.find((r) => r.pools.length);
    if (used) assert.equal(await page.locator(`[data-table=crush-rules] tr[data-row="${used.name}"]`).getByRole('button', { name: 'Delete' }).isDisabled(), true);

    await page.getByRole('button', { name: 'Create rule' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Failure domain').selectOption('osd');
    await t.shot(page, 'crush-rule-create');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator(`[data-table=crush-rules] tr[data-row="${name}"]`);
    await row.waitFor();
    const made = (await t.api('GET', `${api}?limit=1000`)).json.items.find((r) => r.name === name);
    assert.ok(made.steps.some((s) => s.type === 'osd'), JSON.stringify(made.steps));

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete rule' }).click();
    await row.waitFor({ state: 'detached' });
    assert.ok(!(await t.api('GET', `${api}?limit=1000`)).json.items.some((r) => r.name === name));
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', `${api}/${name}`).catch(() => {});
  }
}

/** The host buckets below the nodes, with the OSDs under them. */
function hosts(nodes) {
  return nodes.flatMap((n) => (n.type === 'host' ? [n] : hosts(n.children || [])));
}

export async function test_crush_tree_search_and_expand_collapse(t) {
  const tree = (await t.api('GET', `/api/clusters/${t.fsid}/crush/tree`)).json;
  const osds = hosts(tree.roots).flatMap((h) => (h.children || []).filter((c) => c.type === 'osd'));
  if (new Set(osds.map((o) => o.id)).size > 50) t.skip('a big CRUSH tree: this test wants the small one of the test cluster, shown all open');
  const host = hosts(tree.roots).find((h) => (h.children || []).length > 0);
  assert.ok(host, 'the test cluster has a host with OSDs');
  const osd = host.children[host.children.length - 1];
  const page = await t.page();
  await t.login(page);
  await page.goto(`/c/${t.fsid}/crush`);
  const card = page.locator('.crush-tree-card');
  const hostRow = card.locator(`li.crush-bucket[data-bucket="${host.name}"]`);
  const hostToggle = hostRow.getByRole('button', { name: new RegExp(`^\\s*${host.name}\\s+host`) }).first();
  const toggles = card.locator('.crush-tree button.crush-toggle');
  const osdRows = card.locator('li.crush-osd');
  await hostRow.waitFor();

  // Small: every bucket open, every OSD shown; a bucket sums up the OSDs below it.
  const expanded = async () => (await toggles.evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-expanded')))).join();
  assert.equal(await expanded(), Array(await toggles.count()).fill('true').join());
  assert.equal(await osdRows.count(), osds.length);
  assert.equal(await card.locator('.crush-hint').count(), 0);
  const up = host.children.filter((o) => o.status === 'up').length;
  assert.match(await hostRow.locator('.crush-summary').first().innerText(), new RegExp(`^${up} of ${host.children.length} up\\s+\\d+ in$`));

  // The host closed by hand stays closed under a search's own open state and after it.
  await hostToggle.click();
  assert.equal(await hostToggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await hostRow.locator('li.crush-osd').count(), 0, 'a closed bucket renders no children');

  // Search one OSD: it alone is shown, the buckets leading to it opened, in the URL.
  const search = page.getByLabel('Search the hierarchy');
  await search.fill(osd.name);
  await page.waitForURL((u) => new URL(u).searchParams.get('q') === osd.name);
  const shownOsds = osds.filter((o) => o.name.includes(osd.name)).length;
  await t.until(async () => (await osdRows.count()) === shownOsds, `only ${osd.name} shown`);
  assert.equal(await card.locator(`li.crush-osd[data-osd="${osd.name}"] mark`).innerText(), osd.name);
  assert.equal(await hostToggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await card.locator('.crush-found').innerText(), shownOsds === 1 ? '1 match' : `${shownOsds} matches`);
  await t.shot(page, 'crush-search-osd');

  // Search the host: it and all its OSDs.
  await search.fill(host.name);
  await page.waitForURL((u) => new URL(u).searchParams.get('q') === host.name);
  await t.until(async () => (await hostRow.locator('li.crush-osd').count()) === host.children.length, `the OSDs of ${host.name}`);
  assert.equal(await hostRow.locator('.crush-toggle mark').innerText(), host.name);

  // Nothing.
  await search.fill('no-such-bucket-zz');
  await card.getByText('Nothing matches').waitFor();

  // Cleared: the tree as it was, the host still closed by hand.
  await search.fill('');
  await page.waitForURL((u) => !new URL(u).searchParams.has('q'));
  await hostRow.waitFor();
  assert.equal(await hostToggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await hostRow.locator('li.crush-osd').count(), 0);

  // Collapse all, expand all.
  await card.getByRole('button', { name: 'Collapse all' }).click();
  await t.until(async () => (await osdRows.count()) === 0, 'no OSD after Collapse all');
  assert.equal(await toggles.count(), tree.roots.length, 'only the roots are left, closed');
  assert.equal(await expanded(), Array(tree.roots.length).fill('false').join());
  await t.shot(page, 'crush-collapsed');
  await card.getByRole('button', { name: 'Expand all' }).click();
  await t.until(async () => (await osdRows.count()) === osds.length, 'every OSD after Expand all');
  assert.equal(await expanded(), Array(await toggles.count()).fill('true').join());

  // A search in the URL is applied on load; the rules table keeps its own search apart.
  await page.goto(`/c/${t.fsid}/crush?q=${encodeURIComponent(osd.name)}`);
  await card.locator(`li.crush-osd[data-osd="${osd.name}"]`).waitFor();
  assert.equal(await search.inputValue(), osd.name);
  assert.equal(await osdRows.count(), shownOsds);
  await page.getByLabel('Search rules').fill('zz-none');
  await page.waitForURL((u) => new URL(u).searchParams.get('rules-q') === 'zz-none');
  assert.equal(new URL(page.url()).searchParams.get('q'), osd.name);
  assert.equal(await osdRows.count(), shownOsds);
  assert.deepEqual(page.errors, []);
}
