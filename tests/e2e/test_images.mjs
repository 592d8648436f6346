// test_images.mjs - RBD images: create through the form (a bad size shown at its
// field, features kept consistent), snapshot, protect, clone (refused while the
// snapshot is unprotected on a cluster that needs v1 clones), the clone's parent,
// flatten as a task, delete with the name typed; resize (shrinking needs consent),
// rename, copy as a task, roll back; trash and restore, purge with force; what a
// viewer sees. Each test makes its own pool and deletes it at the end.
import assert from 'node:assert/strict';

const MiB = 1024 * 1024;

/** A new replicated pool with the rbd application; resolves with its name. */
async function makePool(t) {
  const name = t.unique('e2eimg');
  const r = await t.api('POST', `/api/clusters/${t.fsid}/pools`, { name, type: 'replicated', size: 3, pg_num: 8, applications: ['rbd'] });
  assert.equal(r.status, 202, JSON.stringify(r.json));
  const task = await t.until(async () => {
    const x = (await t.api('GET', `/api/tasks/${r.json.id}`)).json;
    return ['succeeded', 'failed', 'cancelled'].includes(x.state) && x;
  }, `pool ${name} to be created`);
  assert.equal(task.state, 'succeeded', JSON.stringify(task.error));
  return name;
}

async function dropPool(t, name) {
  if (name) await t.api('DELETE', `/api/clusters/${t.fsid}/pools/${name}?confirm=${name}`).catch(() => {});
}

const imgApi = (t, pool, rest = '') => `/api/clusters/${t.fsid}/pools/${pool}/images${rest}`;

async function makeImage(t, pool, name, size = 64 * MiB) {
  const r = await t.api('POST', imgApi(t, pool), { name, size });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
}

/** Waits for the toast of a task labelled label to say Done. */
async function taskDone(page, label, timeout = 90000) {
  await page.locator('.toast.ok', { hasText: label }).filter({ hasText: 'Done.' }).waitFor({ timeout });
}

