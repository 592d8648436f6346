// test_logs.mjs - the Logs page and health mutes on the dashboard: a check muted
// (sticky) through the API shows in the audit channel, found by search at level info,
// and in the dashboard's muted list, where Unmute ends it; a raised check is muted from
// its row on the dashboard.
import assert from 'node:assert/strict';

export async function test_logs_an_audited_mute_is_found_and_unmuted_on_the_dashboard(t) {
  const code = `OATEST_${t.unique('').toUpperCase()}`;
  const base = `/api/clusters/${t.fsid}`;
  try {
    assert.equal((await t.api('POST', `${base}/health/mutes`, { code, sticky: true })).status, 204);
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/logs?channel=audit&level=info`);
    await page.getByRole('searchbox').fill(code);
    await page.locator('[data-table=logs] tbody tr[data-row]', { hasText: 'health mute' }).first().waitFor();
    await t.shot(page, 'logs-audit');

    await page.goto(`/c/${t.fsid}/dashboard`);
    const row = page.locator(`[data-mute="${code}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /until unmuted, sticky/);
    await row.getByRole('button', { name: 'Unmute' }).click();
    await row.waitFor({ state: 'detached' });
    const mutes = (await t.api('GET', `${base}/status`)).json.health.mutes;
    assert.ok(!mutes.some((m) => m.code === code));
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', `${base}/health/mutes/${code}`).catch(() => {});
  }
}

export async function test_logs_a_raised_check_is_muted_from_the_dashboard(t) {
  const base = `/api/clusters/${t.fsid}`;
  const flags = (await t.api('GET', `${base}/flags`)).json.flags;
  try {
    await t.api('PUT', `${base}/flags`, { flags: [...flags, 'noscrub'] });
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/dashboard`);
    const check = page.locator('[data-check=OSDMAP_FLAGS]');
    await check.waitFor({ timeout: 20000 });
    await check.getByRole('button', { name: 'Mute' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Muted', { exact: true }).selectOption('1h');
    await t.shot(page, 'dashboard-mute');
    await dialog.getByRole('button', { name: 'Mute' }).click();
    await dialog.waitFor({ state: 'detached' });
    await check.getByText(/Muted until/).waitFor();
    await check.getByRole('button', { name: 'Unmute' }).click();
    await check.getByRole('button', { name: 'Mute' }).waitFor();
  } finally {
    await t.api('DELETE', `${base}/health/mutes/OSDMAP_FLAGS`).catch(() => {});
    await t.api('PUT', `${base}/flags`, { flags });
  }
}
