// test_gateways.mjs - the nodes (the salt-api stand-in's minions), iSCSI targets and
// NFS exports pages: a node's detail and a ping; an iSCSI target created through the
// form (portal, disk, CHAP), its password never answered, a bad IQN at its field, an
// edit, a conflicting save offered a reload, a deploy followed to the status panel
// (with what the gateway's real tgtd serves), a delete; an NFS export created, a duplicate pseudo path at its field, the FSAL switch,
// an edit, a deploy, a delete; and a viewer offered none of the buttons.
// iSCSI and NFS keep their configuration in openATTIC's own pool '.openattic' ([iscsi]/
// [nfs] pool), which the first save makes (application openattic): a test checks it is
// there after its first save, and leaves it (the pool API refuses to delete it).
import assert from 'node:assert/strict';

const CONFIG_POOL = '.openattic';

async function waitTask(t, task, what) {
  const done = await t.until(async () => {
    const r = await t.api('GET', `/api/tasks/${task.id}`);
    return ['succeeded', 'failed', 'cancelled'].includes(r.json.state) && r.json;
  }, what, 90000);
  assert.equal(done.state, 'succeeded', `${what}: ${JSON.stringify(done.error)}`);
  return done;
}

/** Creates a replicated RBD pool; resolves when its task has succeeded. */
async function createPool(t, name) {
  const r = await t.api('POST', `/api/clusters/${t.fsid}/pools`, { name, size: 3, pg_num: 8, applications: ['rbd'] });
  assert.equal(r.status, 202, JSON.stringify(r.json));
  await waitTask(t, r.json, `pool ${name} to be created`);
}

async function deletePool(t, name) {
  const r = await t.api('DELETE', `/api/clusters/${t.fsid}/pools/${name}?confirm=${name}`);
  if (r.status === 202) await waitTask(t, r.json, `pool ${name} to be deleted`);
  else if (r.status !== 204 && r.status !== 404) throw new Error(`delete pool ${name}: ${r.status} ${JSON.stringify(r.json)}`);
}

/** The configuration pool the first save made, for openATTIC only. */
async function assertConfigPool(t) {
  const r = await t.api('GET', `/api/clusters/${t.fsid}/pools/${CONFIG_POOL}`);
  assert.equal(r.status, 200, `the first save makes ${CONFIG_POOL}`);
  assert.deepEqual(r.json.applications, ['openattic']);
}

export async function test_nodes_list_the_minions_and_a_node_shows_its_addresses(t) {
  const nodes = (await t.api('GET', '/api/nodes?limit=1000')).json.items;
  assert.ok(nodes.length >= 4, 'the stand-in plays its minions');
  const page = await t.page();
  await t.login(page);
  await page.goto('/nodes');
  for (const n of nodes) await page.locator(`tr[data-row="${n.id}"]`).waitFor();
  // Key state and reachability: colour and word.
  const pending = nodes.find((n) => n.key_state === 'pending');
  if (pending) assert.match(await page.locator(`tr[data-row="${pending.id}"] [data-col=key_state]`).innerText(), /Pending/);
  const gw = nodes.find((n) => n.roles.includes('iscsi') && n.reachable);
  const row = page.locator(`tr[data-row="${gw.id}"]`);
  assert.match(await row.locator('[data-col=reachable]').innerText(), /Reachable/);
  assert.ok((await row.locator('[data-col=addresses]').innerText()).includes(gw.addresses[0]));
  await t.shot(page, 'nodes');

  // A ping is a task; the node's row says it answered.
  await row.getByRole('button', { name: `Ping ${gw.id}` }).click();
  await page.locator('.toast.ok', { hasText: `Ping ${gw.id}` }).waitFor({ timeout: 60000 });
  await row.locator('[data-col=ping]', { hasText: 'Answered' }).waitFor();
  await t.shot(page, 'nodes-pinged');

  // The detail: its addresses, disks with sizes, grains.
  await row.getByRole('link', { name: gw.id }).click();
  await page.waitForURL(`**/nodes/${gw.id}`);
  await page.getByRole('heading', { name: 'Network addresses' }).waitFor();
  const addrCard = page.locator('section', { has: page.getByRole('heading', { name: 'Network addresses' }) });
  for (const a of gw.addresses) await addrCard.getByText(a, { exact: true }).waitFor();
  const detail = (await t.api('GET', `/api/nodes/${gw.id}`)).json;
  if (detail.disks?.length) await page.locator('.gw-section table tbody tr').first().waitFor();
  assert.ok(await page.getByRole('link', { name: 'All nodes' }).isVisible());
  await t.shot(page, 'node-detail');

  // A node that does not answer says so instead of showing nothing.
  const silent = nodes.find((n) => !n.reachable);
  if (silent) {
    await page.goto(`/nodes/${silent.id}`);
    await page.locator('.gw-notice.warn', { hasText: 'details are unknown' }).waitFor();
    await t.shot(page, 'node-detail-unreachable');
  }
  assert.deepEqual(page.errors, []);
}

