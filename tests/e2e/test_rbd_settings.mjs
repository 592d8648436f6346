// test_rbd_settings.mjs - librbd's settings in the console: a QoS limit set on an
// image's Settings tab shows with its source, as the API reads it, and is removed
// again with a confirmation.
import assert from 'node:assert/strict';

export async function test_rbd_settings_an_image_qos_limit(t) {
  const pools = (await t.api('GET', `/api/clusters/${t.fsid}/pools?limit=1000`)).json.items.filter((p) => p.applications.includes('rbd'));
  if (!pools.length) t.skip('no RBD pool');
  const name = t.unique('e2e-qos-');
  let pool = null;
  let img = null;
  try {
    // The first RBD pool that takes an image (one with pool snapshots cannot).
    for (const p of pools) {
      img = `/api/clusters/${t.fsid}/pools/${p.name}/images`;
      if ([201, 202].includes((await t.api('POST', img, { name, size: 8 << 20 })).status)) {
        pool = p.name;
        break;
      }
    }
    assert.ok(pool, 'an RBD pool that takes an image');
    await t.until(async () => (await t.api('GET', `${img}/${name}`)).status === 200, 'the image');
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/images/${pool}/${name}/settings`);
    const card = page.locator('[data-card=rbd-settings]');
    await card.getByText('Nothing set here').waitFor();
    await card.getByRole('button', { name: 'Set option' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Option', { exact: true }).selectOption('rbd_qos_iops_limit');
    await dialog.getByLabel('Value').fill('-1');
    await dialog.getByRole('button', { name: 'Set' }).click();
    await dialog.locator('[data-field=value] .field-error').waitFor();
    await dialog.getByLabel('Value').fill('250');
    await dialog.getByRole('button', { name: 'Set' }).click();
    const row = card.locator('tr[data-row="rbd_qos_iops_limit"]');
    await row.waitFor();
    assert.match(await row.innerText(), /250[\s\S]*image/);
    const items = (await t.api('GET', `${img}/${name}/rbd-config?changed=true`)).json.items;
    assert.deepEqual(items.map((i) => [i.name, i.value, i.source]), [['rbd_qos_iops_limit', '250', 'image']]);
    await t.shot(page, 'rbd-settings');
    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual((await t.api('GET', `${img}/${name}/rbd-config?changed=true`)).json.items, []);
    assert.deepEqual(page.errors, []);
  } finally {
    if (pool) await t.api('DELETE', `${img}/${name}`).catch(() => {});
  }
}
