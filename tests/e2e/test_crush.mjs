// test_crush.mjs - CRUSH rules in the console: create a replicated rule with a failure
// domain from the map's own types, see it in the list, delete it with a confirmation;
// the rule a pool uses offers no delete.
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
