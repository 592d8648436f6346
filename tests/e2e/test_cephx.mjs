// test_cephx.mjs - the Cephx users page: an admin creates a client from a preset and
// one from caps of its own (a bad cap refused at its field), sees the key once, edits
// the caps, exports the keyring (shown once) and deletes the client with its name
// typed; an operator reads and is offered nothing.
import assert from 'node:assert/strict';

const usersApi = (t, e = '') => `/api/clusters/${t.fsid}/cephx/users${e ? '/' + e : ''}`;

export async function test_cephx_create_edit_export_and_delete_a_client(t) {
  const e = `client.${t.unique('e2e')}`;
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/cephx`);
    await page.locator('[data-table=cephx] tr[data-row="client.admin"]').waitFor();
    assert.equal(await page.locator('[data-table=cephx] tr[data-row="client.admin"]').getByRole('button').count(), 0, 'client.admin is not offered');

    await page.getByRole('button', { name: 'Create client' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(e);
    await dialog.getByLabel('Caps', { exact: true }).selectOption('caps');
    await dialog.getByLabel('mon caps').fill('allow r');
    await dialog.getByLabel('osd caps').fill('rwx');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await dialog.locator('[data-field=osd] .field-error').waitFor();
    await dialog.getByLabel('osd caps').fill('allow rw pool=rbd');
    await t.shot(page, 'cephx-create');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    const secret = page.locator('[data-secret]');
    await secret.waitFor();
    const key = (await secret.innerText()).trim();
    const exported = (await t.api('POST', `${usersApi(t, e)}/keyring`)).json.keyring;
    assert.ok(exported.includes(`key = ${key}`), 'the key shown is the client key');
    await t.shot(page, 'cephx-key');
    await page.getByRole('button', { name: 'I have copied it' }).click();

    const row = page.locator(`[data-table=cephx] tr[data-row="${e}"]`);
    await page.getByRole('searchbox').fill(e);
    await row.waitFor();
    await row.getByRole('button', { name: 'Edit caps' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('osd caps').fill('');
    await dialog.getByLabel('mgr caps').fill('allow r');
    await dialog.getByRole('button', { name: 'Save caps' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.locator('[data-cap=mgr]').waitFor();
    assert.deepEqual((await t.api('GET', usersApi(t, e))).json.caps, { mon: 'allow r', mgr: 'allow r' });

    await row.getByRole('button', { name: 'Keyring' }).click();
    await page.getByRole('dialog').getByText(/recorded in the audit log/).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Export keyring' }).click();
    await page.locator('[data-secret]', { hasText: `[${e}]` }).waitFor();
    await page.getByRole('button', { name: 'I have copied it' }).click();

    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByLabel(/Type .* to confirm/).fill(e);
    await confirm.getByRole('button', { name: 'Delete client' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', usersApi(t, e))).status, 404);
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', usersApi(t, e)).catch(() => {});
  }
}

export async function test_cephx_a_preset_client(t) {
  const e = `client.${t.unique('e2e')}`;
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/cephx`);
    await page.getByRole('button', { name: 'Create client' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(e);
    await dialog.getByLabel('Caps', { exact: true }).selectOption('rgw');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await page.locator('[data-secret]').waitFor();
    assert.deepEqual((await t.api('GET', usersApi(t, e))).json.caps, { mon: 'allow rw', osd: 'allow rwx' });
  } finally {
    await t.api('DELETE', usersApi(t, e)).catch(() => {});
  }
}

export async function test_cephx_an_operator_reads_only(t) {
  const op = await t.makeUser('operator');
  const page = await t.page();
  await t.login(page, op);
  await page.goto(`/c/${t.fsid}/cephx`);
  await page.locator('[data-table=cephx] tr[data-row="client.admin"]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create client' }).count(), 0);
  assert.equal(await page.locator('[data-table=cephx] tbody').getByRole('button', { name: /Edit caps|Delete|Keyring/ }).count(), 0);
  await t.shot(page, 'cephx-operator');
}