export async function test_iscsi_target_create_edit_deploy_delete(t) {
  const base = `/api/clusters/${t.fsid}/iscsi`;
  const pool = t.unique('e2eigw');
  const image = t.unique('disk');
  const iqn = `iqn.2016-06.org.openattic:${t.unique('e2e')}`;
  const password = 'Secret-Pass-12';
  let madePool = false;
  try {
    await createPool(t, pool);
    madePool = true;
    const img = await t.api('POST', `/api/clusters/${t.fsid}/pools/${pool}/images`, { name: image, size: 16 * 1024 * 1024 });
    assert.ok([201, 202].includes(img.status), JSON.stringify(img.json));
    if (img.status === 202) await waitTask(t, img.json, 'the image');
    const gateways = (await t.api('GET', '/api/nodes?limit=1000')).json.items.filter((n) => n.key_state === 'accepted' && n.roles.includes('iscsi'));
    assert.ok(gateways.length >= 2, 'two iSCSI gateways');
    const [gw1, gw2] = gateways;

    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/iscsi`);
    await page.locator('[data-status=iscsi] h2').waitFor();
    await page.locator('section.table-wrap').waitFor();
    await t.shot(page, 'iscsi');

    await page.getByRole('button', { name: 'Create target' }).click();
    const dialog = page.getByRole('dialog');
    // The IQN is checked while typing.
    await dialog.getByLabel('IQN').fill('IQN.2016-06.org.Example');
    const iqnErr = dialog.locator('[data-field=iqn] .field-error');
    await iqnErr.waitFor();
    assert.match(await iqnErr.innerText(), /lower case/);
    await dialog.getByLabel('IQN').fill('iqn.2016-13.org.example:x');
    assert.match(await iqnErr.innerText(), /year and month/);
    await t.shot(page, 'iscsi-bad-iqn');
    await dialog.getByLabel('IQN').fill(iqn);
    await iqnErr.waitFor({ state: 'detached' });

    // Portal: a gateway and one of its addresses.
    const portal = dialog.locator('[data-field=portals] [data-row="0"]');
    await portal.locator(`select[name="portals[0].host"] option[value="${gw1.id}"]`).waitFor({ state: 'attached' });
    await portal.getByLabel('Gateway').selectOption(gw1.id);
    await portal.getByLabel('IP address').selectOption(gw1.addresses[0]);
    // Disk: pool and image from lists; a LUN id out of range is refused at its row.
    await dialog.getByRole('button', { name: 'Add disk' }).click();
    const disk = dialog.locator('[data-field=disks] [data-row="0"]');
    await disk.locator(`select[name="disks[0].pool"] option[value="${pool}"]`).waitFor({ state: 'attached' });
    await disk.getByLabel('Pool').selectOption(pool);
    await disk.locator(`select[name="disks[0].image"] option[value="${image}"]`).waitFor({ state: 'attached' });
    await disk.getByLabel('Image').selectOption(image);
    await disk.getByLabel('LUN id').fill('300');
    await disk.locator('.field-error', { hasText: '0 to 255' }).waitFor();
    // LUN 1: the gateways run tgt, which keeps LUN 0 for its controller (the help says so).
    await dialog.getByText('Gateways running tgt keep LUN 0').waitFor();
    await disk.getByLabel('LUN id').fill('1');
    // CHAP.
    await dialog.getByLabel(/Require CHAP/).check();
    await dialog.getByLabel('CHAP user').fill('initiator01');
    await dialog.getByLabel('CHAP password').fill('short');
    await dialog.locator('[data-field="auth.password"] .field-error').waitFor();
    await dialog.getByLabel('CHAP password').fill(password);
    // An initiator ACL.
    await dialog.getByRole('button', { name: 'Add initiator' }).click();
    await dialog.locator('[data-field=acls] [data-row="0"]').getByLabel('Initiator IQN').fill('iqn.1994-05.com.redhat:client1');
    await dialog.getByText('Copy as curl').click();
    const curl = await dialog.locator('details.curl pre').innerText();
    assert.ok(curl.includes('-X POST') && curl.includes(`"iqn":"${iqn}"`) && curl.includes(`"image":"${image}"`), curl);
    await dialog.getByText('Copy as curl').click();
    await t.shot(page, 'iscsi-create');
    await dialog.getByRole('button', { name: 'Create target' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-row="${iqn}"]`);
    await row.waitFor();
    assert.match(await row.locator('[data-col=auth]').innerText(), /CHAP/);

    // The password is stored but never answered.
    const got = await t.api('GET', `${base}/targets/${iqn}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.auth.user, 'initiator01');
    assert.equal(got.json.auth.password_set, true);
    assert.ok(!('password' in got.json.auth));
    assert.ok(!JSON.stringify(got.json).includes(password));
    assert.deepEqual(got.json.disks, [{ pool, image, lun: 1 }]);
    await assertConfigPool(t);
    const listed = await t.api('GET', `${base}/targets?search=${encodeURIComponent(iqn.split(':')[1])}`);
    assert.ok(!JSON.stringify(listed.json).includes(password));

    // The server's refusal of a nested field lands on its row: the image is a LUN of a target already.
    await page.getByRole('button', { name: 'Create target' }).click();
    const second = page.getByRole('dialog');
    await second.getByLabel('IQN').fill(`${iqn}-2`);
    const sp = second.locator('[data-field=portals] [data-row="0"]');
    await sp.locator(`select[name="portals[0].host"] option[value="${gw1.id}"]`).waitFor({ state: 'attached' });
    await sp.getByLabel('Gateway').selectOption(gw1.id);
    await sp.getByLabel('IP address').selectOption(gw1.addresses[0]);
    await second.getByRole('button', { name: 'Add disk' }).click();
    const sd = second.locator('[data-field=disks] [data-row="0"]');
    await sd.locator(`select[name="disks[0].pool"] option[value="${pool}"]`).waitFor({ state: 'attached' });
    await sd.getByLabel('Pool').selectOption(pool);
    await sd.locator(`select[name="disks[0].image"] option[value="${image}"]`).waitFor({ state: 'attached' });
    await sd.getByLabel('Image').selectOption(image);
    await second.getByRole('button', { name: 'Create target' }).click();
    const inUse = sd.locator('[data-cell="disks[0].image"] .field-error');
    await inUse.waitFor();
    assert.match(await inUse.innerText(), /already a LUN of target/);
    assert.equal(await second.locator('.form-error').count(), 0, 'not repeated on top');
    await t.shot(page, 'iscsi-row-error');
    await second.getByRole('button', { name: 'Cancel' }).click();
    await second.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', `${base}/targets/${iqn}-2`)).status, 404);

    // Edit: a second portal; the password left empty is kept, and the form says so.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByText('Leave this empty to keep it').waitFor();
    await edit.getByRole('button', { name: 'Add portal' }).click();
    const p2 = edit.locator('[data-field=portals] [data-row="1"]');
    await p2.getByLabel('Gateway').selectOption(gw2.id);
    await p2.getByLabel('IP address').selectOption(gw2.addresses[0]);
    await t.shot(page, 'iscsi-edit');
    await edit.getByRole('button', { name: 'Save target' }).click();
    await edit.waitFor({ state: 'detached' });
    const after = (await t.api('GET', `${base}/targets/${iqn}`)).json;
    assert.equal(after.portals.length, 2);
    assert.equal(after.auth.password_set, true);
    assert.ok(after.version > got.json.version);

    // Someone else saves meanwhile: the save is refused and a reload offered.
    await row.getByRole('button', { name: 'Edit' }).click();
    const stale = page.getByRole('dialog');
    await stale.getByRole('button', { name: 'Save target' }).waitFor();
    const { iqn: _i, version, warnings: _w, ...rest } = after;
    const other = await t.api('PUT', `${base}/targets/${iqn}`, { ...rest, version, portals: [after.portals[0]] });
    assert.equal(other.status, 200, JSON.stringify(other.json));
    await stale.getByRole('button', { name: 'Save target' }).click();
    await stale.getByText('Someone else changed this target').waitFor();
    await t.shot(page, 'iscsi-conflict');
    await stale.getByRole('button', { name: 'Reload the target' }).click();
    await stale.locator('[data-field=portals] [data-row="1"]').waitFor({ state: 'detached' });
    await stale.getByRole('button', { name: 'Save target' }).click();
    await stale.waitFor({ state: 'detached' });

    // Deploy to one gateway: the task's toast, then the status panel.
    await page.getByRole('button', { name: 'Deploy…' }).click();
    const dep = page.getByRole('dialog');
    await dep.getByLabel(/Only these/).check();
    await dep.getByLabel(gw1.id, { exact: true }).check();
    await t.shot(page, 'iscsi-deploy');
    await dep.getByRole('button', { name: 'Deploy iSCSI targets' }).click();
    await dep.waitFor({ state: 'detached' });
    await page.locator('.toast.ok', { hasText: 'Deploy iSCSI targets' }).waitFor({ timeout: 90000 });
    const status = page.locator(`[data-status=iscsi] tr[data-gateway="${gw1.id}"]`);
    await status.getByText('Deployed', { exact: true }).waitFor({ timeout: 30000 });
    // What the gateway's tgtd serves, read back after the deploy: the target is loaded.
    const served = await t.api('GET', `${base}/status`);
    const mine = served.json.gateways.find((g) => g.id === gw1.id);
    assert.ok(mine.served && mine.served.loaded.includes(iqn), JSON.stringify(mine));
    await status.locator(`[data-served] [data-loaded="${mine.served.loaded.length}"]`).waitFor();
    assert.equal(await status.locator('[data-served] [data-failed]').count(), 0);
    await t.shot(page, 'iscsi-deployed');

    // The detail page.
    await row.getByRole('link', { name: iqn }).click();
    await page.getByRole('heading', { name: 'Disks' }).waitFor();
    await page.getByRole('link', { name: image }).waitFor();
    await t.shot(page, 'iscsi-detail');
    await page.getByRole('link', { name: 'All iSCSI targets' }).click();

    // Delete with a confirmation naming it.
    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(iqn).first().waitFor();
    await t.shot(page, 'iscsi-delete');
    await confirm.getByRole('button', { name: 'Delete target' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', `${base}/targets/${iqn}`)).status, 404);
    assert.deepEqual(page.errors, []);
  } finally {
    for (const name of [iqn, `${iqn}-2`])
      if ((await t.api('GET', `${base}/targets/${name}`)).status === 200) await t.api('DELETE', `${base}/targets/${name}`);
    // A deploy, so that the gateway's tgtd lets the image go before it is deleted.
    const dep = await t.api('POST', `${base}/deploy`, {});
    if (dep.status === 202) await waitTask(t, dep.json, 'the deploy').catch(() => {});
    if (madePool) {
      const d = await t.api('DELETE', `/api/clusters/${t.fsid}/pools/${pool}/images/${image}`);
      if (d.status === 202) await waitTask(t, d.json, 'the image to be deleted').catch(() => {});
      await deletePool(t, pool);
    }
  }
}

export async function test_nfs_export_create_duplicate_edit_deploy_delete(t) {
  const base = `/api/clusters/${t.fsid}/nfs`;
  const u = t.unique('e2e');
  const pseudo = `/${u}`;
  let id = null;
  try {
    const hosts = (await t.api('GET', '/api/nodes?limit=1000')).json.items.filter((n) => n.key_state === 'accepted' && n.roles.includes('ganesha'));
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/nfs`);
    await page.locator('[data-status=nfs] h2').waitFor();
    await page.locator('section.table-wrap').waitFor();
    await t.shot(page, 'nfs');

    await page.getByRole('button', { name: 'Create export' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('CephFS path').fill('relative');
    await dialog.locator('[data-field=path] .field-error', { hasText: 'absolute' }).waitFor();
    await dialog.getByLabel('CephFS path').fill(`/volumes/${u}`);
    await dialog.getByLabel('Ceph user').fill('admin');
    await dialog.getByLabel('Pseudo path').fill(pseudo);
    await dialog.getByLabel('NFSv3').check();
    await dialog.getByRole('button', { name: 'Add client block' }).click();
    const blk = dialog.locator('[data-field=clients] [data-row="0"]');
    await blk.getByLabel('Clients').fill('10.0.0.0/24, client1.example.com');
    await blk.getByLabel('Access type').selectOption('RO');
    await t.shot(page, 'nfs-create');
    await dialog.getByRole('button', { name: 'Create export' }).click();
    await dialog.waitFor({ state: 'detached' });
    const found = (await t.api('GET', `${base}/exports?search=${encodeURIComponent(u)}`)).json.items;
    assert.equal(found.length, 1);
    id = found[0].id;
    assert.equal(found[0].fsal.name, 'CEPH');
    assert.deepEqual(found[0].protocols.sort(), [3, 4]);
    assert.deepEqual(found[0].clients, [{ addresses: ['10.0.0.0/24', 'client1.example.com'], access_type: 'RO' }]);
    await assertConfigPool(t);
    const row = page.locator(`tr[data-row="${id}"]`);
    await row.waitFor();
    assert.ok((await row.locator('[data-col=pseudo]').innerText()).includes(pseudo));
    assert.match(await row.locator('[data-col=path]').innerText(), /CEPH/);

    // A second export with the same pseudo path: refused at the field.
    await page.getByRole('button', { name: 'Create export' }).click();
    const dup = page.getByRole('dialog');
    await dup.getByLabel('CephFS path').fill(`/volumes/${u}-2`);
    await dup.getByLabel('Pseudo path').fill(pseudo);
    const perr = dup.locator('[data-field=pseudo] .field-error');
    await perr.waitFor();
    assert.match(await perr.innerText(), /already uses/);
    await t.shot(page, 'nfs-duplicate-pseudo');
    // The FSAL switches the fields.
    await dup.getByLabel('Storage (FSAL)').selectOption('RGW');
    await dup.getByLabel('Bucket').waitFor();
    // The keys come from the Object Gateway, unless entered by hand.
    assert.equal(await dup.getByLabel('Secret key').count(), 0);
    await dup.getByLabel('Enter the S3 keys by hand').check();
    await dup.getByLabel('Secret key').waitFor();
    assert.equal(await dup.getByLabel('CephFS path').count(), 0);
    await t.shot(page, 'nfs-create-rgw');
    await dup.getByRole('button', { name: 'Cancel' }).click();
    await dup.waitFor({ state: 'detached' });

    // Edit: read only.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('Access type', { exact: true }).first().selectOption('RO');
    await t.shot(page, 'nfs-edit');
    await edit.getByRole('button', { name: 'Save export' }).click();
    await edit.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', `${base}/exports/${id}`)).json.access_type, 'RO');
    await row.locator('[data-col=access_type]', { hasText: 'RO' }).waitFor();

    // Deploy to one host.
    if (hosts.length) {
      await page.getByRole('button', { name: 'Deploy…' }).click();
      const dep = page.getByRole('dialog');
      await dep.getByLabel(/Only these/).check();
      await dep.getByLabel(hosts[0].id, { exact: true }).check();
      await dep.getByRole('button', { name: 'Deploy NFS exports' }).click();
      await page.locator('.toast.ok', { hasText: 'Deploy NFS exports' }).waitFor({ timeout: 90000 });
      await page.locator(`[data-status=nfs] tr[data-gateway="${hosts[0].id}"]`).getByText('Deployed', { exact: true }).waitFor({ timeout: 30000 });
      await t.shot(page, 'nfs-deployed');
    }

    await row.getByRole('link', { name: String(id), exact: true }).click();
    await page.getByRole('heading', { name: 'Client blocks' }).waitFor();
    // The clients' cell, not a deploy failure that may quote them (Ganesha
    // refuses this export: its path is not a real CephFS directory here).
    await page.getByRole('cell', { name: '10.0.0.0/24, client1.example.com', exact: true }).waitFor();
    await t.shot(page, 'nfs-detail');
    await page.getByRole('link', { name: 'All NFS exports' }).click();

    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(pseudo).waitFor();
    await t.shot(page, 'nfs-delete');
    await confirm.getByRole('button', { name: 'Delete export' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', `${base}/exports/${id}`)).status, 404);
    assert.deepEqual(page.errors, []);
  } finally {
    if (id !== null && (await t.api('GET', `${base}/exports/${id}`)).status === 200) await t.api('DELETE', `${base}/exports/${id}`);
  }
}

export async function test_a_viewer_gets_no_gateway_buttons(t) {
  const viewer = await t.makeUser('viewer');
  const page = await t.page();
  await t.login(page, viewer);
  await page.goto('/nodes');
  await page.locator('table').waitFor();
  assert.equal(await page.getByRole('button', { name: /Ping/ }).count(), 0);
  await page.goto(`/c/${t.fsid}/iscsi`);
  await page.locator('[data-status=iscsi] h2').waitFor();
  await page.locator('section.table-wrap').waitFor();
  for (const name of ['Create target', 'Deploy…', 'Edit', 'Delete']) assert.equal(await page.getByRole('button', { name }).count(), 0, name);
  await t.shot(page, 'iscsi-viewer');
  await page.goto(`/c/${t.fsid}/nfs`);
  await page.locator('[data-status=nfs] h2').waitFor();
  await page.locator('section.table-wrap').waitFor();
  for (const name of ['Create export', 'Deploy…', 'Edit', 'Delete']) assert.equal(await page.getByRole('button', { name }).count(), 0, name);
  await t.shot(page, 'nfs-viewer');
}

export async function test_gateway_pages_on_a_4k_screen(t) {
  const page = await t.page({ width: 3840, height: 2160 });
  await t.login(page);
  await page.goto('/nodes');
  await page.locator('table tbody tr').first().waitFor();
  await t.shot(page, 'nodes-4k');
  await page.goto(`/c/${t.fsid}/iscsi`);
  await page.locator('[data-status=iscsi] h2').waitFor();
  await page.getByRole('button', { name: 'Create target' }).click();
  await page.getByRole('dialog').getByLabel('IQN').waitFor();
  await t.shot(page, 'iscsi-create-4k');
}
