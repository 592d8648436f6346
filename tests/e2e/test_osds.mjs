// test_osds.mjs - the OSDs, cluster flags and erasure-code profile pages: mark an OSD
// out (confirmed) and in again, reweight with a bad then a good value, set and clear
// noout through the flags dialog, scrubs (one and bulk), the OSD detail dialog,
// create and delete an erasure-code profile (and one in use cannot be deleted), and
// what a viewer sees. Every test puts the shared demo cluster back as it found it.
import assert from 'node:assert/strict';

const osdsPath = (t) => `/api/clusters/${t.fsid}/osds`;

/** An OSD that is up and in (the highest id: osd.0 is often the one people look at). */
async function pickOsd(t) {
  const items = (await t.api('GET', `${osdsPath(t)}?limit=1000`)).json.items;
  const osd = [...items].reverse().find((o) => o.up && o.in);
  if (!osd) t.skip('no OSD is up and in');
  return osd;
}

async function openOsds(t, page) {
  await page.goto(`/c/${t.fsid}/osds`);
  await page.locator('table tbody tr[data-row]').first().waitFor();
}

export async function test_mark_an_osd_out_with_confirmation_and_in_again(t) {
  const osd = await pickOsd(t);
  const one = `${osdsPath(t)}/${osd.id}`;
  try {
    const page = await t.page();
    await t.login(page);
    await openOsds(t, page);
    await t.shot(page, 'osds');
    const row = page.locator(`tr[data-row="${osd.id}"]`);
    assert.equal(await row.locator('td[data-col=up]').innerText(), 'up');
    assert.equal(await row.locator('td[data-col=in]').innerText(), 'in');

    // Out: a confirmation that says data will move, and Cancel changes nothing.
    await row.getByRole('button', { name: 'Mark out' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.ok(text.includes(osd.name) && /move the data/.test(text), text);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', one)).json.in, true);

    await row.getByRole('button', { name: 'Mark out' }).click();
    dialog = page.getByRole('dialog');
    await t.shot(page, 'osds-mark-out');
    await dialog.getByRole('button', { name: 'Mark out' }).click();
    await dialog.waitFor({ state: 'detached' });
    await t.until(async () => (await t.api('GET', one)).json.in === false, `${osd.name} to be out`);
    await row.locator('td[data-col=in]', { hasText: 'out' }).waitFor();
    await page.locator('.note-bar', { hasText: 'marked out' }).waitFor();

    // In again: no confirmation needed.
    await row.getByRole('button', { name: 'Mark in' }).click();
    await t.until(async () => (await t.api('GET', one)).json.in === true, `${osd.name} to be in`);
    await row.locator('td[data-col=in]', { hasText: /^in$/ }).waitFor();
    await row.getByRole('button', { name: 'Mark out' }).waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    if ((await t.api('GET', one)).json?.in === false) await t.api('PATCH', one, { in: true });
  }
}

export async function test_reweight_checks_the_value_then_updates_the_row(t) {
  const osd = await pickOsd(t);
  const one = `${osdsPath(t)}/${osd.id}`;
  const before = osd.reweight;
  try {
    const page = await t.page();
    await t.login(page);
    await openOsds(t, page);
    const row = page.locator(`tr[data-row="${osd.id}"]`);
    await row.getByRole('button', { name: 'Reweight…' }).click();
    const dialog = page.getByRole('dialog');
    const input = dialog.getByLabel('Reweight (0 to 1)');
    await input.fill('1.5');
    const err = dialog.locator('[data-field=reweight] .field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /0.*1/);
    await t.shot(page, 'osds-reweight-error');
    // The bad value never reaches the server.
    await dialog.getByRole('button', { name: 'Reweight', exact: true }).click();
    assert.equal((await t.api('GET', one)).json.reweight, before);

    await input.fill('0.9');
    await err.waitFor({ state: 'detached' });
    await dialog.getByText('Copy as curl').click();
    assert.match(await dialog.locator('details.curl pre').innerText(), /-X PATCH[\s\S]*"reweight":0\.9/);
    await dialog.getByRole('button', { name: 'Reweight', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await t.until(async () => Math.abs((await t.api('GET', one)).json.reweight - 0.9) < 0.001, 'the reweight to be 0.9');
    await row.locator('td[data-col=reweight]', { hasText: /^0\.9$/ }).waitFor();
    await page.locator('.note-bar', { hasText: 'reweighted to 0.9' }).waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('PATCH', one, { reweight: 1 });
  }
}

export async function test_set_and_clear_noout_through_the_flags_dialog(t) {
  const flagsPath = `/api/clusters/${t.fsid}/flags`;
  const before = (await t.api('GET', flagsPath)).json.flags;
  const had = before.includes('noout');
  try {
    const page = await t.page();
    await t.login(page);
    await openOsds(t, page);
    // Set it (or, if someone left it set, clear it first), then put it back.
    for (const [i, want] of [!had, had].entries()) {
      await page.getByRole('button', { name: 'Cluster flags…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Cluster flags' });
      const box = dialog.getByRole('checkbox', { name: 'noout' });
      await box.waitFor();
      assert.equal(await box.isChecked(), !want);
      // The dangerous ones say so in words.
      assert.match(await dialog.locator('[data-flag=pause]').innerText(), /Dangerous: stops all client I\/O/);
      await box.setChecked(want);
      assert.match(await dialog.locator('.flag-changes').innerText(), new RegExp(`Saving will ${want ? 'set' : 'clear'} noout`));
      await dialog.getByText('Copy as curl').click();
      const curl = await dialog.locator('details.curl pre').innerText();
      assert.match(curl, /-X PUT/);
      assert.equal(curl.includes('noout'), want, curl);
      if (i === 0) await t.shot(page, 'osds-flags-dialog');
      await dialog.getByRole('button', { name: 'Save flags' }).click();
      await dialog.waitFor({ state: 'detached' });
      const now = (await t.api('GET', flagsPath)).json.flags;
      assert.equal(now.includes('noout'), want, JSON.stringify(now));
      // The OSDs page shows the set flags.
      await t.until(async () => (await page.locator('.flags-now').getAttribute('data-flags-now')).split(' ').includes('noout') === want, 'the flags line');
      if (i === 0) await t.shot(page, 'osds-flags-set');
    }
    // The flags page is the same editor.
    await page.goto(`/c/${t.fsid}/flags`);
    await page.getByRole('checkbox', { name: 'noout' }).waitFor();
    await t.shot(page, 'flags');
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('PUT', flagsPath, { flags: before });
  }
}

export async function test_scrub_one_osd_and_several_and_open_the_detail(t) {
  const osd = await pickOsd(t);
  const page = await t.page();
  await t.login(page);
  await openOsds(t, page);
  const row = page.locator(`tr[data-row="${osd.id}"]`);
  await row.getByRole('button', { name: 'Scrub', exact: true }).click();
  await page.locator('.note-bar', { hasText: `Scrub requested for ${osd.name}` }).waitFor();
  await row.getByRole('button', { name: 'Deep scrub' }).click();
  await page.locator('.note-bar', { hasText: `Deep scrub requested for ${osd.name}` }).waitFor();

  // Bulk: select all on the page, scrub them.
  await page.getByLabel('Select all on this page').check();
  const bulk = page.locator('.bulk');
  await bulk.waitFor();
  await t.shot(page, 'osds-bulk');
  await bulk.getByRole('button', { name: 'Scrub', exact: true }).click();
  await page.locator('.note-bar', { hasText: /Scrub requested for osd\.\d+(, osd\.\d+)* and osd\.\d+/ }).waitFor();
  await bulk.waitFor({ state: 'detached' });

  // The detail dialog has its own URL.
  await row.getByRole('link', { name: osd.name }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Ceph version').waitFor();
  assert.match(page.url(), new RegExp(`[?&]osd=${osd.id}\\b`));
  await t.shot(page, 'osds-detail');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.doesNotMatch(page.url(), /osd=/);
  await page.goto(`/c/${t.fsid}/osds?osd=${osd.id}`);
  await page.getByRole('dialog').getByText('Ceph version').waitFor();

  // And on a 4K screen.
  const big = await t.page({ width: 3840, height: 2160 });
  await t.login(big);
  await openOsds(t, big);
  await t.shot(big, 'osds-4k');
  assert.deepEqual(page.errors, []);
}

export async function test_create_an_ec_profile_and_delete_it(t) {
  const name = t.unique('uiec');
  const one = `/api/clusters/${t.fsid}/erasure-code-profiles/${name}`;
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/ec-profiles`);
    await page.locator('tr[data-row]').first().waitFor();
    await t.shot(page, 'ec-profiles');
    await page.getByRole('button', { name: 'Create profile' }).click();
    const dialog = page.getByRole('dialog');
    // Checked while typing.
    await dialog.getByLabel('Name').fill('.bad');
    await dialog.locator('[data-field=name] .field-error').waitFor();
    await dialog.getByLabel('Data chunks (k)').fill('1');
    await dialog.locator('[data-field=k] .field-error').waitFor();
    // k+m against the failure domains the cluster has.
    await dialog.getByLabel('Data chunks (k)').fill('40');
    await dialog.getByLabel('Failure domain').selectOption('host');
    assert.match(await dialog.locator('[data-field=m] .field-error').innerText(), /this cluster has \d+/);
    await dialog.getByLabel('Data chunks (k)').fill('2');
    await dialog.getByLabel('Coding chunks (m)').fill('1');
    await dialog.getByLabel('Failure domain').selectOption('osd');
    // The server's refusal lands at its field: an existing profile's name.
    await dialog.getByLabel('Name').fill('default');
    await dialog.getByRole('button', { name: 'Create profile' }).click();
    const err = dialog.locator('[data-field=name] .field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /exists/);
    await t.shot(page, 'ec-profiles-field-error');

    await dialog.getByLabel('Name').fill(name);
    await dialog.getByText('Copy as curl').click();
    const curl = await dialog.locator('details.curl pre').innerText();
    assert.ok(curl.includes(`"name":"${name}"`) && curl.includes('"k":2') && curl.includes('"crush_failure_domain":"osd"'), curl);
    await t.shot(page, 'ec-profiles-create');
    await dialog.getByRole('button', { name: 'Create profile' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-row="${name}"]`);
    await row.waitFor();
    const got = await t.api('GET', one);
    assert.equal(got.status, 200);
    assert.deepEqual([got.json.k, got.json.m, got.json.plugin, got.json.crush_failure_domain], [2, 1, 'jerasure', 'osd']);

    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    assert.match(await confirm.innerText(), new RegExp(`${name}[\\s\\S]*will be removed`));
    await t.shot(page, 'ec-profiles-delete');
    await confirm.getByRole('button', { name: 'Delete profile' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', one)).status, 404);
    await row.waitFor({ state: 'detached' });
    assert.deepEqual(page.errors, []);
  } finally {
    if ((await t.api('GET', one)).status === 200) await t.api('DELETE', one);
  }
}

export async function test_a_profile_in_use_cannot_be_deleted(t) {
  const name = t.unique('uiecuse');
  const pool = t.unique('uiecpool');
  const prof = `/api/clusters/${t.fsid}/erasure-code-profiles/${name}`;
  const poolPath = `/api/clusters/${t.fsid}/pools/${pool}`;
  try {
    const c = await t.api('POST', `/api/clusters/${t.fsid}/erasure-code-profiles`, { name, k: 2, m: 1, crush_failure_domain: 'osd' });
    assert.equal(c.status, 201, JSON.stringify(c.json));
    const p = await t.api('POST', `/api/clusters/${t.fsid}/pools`, { name: pool, type: 'erasure', erasure_code_profile: name, pg_num: 8 });
    assert.ok(p.status === 202 || p.status === 201, JSON.stringify(p.json));
    await t.until(async () => (await t.api('GET', poolPath)).status === 200, 'the pool to exist', 90000);
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/ec-profiles`);
    const row = page.locator(`tr[data-row="${name}"]`);
    await row.waitFor();
    assert.equal(await row.locator('td[data-col=pools_using]').innerText(), pool);
    const del = row.getByRole('button', { name: 'Delete' });
    assert.equal(await del.isDisabled(), true);
    assert.match(await del.getAttribute('title'), new RegExp(`Used by ${pool}`));
    await t.shot(page, 'ec-profiles-in-use');
    // The API refuses as well.
    assert.equal((await t.api('DELETE', prof)).status, 409);
  } finally {
    if ((await t.api('GET', poolPath)).status === 200) {
      await t.api('DELETE', `${poolPath}?confirm=${pool}`);
      await t.until(async () => (await t.api('GET', poolPath)).status === 404, 'the pool to be deleted', 90000);
    }
    if ((await t.api('GET', prof)).status === 200) await t.api('DELETE', prof);
  }
}

export async function test_a_viewer_sees_no_action_buttons(t) {
  const viewer = await t.makeUser('viewer');
  const page = await t.page();
  await t.login(page, viewer);
  await openOsds(t, page);
  for (const b of ['Mark out', 'Mark in', 'Reweight…', 'Scrub', 'Deep scrub', 'Cluster flags…'])
    assert.equal(await page.getByRole('button', { name: b }).count(), 0, b);
  assert.equal(await page.getByLabel('Select all on this page').count(), 0);
  await page.getByRole('link', { name: 'View cluster flags' }).waitFor();
  await t.shot(page, 'osds-viewer');

  await page.goto(`/c/${t.fsid}/flags`);
  await page.locator('[data-flag=noout]').waitFor();
  assert.equal(await page.getByRole('checkbox').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Save flags' }).count(), 0);
  assert.match(await page.locator('[data-flag=noout]').innerText(), /set/);
  await t.shot(page, 'flags-viewer');

  await page.goto(`/c/${t.fsid}/ec-profiles`);
  await page.locator('tr[data-row]').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create profile' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0);
  await t.shot(page, 'ec-profiles-viewer');
  assert.deepEqual(page.errors, []);
}

export async function test_osd_lifecycle_safety_settings_and_a_refused_purge(t) {
  const osd = await pickOsd(t);
  const one = `${osdsPath(t)}/${osd.id}`;
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/osds?osd=${osd.id}`);
    const life = page.locator('[data-lifecycle]');
    await life.locator('[data-safety] [data-ok-to-stop]').waitFor();
    const safety = (await t.api('GET', `${one}/safety`)).json;
    assert.equal(await life.locator('[data-safe-to-destroy]').getAttribute('data-safe-to-destroy'), String(safety.safe_to_destroy));

    await life.getByLabel('Primary affinity').fill('0.5');
    await life.getByLabel('noout').check();
    await life.getByRole('button', { name: 'Save' }).click();
    await t.until(async () => {
      const o = (await t.api('GET', one)).json;
      return o.primary_affinity === 0.5 && o.flags.includes('noout');
    }, 'the settings saved');
    await t.shot(page, 'osd-lifecycle');

    // Purge asks for the name, and while Ceph says it is not safe, for "anyway" too.
    await page.locator('[data-lifecycle]').getByRole('button', { name: 'Purge' }).click();
    const dialog = page.getByRole('dialog', { name: `Purge ${osd.name}` });
    const go = dialog.getByRole('button', { name: 'Purge OSD' });
    await dialog.getByLabel(/Type .* to confirm/).fill(osd.name);
    if (!safety.safe_to_destroy) {
      assert.equal(await go.isDisabled(), true, 'not safe: refused until forced');
      await dialog.getByText(/not safe/).waitFor();
    }
    await t.shot(page, 'osd-purge');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await t.api('GET', one)).status, 200, 'the OSD is still there');

    // Removed safely: a task marks it out and waits for the data; cancelled, it is in again.
    await page.locator('[data-lifecycle]').getByRole('button', { name: 'Remove safely…' }).click();
    const rm = page.getByRole('dialog', { name: `Remove ${osd.name} safely` });
    await rm.getByLabel(/Type .* to confirm/).fill(osd.name);
    await rm.getByRole('button', { name: 'Start removal' }).click();
    const task = await t.until(async () => (await t.api('GET', '/api/tasks?limit=5')).json.items.find((x) => x.kind === 'osd.remove' && x.target.osd === osd.id && x.state === 'running'), 'the removal task');
    await t.until(async () => (await t.api('GET', one)).json.in === false, `${osd.name} out`);
    await t.api('DELETE', `/api/tasks/${task.id}`);
    await t.until(async () => (await t.api('GET', `/api/tasks/${task.id}`)).json.state === 'cancelled', 'the task cancelled');
    await t.until(async () => (await t.api('GET', one)).json.in === true, `${osd.name} in again`);
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('PATCH', one, { primary_affinity: 1, flags: [] });
  }
}
