// test_mgrmodules.mjs - the Manager modules page: an admin enables a module, changes
// one of its options (a bad value refused at the field first) and resets it, and
// disables the module again with a confirmation; an always-on module offers no switch.
import assert from 'node:assert/strict';

const MODULE = 'alerts';

export async function test_mgrmodules_enable_set_an_option_and_disable(t) {
  const base = `/api/clusters/${t.fsid}/mgr/modules/${MODULE}`;
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/mgr-modules`);
    const row = page.locator(`[data-table=mgrmodules] tr[data-row="${MODULE}"]`);
    await row.waitFor();
    assert.equal(await page.locator('[data-table=mgrmodules] tr[data-row="balancer"]').getByRole('button', { name: /Enable|Disable/ }).count(), 0);
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.getByRole('button', { name: 'Disable' }).waitFor();
    assert.equal((await t.api('GET', base)).json.enabled, true);

    await row.getByRole('button', { name: /options/ }).click();
    const dialog = page.getByRole('dialog');
    const opt = dialog.locator('tr[data-option=interval]');
    await opt.getByRole('button', { name: 'Edit' }).click();
    await opt.getByLabel('interval').fill('soon');
    await opt.getByRole('button', { name: 'Save' }).click();
    await opt.locator('.field-error').waitFor();
    await opt.getByLabel('interval').fill('300');
    await opt.getByRole('button', { name: 'Save' }).click();
    await opt.locator('[data-value]', { hasText: '300' }).waitFor();
    await t.shot(page, 'mgr-module-options');
    await opt.getByRole('button', { name: 'Reset' }).click();
    await opt.getByText(/default: 60/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable module' }).click();
    await row.getByRole('button', { name: 'Enable' }).waitFor();
    assert.equal((await t.api('GET', base)).json.enabled, false);
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', `${base}/options/interval`).catch(() => {});
    await t.api('PATCH', base, { enabled: false }).catch(() => {});
  }
}
