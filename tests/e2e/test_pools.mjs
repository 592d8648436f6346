// test_pools.mjs - the pools page: create through the form and follow the task to
// its end, a bad value shown at its field, copy as curl, delete with the name typed;
// the list read once as the page opens.
import assert from 'node:assert/strict';

export async function test_create_a_pool_and_watch_its_task_then_delete_it(t) {
  const page = await t.page();
  await t.login(page);
  // Opening the page reads its list once (it read it twice: the effect that reads it
  // again when a pool task starts or ends also ran as the page opened).
  const listPath = `/api/clusters/${t.fsid}/pools`;
  let reads = 0;
  const seen = [];
  page.on('request', (r) => r.method() === 'GET' && new URL(r.url()).pathname === listPath && (reads++, seen.push(r.url())));
  await page.goto(`/c/${t.fsid}/pools`);
  await page.locator('table').waitFor();
  await page.waitForTimeout(1500);
  assert.equal(reads, 1, `the pool list was read ${reads} times as the page opened: ${seen.join(' ')}`);
  await t.shot(page, 'pools');
  const name = t.unique('uipool');
  await page.getByRole('button', { name: 'Create pool' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Replicas', { exact: true }).fill('3');
  await dialog.getByLabel('Placement groups').fill('8');
  // "Copy as curl" shows the exact call the form will make.
  await dialog.getByText('Copy as curl').click();
  const curl = await dialog.locator('details.curl pre').innerText();
  assert.match(curl, /-X POST/);
  assert.ok(curl.includes(`"name":"${name}"`) && curl.includes('"size":3') && curl.includes('"pg_num":8'), curl);
  await t.shot(page, 'pools-create');
  await dialog.getByRole('button', { name: 'Create pool' }).click();
  // A toast follows the task to its end.
  const toast = page.locator('.toast', { hasText: `Create pool` });
  await toast.waitFor();
  await page.locator('.toast.ok', { hasText: 'Done.' }).waitFor({ timeout: 90000 });
  const row = page.locator(`tr[data-row="${name}"]`);
  await row.waitFor();
  const pool = await t.api('GET', `/api/clusters/${t.fsid}/pools/${name}`);
  assert.equal(pool.status, 200);
  assert.equal(pool.json.size, 3);

  // Delete: the button stays disabled until the name is typed.
  await row.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog');
  const del = confirm.getByRole('button', { name: 'Delete pool' });
  assert.equal(await del.isDisabled(), true);
  await confirm.getByLabel(/Type .* to confirm/).fill(name.slice(0, -1));
  assert.equal(await del.isDisabled(), true);
  await confirm.getByLabel(/Type .* to confirm/).fill(name);
  await t.shot(page, 'pools-delete');
  await del.click();
  await t.until(async () => (await t.api('GET', `/api/clusters/${t.fsid}/pools/${name}`)).status === 404, 'the pool to be deleted', 90000);
  await row.waitFor({ state: 'detached', timeout: 30000 });
  assert.deepEqual(page.errors, []);
}

export async function test_bad_input_is_shown_at_the_field(t) {
  const page = await t.page();
  await t.login(page);
  await page.goto(`/c/${t.fsid}/pools`);
  await page.getByRole('button', { name: 'Create pool' }).click();
  const dialog = page.getByRole('dialog');
  // Checked while typing...
  await dialog.getByLabel('Name').fill('.bad');
  await dialog.locator('[data-field=name] .field-error').waitFor();
  // ...and the server's own refusal lands at its field: an existing pool's name.
  // (Not openATTIC's own .openattic, whose name the console refuses before asking.)
  const pools = (await t.api('GET', `/api/clusters/${t.fsid}/pools?limit=100`)).json.items;
  const existing = pools.find((p) => !p.name.startsWith('.')).name;
  await dialog.getByLabel('Name').fill(existing);
  await dialog.getByLabel('Replicas', { exact: true }).fill('3');
  await dialog.getByLabel('Placement groups').fill('8');
  await dialog.getByRole('button', { name: 'Create pool' }).click();
  const err = dialog.locator('[data-field=name] .field-error');
  await err.waitFor();
  assert.match(await err.innerText(), /exists/);
  await t.shot(page, 'pools-field-error');
}

export async function test_a_viewer_sees_no_buttons_that_would_fail(t) {
  const viewer = await t.makeUser('viewer');
  const page = await t.page();
  await t.login(page, viewer);
  await page.goto(`/c/${t.fsid}/pools`);
  await page.locator('table').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create pool' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Edit' }).count(), 0);
  // Administration pages are not offered to a viewer.
  assert.equal(await page.locator('nav.sidenav a[href="/admin/users"]').count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0);
  await t.shot(page, 'pools-viewer');
}

export async function test_pool_hints_custom_application_and_a_snapshot(t) {
  const name = t.unique('e2e-px-');
  const api = `/api/clusters/${t.fsid}/pools/${name}`;
  try {
    const made = await t.api('POST', `/api/clusters/${t.fsid}/pools`, { name, pg_num: 8, applications: [] });
    assert.ok([201, 202].includes(made.status), JSON.stringify(made.json));
    await t.until(async () => (await t.api('GET', api)).status === 200, 'the pool', 90000);
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/pools/${name}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Other applications').fill('backup-tool');
    await dialog.getByLabel(/Show CRUSH, compression/).check();
    await dialog.getByLabel('Autoscaler: expected share').fill('0.1');
    await dialog.getByLabel(/Bulk/).check();
    await dialog.getByRole('button', { name: 'Save pool' }).click();
    await dialog.waitFor({ state: 'detached' });
    const pool = (await t.api('GET', api)).json;
    assert.deepEqual(pool.applications, ['backup-tool']);
    assert.equal(pool.autoscale.target_size_ratio, 0.1);
    assert.equal(pool.autoscale.bulk, true);
    await page.locator('[data-autoscale]', { hasText: 'bulk' }).waitFor();

    const card = page.locator('[data-card=pool-snapshots]');
    await card.getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('before-change');
    await page.getByRole('dialog').getByRole('button', { name: 'Take snapshot' }).click();
    const row = card.locator('tr[data-row="before-change"]');
    await row.waitFor();
    await t.shot(page, 'pool-snapshots');
    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove snapshot' }).click();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual((await t.api('GET', `${api}/snapshots`)).json.items, []);
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', `${api}?confirm=${name}`).catch(() => {});
  }
}
