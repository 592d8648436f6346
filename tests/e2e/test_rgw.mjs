// test_rgw.mjs - the Object Gateway pages against the stack's radosgw (cluster 1):
// a user created through the form, its secret key shown once (and working: objects
// are put with it over S3), a bucket created for it (the S3 naming rules checked while
// typing), quotas set, and the user deleted with its buckets and objects as a task
// followed to its end; the daemons page shows the radosgw; a bucket an NFS export
// serves cannot be deleted; the page-level message for a cluster without gateway keys
// and for a stopped gateway; what operators and viewers are offered.
// Test names start with test_rgw so that "tests/check test_rgw" picks them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const STATE = process.env.OA_STATE || '/var/tmp/openattic-demo';
const ctl = (...args) => execFileSync(join(here, '../env/ctl'), [STATE, ...args], { timeout: 120000 }).toString().trim();

const rgwApi = (t, rest, n = 0) => `/api/clusters/${t.clusters[n].fsid}/rgw${rest}`;
const seg = encodeURIComponent;

/** Skips the test when cluster 1 has no gateway (a stack without radosgw). */
async function needGateway(t) {
  const r = await t.api('GET', rgwApi(t, '/users?limit=1'));
  if (r.status === 503 && r.json?.error?.code === 'rgw_not_configured') t.skip('cluster 1 has no Object Gateway in this stack');
  assert.equal(r.status, 200, JSON.stringify(r.json));
}

/** One S3 request with curl's SigV4 as the holder of ak/sk: the HTTP status. */
function s3(endpoint, ak, sk, method, path, data) {
  const args = ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', method, '--aws-sigv4', 'aws:amz:us-east-1:s3', '--user', `${ak}:${sk}`,
    '-H', 'x-amz-content-sha256: UNSIGNED-PAYLOAD'];
  if (data !== undefined) args.push('--data-binary', data);
  return Number(execFileSync('curl', [...args, endpoint + path], { timeout: 60000 }).toString());
}

async function cleanup(t, uid, buckets = []) {
  for (const b of buckets) await t.api('DELETE', rgwApi(t, `/buckets/${seg(b)}?purge_objects=true`)).catch(() => {});
  if (uid) await t.api('DELETE', rgwApi(t, `/users/${seg(uid)}?purge_data=true`)).catch(() => {});
}