export async function test_create_snapshot_protect_clone_flatten_and_delete_an_image(t) {
  const pool = await makePool(t);
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/images?pool=${pool}`);
    await page.locator('.state.empty', { hasText: 'has no images' }).waitFor();
    await t.shot(page, 'images-empty');

    // Create: a bad size is shown at its field while typing.
    const name = t.unique('disk');
    await page.getByRole('button', { name: 'Create image' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Size', { exact: true }).fill('ten');
    const sizeErr = dialog.locator('[data-field=size] .field-error');
    await sizeErr.waitFor();
    assert.match(await sizeErr.innerText(), /size such as 10G/);
    await t.shot(page, 'images-create-bad-size');
    await dialog.getByLabel('Size', { exact: true }).fill('64M');
    await sizeErr.waitFor({ state: 'detached' });
    assert.match(await dialog.locator('[data-field=size] .help').innerText(), /64 MiB/);
    // Features keep their dependencies: exclusive-lock off takes object-map and fast-diff along...
    const feat = (f) => dialog.locator(`input[name=features][value=${f}]`);
    await feat('exclusive-lock').uncheck();
    assert.equal(await feat('object-map').isChecked(), false);
    assert.equal(await feat('fast-diff').isChecked(), false);
    await dialog.locator('[data-field=features] .help[role=status]', { hasText: 'Also switched off' }).waitFor();
    // ...and fast-diff on brings them back.
    await feat('fast-diff').check();
    assert.equal(await feat('exclusive-lock').isChecked(), true);
    assert.equal(await feat('object-map').isChecked(), true);
    await dialog.getByText('Copy as curl').click();
    assert.match(await dialog.locator('details.curl pre').innerText(), new RegExp(`"size":${64 * MiB}`));
    await t.shot(page, 'images-create');
    await dialog.getByRole('button', { name: 'Create image' }).click();
    const row = page.locator(`tr[data-row="${name}"]`);
    await row.waitFor();
    const made = await t.api('GET', imgApi(t, pool, `/${name}`));
    assert.equal(made.status, 200);
    assert.equal(made.json.size, 64 * MiB);
    assert.ok(made.json.features.includes('fast-diff'), made.json.features.join());
    await t.shot(page, 'images-list');

    // The used space on request.
    await page.getByLabel(/Show used space/).check();
    await page.locator('th', { hasText: 'Used' }).waitFor();
    await row.locator('td[data-col=used]').waitFor();
    await t.shot(page, 'images-list-used');

    // Detail: properties; then snapshots.
    await row.getByRole('link', { name }).click();
    await page.locator('h1', { hasText: `Image ${name}` }).waitFor();
    await page.locator('[data-card=parent]', { hasText: 'Not a clone' }).waitFor();
    await t.shot(page, 'image-details');
    await page.getByRole('link', { name: /^Snapshots/ }).click();
    await page.waitForURL(/\/snapshots/);
    await page.locator('.state.empty', { hasText: 'has no snapshots' }).waitFor();
    await page.getByRole('button', { name: 'Create snapshot' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('before-upgrade');
    await t.shot(page, 'image-snapshot-create');
    await page.getByRole('dialog').getByRole('button', { name: 'Create snapshot' }).click();
    const snapRow = page.locator('tr[data-row="before-upgrade"]');
    await snapRow.waitFor();

    // Clone before protecting: a cluster that allows pre-Mimic clients refuses, and says so.
    const clone = `${name}-clone`;
    await snapRow.getByRole('button', { name: 'Clone' }).click();
    let cdlg = page.getByRole('dialog');
    await cdlg.getByLabel('Name of the clone').fill(clone);
    await cdlg.getByRole('button', { name: 'Clone' }).click();
    const refused = cdlg.locator('.form-error');
    const outcome = await Promise.race([
      refused.waitFor().then(() => 'refused'),
      page.waitForURL(new RegExp(`/images/${pool}/${clone}`)).then(() => 'cloned'),
    ]);
    if (outcome === 'refused') {
      assert.match(await refused.innerText(), /protect it first/);
      await t.shot(page, 'image-clone-refused');
      await cdlg.getByRole('button', { name: 'Cancel' }).click();
      // Protect, then clone.
      await snapRow.getByRole('button', { name: 'Protect' }).click();
      await snapRow.locator('.badge', { hasText: /^protected$/ }).waitFor();
      await t.shot(page, 'image-snapshots');
      await snapRow.getByRole('button', { name: 'Clone' }).click();
      cdlg = page.getByRole('dialog');
      await cdlg.getByLabel('Name of the clone').fill(clone);
      await t.shot(page, 'image-clone');
      await cdlg.getByRole('button', { name: 'Clone' }).click();
      await page.waitForURL(new RegExp(`/images/${pool}/${clone}`));
    }
    // The clone's page names its parent.
    const parentLink = page.locator('[data-card=parent] a', { hasText: `${pool}/${name}@before-upgrade` });
    await parentLink.waitFor();
    await t.shot(page, 'image-clone-details');

    // In the list, the clone shows its parent; flatten it and follow the task.
    await page.goto(`/c/${t.fsid}/images?pool=${pool}`);
    const cloneRow = page.locator(`tr[data-row="${clone}"]`);
    await cloneRow.locator('td[data-col=parent]', { hasText: `${name}@before-upgrade` }).waitFor();
    assert.equal(await row.getByRole('button', { name: 'Flatten' }).count(), 0, 'only clones offer Flatten');
    await cloneRow.getByRole('button', { name: 'Flatten' }).click();
    await page.getByRole('dialog').waitFor();
    await t.shot(page, 'images-flatten');
    await page.getByRole('dialog').getByRole('button', { name: 'Flatten' }).click();
    await page.locator('.toast', { hasText: `Flatten ${clone}` }).waitFor();
    await taskDone(page, `Flatten ${clone}`);
    await t.until(async () => (await t.api('GET', imgApi(t, pool, `/${clone}`))).json.parent === null, 'the clone to be flat');
    await cloneRow.locator('td[data-col=parent]', { hasText: '—' }).waitFor();

    // Delete the clone: the button stays disabled until the name is typed.
    await cloneRow.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    const del = confirm.getByRole('button', { name: 'Delete image' });
    assert.equal(await del.isDisabled(), true);
    await confirm.getByLabel(/Type .* to confirm/).fill(clone.slice(0, -1));
    assert.equal(await del.isDisabled(), true);
    await confirm.getByLabel(/Type .* to confirm/).fill(clone);
    await t.shot(page, 'images-delete');
    await del.click();
    await t.until(async () => (await t.api('GET', imgApi(t, pool, `/${clone}`))).status === 404, 'the clone to be deleted', 90000);
    await cloneRow.waitFor({ state: 'detached', timeout: 30000 });

    // A protected snapshot is not deleted: the server's reason is shown.
    await page.goto(`/c/${t.fsid}/images/${pool}/${name}/snapshots`);
    await snapRow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete snapshot' }).click();
    await page.getByRole('dialog').locator('.form-error', { hasText: /protected/ }).waitFor();
    await t.shot(page, 'image-snapshot-delete-refused');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await snapRow.getByRole('button', { name: 'Unprotect' }).click();
    await snapRow.locator('.badge', { hasText: 'unprotected' }).waitFor();
    await snapRow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete snapshot' }).click();
    await snapRow.waitFor({ state: 'detached' });
    assert.deepEqual(page.errors, []);
  } finally {
    await dropPool(t, pool);
  }
}

export async function test_resize_rename_copy_and_roll_back(t) {
  const pool = await makePool(t);
  try {
    const name = t.unique('vol');
    await makeImage(t, pool, name, 128 * MiB);
    assert.equal((await t.api('POST', imgApi(t, pool, `/${name}/snapshots`), { name: 'base' })).status, 201);
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/images?pool=${pool}`);
    const row = page.locator(`tr[data-row="${name}"]`);
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    assert.equal(await dialog.getByLabel('Size', { exact: true }).inputValue(), '128M');
    // Shrinking wants explicit consent, with its warning.
    await dialog.getByLabel('Size', { exact: true }).fill('64M');
    await dialog.locator('[data-field=size] .field-error', { hasText: 'Allow shrinking' }).waitFor();
    await dialog.getByLabel(/Allow shrinking/).check();
    await dialog.locator('.img-warn', { hasText: 'cannot be undone' }).waitFor();
    const renamed = `${name}-r`;
    await dialog.getByLabel('Name', { exact: true }).fill(renamed);
    // layering cannot change after creation.
    assert.equal(await dialog.locator('input[name=features][value=layering]').isDisabled(), true);
    await t.shot(page, 'images-edit-shrink');
    await dialog.getByRole('button', { name: 'Save image' }).click();
    await page.locator(`tr[data-row="${renamed}"]`).waitFor();
    const after = await t.api('GET', imgApi(t, pool, `/${renamed}`));
    assert.equal(after.json.size, 64 * MiB);

    // Copy: a task.
    const rrow = page.locator(`tr[data-row="${renamed}"]`);
    await rrow.getByRole('button', { name: 'Copy' }).click();
    const copy = page.getByRole('dialog');
    await copy.getByLabel('Destination image').fill(`${renamed}-copy`);
    await t.shot(page, 'images-copy');
    await copy.getByRole('button', { name: 'Copy image' }).click();
    await taskDone(page, 'Copy image');
    await page.locator(`tr[data-row="${renamed}-copy"]`).waitFor();
    assert.equal((await t.api('GET', imgApi(t, pool, `/${renamed}-copy`))).status, 200);

    // Roll back to the snapshot: a confirmation, then a task.
    await page.goto(`/c/${t.fsid}/images/${pool}/${renamed}/snapshots`);
    await page.locator(`tr[data-row="base"]`).getByRole('button', { name: 'Roll back' }).click();
    await page.getByRole('dialog', { name: /Roll back/ }).locator('.danger-text', { hasText: 'everything written since is lost' }).waitFor();
    await t.shot(page, 'image-rollback');
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await taskDone(page, `Roll back ${renamed} to base`);
    await page.getByRole('link', { name: 'Details' }).click();
    await page.locator('h1', { hasText: `Image ${renamed}` }).waitFor();
    await t.shot(page, 'image-details-after');
    await t.shot(await bigShot(t, `/c/${t.fsid}/images?pool=${pool}`), 'images-4k');
    assert.deepEqual(page.errors, []);
  } finally {
    await dropPool(t, pool);
  }
}

