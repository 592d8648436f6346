// test_config.mjs - the Configuration page: every option searchable, an option opened
// from its row (its description, type and default from the cluster), a bad value
// refused at the field, a value set for one section and removed again with a
// confirmation, an option read at start only saying so after the change, and what a
// viewer sees. Values go to sections of daemons that do not exist (osd.99).
import assert from 'node:assert/strict';

const optApi = (t, name, q = '') => `/api/clusters/${t.fsid}/config/${encodeURIComponent(name)}${q}`;

async function openOption(t, page, name) {
  await page.goto(`/c/${t.fsid}/config?all=1`);
  await page.getByRole('searchbox').fill(name);
  const row = page.locator(`[data-table=config] tr[data-row="${name}"]`);
  await row.waitFor();
  await row.getByRole('link', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator(`[data-about="${name}"]`).waitFor();
  return { row, dialog };
}

export async function test_config_set_a_value_for_a_section_and_remove_it(t) {
  const name = 'osd_max_backfills';
  try {
    const page = await t.page();
    await t.login(page);
    const { row, dialog } = await openOption(t, page, name);
    await t.shot(page, 'config-option');
    const about = await dialog.locator(`[data-about="${name}"]`).innerText();
    assert.match(about, /uint/);
    assert.match(about, /concurrent local and remote backfills/);
    await dialog.getByLabel('Section').fill('osd.99');
    await dialog.getByLabel('Value').fill('-2');
    await dialog.getByRole('button', { name: 'Set value' }).click();
    await dialog.locator('[data-field=value] .field-error').waitFor();
    await dialog.getByLabel('Value').fill('3');
    await dialog.getByRole('button', { name: 'Set value' }).click();
    await dialog.locator('tr[data-section="osd.99"]').waitFor();
    const got = (await t.api('GET', optApi(t, name))).json;
    assert.deepEqual(got.values, [{ section: 'osd.99', mask: null, value: '3' }]);
    await row.locator('[data-value="osd.99"]').waitFor();

    await dialog.locator('tr[data-section="osd.99"]').getByRole('button', { name: 'Remove' }).click();
    const confirm = page.getByRole('dialog', { name: /^Remove/ });
    await confirm.getByText(/goes back to/).waitFor();
    await confirm.getByRole('button', { name: 'Remove value' }).click();
    await dialog.getByText('Not set anywhere').waitFor();
    assert.deepEqual((await t.api('GET', optApi(t, name))).json.values, []);
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', optApi(t, name, '?section=osd.99')).catch(() => {});
  }
}

export async function test_config_an_option_read_at_start_says_so(t) {
  const name = 'osd_op_queue';
  try {
    const page = await t.page();
    await t.login(page);
    const { dialog } = await openOption(t, page, name);
    await dialog.locator('[data-runtime=false]').waitFor();
    await dialog.getByLabel('Section').fill('osd.99');
    await dialog.getByLabel('Value').selectOption('wpq');
    await dialog.getByRole('button', { name: 'Set value' }).click();
    await dialog.locator('[data-restart]').waitFor();
    await t.shot(page, 'config-restart');
    assert.equal((await t.api('GET', optApi(t, name))).json.values[0].value, 'wpq');
  } finally {
    await t.api('DELETE', optApi(t, name, '?section=osd.99')).catch(() => {});
  }
}

export async function test_config_a_viewer_reads_and_cannot_change(t) {
  const viewer = await t.makeUser('viewer');
  const page = await t.page();
  await t.login(page, viewer);
  await page.goto(`/c/${t.fsid}/config?all=1&level=basic`);
  const first = page.locator('[data-table=config] tbody tr[data-row]').first();
  await first.waitFor();
  await first.getByRole('link', { name: 'Details' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('An operator can change it').waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Set value' }).count(), 0);
  await t.shot(page, 'config-viewer');
}