export async function test_rgw_user_with_secret_once_bucket_quota_and_purge(t) {
  await needGateway(t);
  const uid = t.unique('e2eu');
  const bucket = t.unique('e2eb-');
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/rgw/users`);
    await page.locator('section.table-wrap table, section.table-wrap .state.empty').first().waitFor();
    await t.shot(page, 'rgw-users');

    // Create a user: the id is checked while typing; copy as curl has no secret.
    await page.getByRole('button', { name: 'Create user' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('User id').fill('a b');
    await dialog.locator('[data-field=uid] .field-error', { hasText: 'No spaces' }).waitFor();
    await dialog.getByLabel('User id').fill(uid);
    await dialog.getByLabel('Display name').fill('E2E photo archive');
    await dialog.getByLabel('E-mail (optional)').fill(`${uid}@example.com`);
    await dialog.getByText('Copy as curl').click();
    const curl = await dialog.locator('details.curl pre').innerText();
    assert.ok(curl.includes('-X POST') && curl.includes(`"uid":"${uid}"`) && curl.includes('"generate_key":true'), curl);
    await t.shot(page, 'rgw-user-create');
    await dialog.getByRole('button', { name: 'Create user' }).click();

    // Its secret key, once, with copy buttons and the warning.
    const secretBox = page.locator('[data-secret-keys]');
    await secretBox.waitFor();
    assert.match(await secretBox.locator('.warn-box').innerText(), /not shown again/);
    const ak = await secretBox.locator('section[data-key]').first().getAttribute('data-key');
    const sk = (await secretBox.locator('[data-secret]').first().innerText()).trim();
    assert.ok(ak && sk.length >= 20, `${ak} / ${sk.length}`);
    assert.equal(await secretBox.getByRole('button', { name: 'Copy secret key' }).count(), 1);
    await t.shot(page, 'rgw-user-secret');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-row="${uid}"]`);
    await row.waitFor();
    assert.match(await row.locator('[data-col=keys]').innerText(), /1/);
    // The API keeps the secret to itself from now on.
    const got = await t.api('GET', rgwApi(t, `/users/${seg(uid)}`));
    assert.equal(got.status, 200);
    assert.equal(got.json.keys[0].access_key, ak);
    assert.ok(!JSON.stringify(got.json).includes(sk), 'the user item carries no secret');

    // The detail: the key listed, its secret nowhere on the page.
    await row.getByRole('link', { name: uid }).click();
    await page.waitForURL(`**/rgw/users/${seg(uid)}`);
    await page.locator('[data-card=account]').getByText('E2E photo archive').waitFor();
    await page.getByRole('link', { name: /^Keys/ }).click();
    await page.locator(`[data-card=keys] tr[data-row="${ak}"]`).waitFor();
    assert.ok(!(await page.content()).includes(sk), 'the secret is not shown again');
    await t.shot(page, 'rgw-user-keys');

    // A bucket for it: the S3 naming rules while typing, the owner from the users.
    await page.goto(`/c/${t.fsid}/rgw/buckets`);
    await page.getByRole('button', { name: 'Create bucket' }).click();
    dialog = page.getByRole('dialog');
    const nameErr = dialog.locator('[data-field=name] .field-error');
    await dialog.getByLabel('Name', { exact: true }).fill('Photos_2026');
    await nameErr.waitFor();
    assert.match(await nameErr.innerText(), /Lowercase/);
    await dialog.getByLabel('Name', { exact: true }).fill('ab');
    assert.match(await nameErr.innerText(), /3 to 63/);
    await dialog.getByLabel('Name', { exact: true }).fill('-ab-');
    assert.match(await nameErr.innerText(), /Starts and ends/);
    await t.shot(page, 'rgw-bucket-bad-name');
    await dialog.getByLabel('Name', { exact: true }).fill(bucket);
    await nameErr.waitFor({ state: 'detached' });
    await dialog.locator(`select[name=owner] option[value="${uid}"]`).waitFor({ state: 'attached' });
    await dialog.getByLabel('Owner').selectOption(uid);
    await dialog.getByLabel('Versioning', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Create bucket' }).click();
    await dialog.waitFor({ state: 'detached' });
    const brow = page.locator(`tr[data-row="${bucket}"]`);
    await brow.waitFor();
    assert.match(await brow.locator('[data-col=owner]').innerText(), new RegExp(uid));
    assert.match(await brow.locator('[data-col=versioning]').innerText(), /enabled/);

    // The secret shown once works: three objects put over S3 with it.
    const endpoint = ctl('rgw', 'url');
    for (let i = 0; i < 3; i++) assert.equal(s3(endpoint, ak, sk, 'PUT', `/${bucket}/obj-${i}`, 'x'.repeat(1000 * (i + 1))), 200);

    // The bucket's page: its objects, and a quota set through the form.
    await brow.getByRole('link', { name: bucket }).click();
    await page.waitForURL(`**/rgw/buckets/${bucket}`);
    const quota = page.locator('[data-card=quota]');
    await quota.getByLabel('Enforced').check();
    await quota.getByLabel('Max size', { exact: true }).fill('1.5');
    await quota.locator('select[name="quota.unit"]').selectOption('GiB');
    await quota.getByLabel('Max objects').fill('abc');
    await quota.locator('[data-field="quota.max_objects"] .field-error').waitFor();
    await quota.getByLabel('Max objects').fill('100');
    await quota.getByText(/Now: 1\.5 GiB and 100 objects/).waitFor();
    await quota.getByRole('button', { name: 'Save quota' }).click();
    await t.until(async () => {
      const b = (await t.api('GET', rgwApi(t, `/buckets/${bucket}`))).json;
      return b.quota.enabled && b.quota.max_size === 1.5 * 1024 ** 3 && b.quota.max_objects === 100;
    }, 'the bucket quota to be saved', 20000);
    await t.until(async () => (await t.api('GET', rgwApi(t, `/buckets/${bucket}`))).json.objects === 3, 'the bucket to count its objects', 30000);
    await page.reload();
    await page.locator('[data-card=bucket]').getByText('3', { exact: true }).waitFor();
    await t.shot(page, 'rgw-bucket-detail');

    // The user's own quota, on its Quotas tab.
    await page.goto(`/c/${t.fsid}/rgw/users/${seg(uid)}/quotas`);
    const uq = page.locator('[data-quota="quota.user."]');
    await uq.getByLabel('Enforced').check();
    await uq.getByLabel('Max size', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Save quotas' }).click();
    await t.until(async () => {
      const u = (await t.api('GET', rgwApi(t, `/users/${seg(uid)}`))).json;
      return u.quota.user.enabled && u.quota.user.max_size === 10 * 1024 ** 3 && u.quota.user.max_objects === -1;
    }, 'the user quota to be saved', 20000);
    await t.shot(page, 'rgw-user-quotas');

    // Delete the user: it owns a bucket, so only with its buckets (a task).
    await page.goto(`/c/${t.fsid}/rgw/users?q=${uid}`);
    await row.getByRole('button', { name: 'Delete' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByText(/owns a bucket/).waitFor();
    const del = dialog.getByRole('button', { name: 'Delete user' });
    assert.equal(await del.isDisabled(), true, 'a user with buckets goes only with them');
    await dialog.getByLabel('Also delete its buckets and all their objects').check();
    assert.equal(await del.isDisabled(), true, 'the name is typed first');
    await dialog.getByLabel(/Type .* to confirm/).fill(uid);
    await t.shot(page, 'rgw-user-delete');
    await del.click();
    await page.locator('.toast', { hasText: `Delete user ${uid} with its buckets` }).waitFor();
    await page.locator('.toast.ok', { hasText: `Delete user ${uid} with its buckets` }).filter({ hasText: 'Done.' }).waitFor({ timeout: 90000 });
    await row.waitFor({ state: 'detached', timeout: 30000 });
    assert.equal((await t.api('GET', rgwApi(t, `/users/${seg(uid)}`))).status, 404);
    assert.equal((await t.api('GET', rgwApi(t, `/buckets/${bucket}`))).status, 404);
    await t.shot(page, 'rgw-user-deleted');

    // The daemons page shows the stack's radosgw.
    const daemons = (await t.api('GET', rgwApi(t, '/daemons'))).json.items;
    assert.ok(daemons.length >= 1);
    await page.goto(`/c/${t.fsid}/rgw/daemons`);
    const drow = page.locator(`tr[data-row="${daemons[0].id}"]`);
    await drow.waitFor();
    assert.equal(await drow.locator('[data-col=endpoint]').innerText(), daemons[0].endpoint);
    assert.equal(await drow.locator('[data-col=version]').innerText(), daemons[0].version);
    await t.shot(page, 'rgw-daemons');
    assert.deepEqual(page.errors, []);
  } finally {
    await cleanup(t, uid, [bucket]);
  }
}

export async function test_rgw_a_bucket_an_nfs_export_serves_is_not_deleted(t) {
  await needGateway(t);
  const uid = t.unique('e2enfs');
  const bucket = t.unique('e2enfs-');
  let eid = null;
  try {
    let r = await t.api('POST', rgwApi(t, '/users'), { uid, display_name: 'NFS user' });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    r = await t.api('POST', rgwApi(t, '/buckets'), { name: bucket, owner: uid });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    r = await t.api('POST', `/api/clusters/${t.fsid}/nfs/exports`, {
      host: 'nfs1', pseudo: '/' + bucket, protocols: [4], fsal: { name: 'RGW', user_id: uid, bucket },
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    eid = r.json.id;

    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/rgw/buckets/${bucket}`);
    await page.locator('[data-card=nfs]').getByRole('link', { name: `NFS export ${eid}` }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/serves this bucket: delete it first/).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Delete bucket' }).count(), 0);
    assert.ok(await dialog.getByRole('link', { name: String(eid) }).isVisible());
    await t.shot(page, 'rgw-bucket-in-use');
    // The API refuses too.
    r = await t.api('DELETE', rgwApi(t, `/buckets/${bucket}`));
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'bucket_in_use');
    assert.deepEqual(page.errors, []);
  } finally {
    if (eid !== null) {
      const e = await t.api('GET', `/api/clusters/${t.fsid}/nfs/exports/${eid}`);
      if (e.status === 200) await t.api('DELETE', `/api/clusters/${t.fsid}/nfs/exports/${eid}?version=${e.json.version}`);
    }
    await cleanup(t, uid, [bucket]);
  }
}

export async function test_rgw_a_cluster_without_gateway_keys_says_so_on_the_page(t) {
  if (t.clusters.length < 2) t.skip('one cluster in this stack');
  const r = await t.api('GET', rgwApi(t, '/users', 1));
  if (r.status !== 503) t.skip(`cluster 2 answers ${r.status}: it has a gateway here`);
  const fsid2 = t.clusters[1].fsid;
  const page = await t.page();
  await t.login(page);
  for (const what of ['users', 'buckets']) {
    await page.goto(`/c/${fsid2}/rgw/${what}`);
    const msg = page.locator('[data-rgw-down=rgw_not_configured]');
    await msg.waitFor();
    assert.match(await msg.innerText(), /not set up in openATTIC/);
    assert.ok(!(await msg.innerText()).includes('{'), 'no raw JSON');
    assert.equal(await page.getByRole('button', { name: /Create/ }).count(), 0);
  }
  await t.shot(page, 'rgw-not-configured');
  // Its daemons: none, said in words.
  await page.goto(`/c/${fsid2}/rgw/daemons`);
  await page.locator('.state.empty', { hasText: 'No radosgw daemon runs' }).waitFor();
  await t.shot(page, 'rgw-daemons-none');
  assert.deepEqual(page.errors, []);
}

export async function test_rgw_a_stopped_gateway_is_a_page_level_message(t) {
  await needGateway(t);
  const page = await t.page();
  await t.login(page);
  try {
    ctl('rgw', 'stop');
    await page.goto(`/c/${t.fsid}/rgw/users`);
    const msg = page.locator('[data-rgw-down=rgw_unreachable]');
    await msg.waitFor({ timeout: 20000 });
    assert.match(await msg.innerText(), /The Object Gateway does not answer/);
    assert.ok(!(await msg.innerText()).includes('{'), 'no raw JSON');
    await t.shot(page, 'rgw-unreachable');
  } finally {
    ctl('rgw', 'start');
  }
  // Back: "Try again" shows the table.
  await t.until(async () => (await t.api('GET', rgwApi(t, '/users?limit=1'))).status === 200, 'the gateway to answer again', 60000);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.locator('section.table-wrap table').waitFor();
}

export async function test_rgw_what_operators_and_viewers_are_offered(t) {
  await needGateway(t);
  const uid = t.unique('e2eop');
  try {
    const r = await t.api('POST', rgwApi(t, '/users'), { uid, display_name: 'Role check' });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const ak = r.json.keys[0].access_key;
    // An operator manages keys but cannot reveal a secret.
    const op = await t.makeUser('operator');
    let page = await t.page();
    await t.login(page, op);
    await page.goto(`/c/${t.fsid}/rgw/users/${seg(uid)}/keys`);
    const krow = page.locator(`[data-card=keys] tr[data-row="${ak}"]`);
    await krow.waitFor();
    assert.equal(await krow.getByRole('button', { name: 'Delete' }).count(), 1);
    assert.equal(await krow.getByRole('button', { name: 'Reveal secret' }).count(), 0);
    await t.shot(page, 'rgw-keys-operator');
    // An admin can, after a confirmation that says it is audited.
    page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/rgw/users/${seg(uid)}/keys`);
    await page.locator(`[data-card=keys] tr[data-row="${ak}"]`).getByRole('button', { name: 'Reveal secret' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/recorded in the audit log/).waitFor();
    await dialog.getByRole('button', { name: 'Reveal secret' }).click();
    const secret = page.locator('[data-secret-keys] [data-secret]');
    await secret.waitFor();
    assert.ok((await secret.innerText()).trim().length >= 20);
    await t.shot(page, 'rgw-key-revealed');
    // A viewer sees the pages without a button that would fail.
    const viewer = await t.makeUser('viewer');
    page = await t.page();
    await t.login(page, viewer);
    await page.goto(`/c/${t.fsid}/rgw/users`);
    await page.locator(`tr[data-row="${uid}"]`).waitFor();
    assert.equal(await page.getByRole('button', { name: /Create|Delete|Suspend/ }).count(), 0);
    await page.goto(`/c/${t.fsid}/rgw/users/${seg(uid)}/keys`);
    await page.locator(`[data-card=keys] tr[data-row="${ak}"]`).waitFor();
    assert.equal(await page.getByRole('button', { name: /Create|Delete|Reveal/ }).count(), 0);
    await t.shot(page, 'rgw-keys-viewer');
    assert.deepEqual(page.errors, []);
  } finally {
    await cleanup(t, uid);
  }
}