async function bigShot(t, path) {
  const page = await t.page({ width: 3840, height: 2160 });
  await t.login(page);
  await page.goto(path);
  await page.locator('table').waitFor();
  return page;
}

export async function test_move_to_trash_restore_and_purge(t) {
  const pool = await makePool(t);
  try {
    const name = t.unique('old');
    await makeImage(t, pool, name);
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/images?pool=${pool}`);
    const row = page.locator(`tr[data-row="${name}"]`);
    await row.getByRole('button', { name: 'Trash' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Protect from purging for').selectOption('86400');
    await t.shot(page, 'images-trash-move');
    await dialog.getByRole('button', { name: 'Move to trash' }).click();
    await row.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Trash of this pool' }).click();
    await page.locator('h1', { hasText: 'Trash' }).waitFor();
    const trow = page.locator('tr', { hasText: name });
    await trow.locator('td', { hasText: 'can be purged after' }).waitFor();
    await t.shot(page, 'trash');
    // Purging before the deferment ends wants the force ticked.
    await trow.getByRole('button', { name: 'Purge' }).click();
    const purge = page.getByRole('dialog');
    const now = purge.getByRole('button', { name: 'Purge now' });
    assert.equal(await now.isDisabled(), true);
    await purge.getByLabel(/Purge it now anyway/).check();
    assert.equal(await now.isDisabled(), false);
    await t.shot(page, 'trash-purge-force');
    await purge.getByRole('button', { name: 'Cancel' }).click();

    // Restore under a new name.
    await trow.getByRole('button', { name: 'Restore' }).click();
    const restore = page.getByRole('dialog');
    await restore.getByLabel('Restore as').fill(`${name}-back`);
    await t.shot(page, 'trash-restore');
    await restore.getByRole('button', { name: 'Restore image' }).click();
    await page.locator('.img-note', { hasText: `Restored ${name}-back` }).waitFor();
    assert.equal((await t.api('GET', imgApi(t, pool, `/${name}-back`))).status, 200);

    // One without deferment is purged at once, as a task.
    const gone = t.unique('gone');
    await makeImage(t, pool, gone);
    assert.equal((await t.api('POST', `/api/clusters/${t.fsid}/pools/${pool}/trash`, { image: gone, delay_s: 0 })).status, 201);
    await page.reload();
    const grow = page.locator('tr', { hasText: gone });
    await grow.locator('td', { hasText: 'can be purged now' }).waitFor();
    await grow.getByRole('button', { name: 'Purge' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Purge$/ }).click();
    await taskDone(page, `Purge ${gone}`);
    await grow.waitFor({ state: 'detached' });
    assert.deepEqual(page.errors, []);
  } finally {
    await dropPool(t, pool);
  }
}

export async function test_a_viewer_sees_images_but_no_buttons_that_would_fail(t) {
  const pool = await makePool(t);
  try {
    const name = t.unique('ro');
    await makeImage(t, pool, name);
    assert.equal((await t.api('POST', imgApi(t, pool, `/${name}/snapshots`), { name: 's1' })).status, 201);
    const viewer = await t.makeUser('viewer');
    const page = await t.page();
    await t.login(page, viewer);
    await page.goto(`/c/${t.fsid}/images?pool=${pool}`);
    await page.locator(`tr[data-row="${name}"]`).waitFor();
    for (const b of ['Create image', 'Edit', 'Delete', 'Trash', 'Copy']) assert.equal(await page.getByRole('button', { name: b, exact: true }).count(), 0, b);
    await page.goto(`/c/${t.fsid}/images/${pool}/${name}/snapshots`);
    await page.locator('tr[data-row="s1"]').waitFor();
    for (const b of ['Create snapshot', 'Protect', 'Roll back', 'Delete']) assert.equal(await page.getByRole('button', { name: b, exact: true }).count(), 0, b);
    await t.shot(page, 'image-snapshots-viewer');
    // The trash: entries, but no Restore or Purge.
    const old = t.unique('bin');
    await makeImage(t, pool, old);
    assert.equal((await t.api('POST', `/api/clusters/${t.fsid}/pools/${pool}/trash`, { image: old, delay_s: 3600 })).status, 201);
    await page.goto(`/c/${t.fsid}/trash?pool=${pool}`);
    await page.locator('tr', { hasText: old }).waitFor();
    for (const b of ['Restore', 'Purge']) assert.equal(await page.getByRole('button', { name: b, exact: true }).count(), 0, b);
    assert.deepEqual(page.errors, []);
  } finally {
    await dropPool(t, pool);
  }
}

export async function test_an_image_being_deleted_shows_the_task_in_its_row(t) {
  const pool = await makePool(t);
  try {
    // 128 GiB without object-map: librbd removes every possible object, which takes seconds.
    const name = t.unique('huge');
    const r = await t.api('POST', imgApi(t, pool), { name, size: 128 * 1024 * MiB, features: ['layering'] });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/images?pool=${pool}`);
    const row = page.locator(`tr[data-row="${name}"]`);
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByLabel(/Type .* to confirm/).fill(name);
    // Every label the row's task meter shows, recorded in the page (it may be quick).
    await page.evaluate((sel) => {
      window.__seen = [];
      new MutationObserver(() => {
        const m = document.querySelector(`${sel} .meter`);
        if (m && !window.__seen.includes(m.textContent)) window.__seen.push(m.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, `tr[data-row="${name}"]`);
    await page.getByRole('dialog').getByRole('button', { name: 'Delete image' }).click();
    await t.until(async () => (await page.evaluate(() => window.__seen.length)) > 0, 'the row to show the task');
    if (await row.locator('.meter').count()) {
      assert.equal(await row.getByRole('button', { name: 'Delete' }).count(), 0, 'no actions while a task works on the row');
      await t.shot(page, 'images-deleting');
    }
    await row.waitFor({ state: 'detached', timeout: 90000 });
    const seen = await page.evaluate(() => window.__seen);
    assert.ok(seen.some((s) => /^deleting… (\d+%|queued)$/.test(s)), JSON.stringify(seen));
    assert.equal((await t.api('GET', imgApi(t, pool, `/${name}`))).status, 404);
    assert.deepEqual(page.errors, []);
  } finally {
    await dropPool(t, pool);
  }
}

export async function test_the_namespace_list_picks_the_images_of_a_namespace(t) {
  const pool = await makePool(t);
  try {
    const ns = t.unique('tenant');
    assert.equal((await t.api('POST', `/api/clusters/${t.fsid}/pools/${pool}/namespaces`, { name: ns })).status, 201);
    const inside = t.unique('inner');
    const r = await t.api('POST', imgApi(t, pool, `?namespace=${ns}`), { name: inside, size: MiB });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    await makeImage(t, pool, t.unique('outer'), MiB);
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/images?pool=${pool}`);
    await page.locator('table').waitFor();
    assert.equal(await page.locator(`tr[data-row="${inside}"]`).count(), 0, 'the default namespace does not show it');
    await page.getByLabel('Namespace').selectOption(ns);
    await page.locator(`tr[data-row="${inside}"]`).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);
    assert.ok(page.url().includes(`namespace=${ns}`), page.url());
    await t.shot(page, 'images-namespace');
    await t.api('DELETE', imgApi(t, pool, `/${inside}?namespace=${ns}`));
  } finally {
    await dropPool(t, pool);
  }
}

export async function test_a_namespace_is_created_chosen_and_deleted(t) {
  const pools = (await t.api('GET', `/api/clusters/${t.fsid}/pools?limit=1000`)).json.items.filter((p) => p.applications.includes('rbd'));
  if (!pools.length) t.skip('no RBD pool');
  const pool = pools[0].name;
  const ns = t.unique('e2e-ns-');
  const api = `/api/clusters/${t.fsid}/pools/${pool}/namespaces`;
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/images?pool=${encodeURIComponent(pool)}`);
    await page.getByRole('button', { name: 'New namespace' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(ns);
    await dialog.getByRole('button', { name: 'Create namespace' }).click();
    await page.waitForURL(new RegExp(`namespace=${ns}`));
    assert.ok((await t.api('GET', `${api}?limit=1000`)).json.items.some((n) => n.name === ns));
    await page.getByRole('button', { name: 'Delete namespace' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete namespace' }).click();
    await t.until(async () => !(await t.api('GET', `${api}?limit=1000`)).json.items.some((n) => n.name === ns), 'the namespace to go');
    await page.waitForURL((u) => !u.searchParams.has('namespace'));
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', `${api}/${ns}`).catch(() => {});
  }
}
