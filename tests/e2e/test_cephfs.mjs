// test_cephfs.mjs - the CephFS pages against the stack's file system cephfs (cluster 1)
// and its MDS daemons: the file systems table and a file system's overview; the
// directory browser (the root, /projects and /volumes/demo by their URLs), a directory
// made, its quota set in place, a snapshot of it made and deleted, a directory that is
// not empty refused with the reason in words, the directory deleted; the clients (a
// libcephfs mount in another process evicted, openATTIC's own sessions not offered); a
// subvolume created, opened (its path) and deleted with its name typed; a file system
// created and deleted with its pools, both as tasks; and the page-level message while
// the file system has no active MDS.
// Test names start with test_cephfs so that "tests/check test_cephfs" picks them.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const STATE = process.env.OA_STATE || '/var/tmp/openattic-demo';
const ctl = (...args) => execFileSync(join(here, '../env/ctl'), [STATE, ...args], { timeout: 120000 }).toString().trim();

const FS = 'cephfs'; // the stack's file system (tests/env/lib.sh MDS_FS)
const fsApi = (t, rest = '') => `/api/clusters/${t.fsid}/cephfs${rest}`;
const q = encodeURIComponent;

/** Skips the test when cluster 1's file system has no active MDS or the API lacks the directories. */
async function needFs(t) {
  const f = await t.api('GET', fsApi(t, `/${FS}`));
  if (f.status === 404) t.skip(`cluster 1 has no file system ${FS} in this stack`);
  assert.equal(f.status, 200, JSON.stringify(f.json));
  if (f.json.state !== 'active') t.skip(`file system ${FS} is ${f.json.state} (no MDS daemons in this stack?)`);
  const d = await t.api('GET', fsApi(t, `/${FS}/dirs?path=/`));
  if (d.status === 404 && d.json?.error?.code !== 'path_not_found') t.skip('this server has no directory routes');
  assert.equal(d.status, 200, JSON.stringify(d.json));
  return f.json;
}

/** A libcephfs client of fs in another process (client.admin): {proc, id}. */
function mount(fs) {
  const script = [
    'import cephfs, sys, time',
    'f = cephfs.LibCephFS(conffile=sys.argv[1], auth_id="admin", conf={"client_fs": sys.argv[2]})',
    'f.mount()',
    'print(f.get_instance_id(), flush=True)',
    'time.sleep(300)',
  ].join('\n');
  const proc = spawn('/usr/bin/python3', ['-c', script, ctl('ceph', '1', 'conf'), fs], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ proc, id: Number(out.trim()) });
    });
    proc.on('exit', () => reject(new Error(`the client did not mount: ${err}`)));
  });
}

/** Makes dir (with its parents) unless it exists. */
async function ensureDir(t, path) {
  const r = await t.api('POST', fsApi(t, `/${FS}/dirs`), { path, parents: true });
  assert.ok(r.status === 201 || r.status === 409, JSON.stringify(r.json));
}

async function removeTree(t, path) {
  const r = await t.api('GET', fsApi(t, `/${FS}/dirs?path=${q(path)}&limit=1000`));
  if (r.status !== 200) return;
  for (const e of r.json.items) if (e.type === 'dir') await removeTree(t, e.path);
  const s = await t.api('GET', fsApi(t, `/${FS}/snapshots?path=${q(path)}`));
  for (const x of s.json?.items || []) await t.api('DELETE', fsApi(t, `/${FS}/snapshots?path=${q(path)}&name=${q(x.name)}`));
  await t.api('DELETE', fsApi(t, `/${FS}/dirs?path=${q(path)}`));
}

export async function test_cephfs_browse_mkdir_quota_snapshot_and_rmdir(t) {
  await needFs(t);
  await ensureDir(t, '/projects');
  await ensureDir(t, '/volumes/demo');
  const name = t.unique('e2e-dir-');
  const path = `/projects/${name}`;
  try {
    const page = await t.page();
    await t.login(page);

    // The file systems: cephfs active, with its MDS and pools.
    await page.goto(`/c/${t.fsid}/cephfs`);
    const row = page.locator(`tr[data-row="${FS}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-col=state]').innerText(), 'active');
    assert.match(await row.locator('[data-col=mds]').innerText(), /1 active/);
    await t.shot(page, 'cephfs');

    // Its overview: rank 0 held by an active MDS.
    await row.getByRole('link', { name: FS, exact: true }).click();
    await page.waitForURL(`**/cephfs/${FS}`);
    await page.locator('[data-card=mds] tr[data-rank="0"]').getByText('active').waitFor();
    await page.locator(`[data-card=pools] tr[data-pool="cephfs.${FS}.data"]`).waitFor();
    await t.shot(page, 'cephfs-overview');

    // The directories: the root lists projects and volumes, a click goes in (its URL says where).
    await page.getByRole('link', { name: 'Directories' }).click();
    await page.locator('[data-table=cephfs-dirs] tr[data-row="projects"]').waitFor();
    await page.locator('[data-table=cephfs-dirs] tr[data-row="volumes"]').waitFor();
    await page.locator('[data-card=dir]').waitFor();
    await t.shot(page, 'cephfs-dirs-root');
    await page.getByRole('link', { name: 'projects/' }).click();
    await page.waitForURL(/path=%2Fprojects$/);
    await page.locator('[data-breadcrumbs]').getByText('projects').waitFor();

    // A new directory, made through the form.
    await page.getByRole('button', { name: 'New directory' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('a/b');
    await dialog.locator('[data-field=name] .field-error').waitFor();
    await dialog.getByLabel('Name').fill(name);
    await t.shot(page, 'cephfs-mkdir');
    await dialog.getByRole('button', { name: 'Create directory' }).click();
    await dialog.waitFor({ state: 'detached' });
    const drow = page.locator(`[data-table=cephfs-dirs] tr[data-row="${name}"]`);
    await drow.waitFor();
    let got = await t.api('GET', fsApi(t, `/${FS}/dirs?path=${q('/projects')}&search=${q(name)}`));
    assert.equal(got.json.items[0]?.path, path);
    assert.equal(got.json.items[0]?.mode, '0755');

    // Its quota, in place: 2 GiB and 500 files.
    await drow.getByRole('button', { name: 'Quota' }).click();
    const qform = page.locator(`[data-quota-form="${path}"]`);
    await qform.getByLabel('Max bytes', { exact: true }).fill('two');
    await qform.locator('[data-field=max_bytes] .field-error').waitFor();
    await qform.getByLabel('Max bytes', { exact: true }).fill('2');
    await qform.locator('select[name=unit]').selectOption('GiB');
    await qform.getByLabel('Max files').fill('500');
    await t.shot(page, 'cephfs-quota');
    await qform.getByRole('button', { name: 'Save quota' }).click();
    await qform.waitFor({ state: 'detached' });
    await t.until(async () => {
      const r = await t.api('GET', fsApi(t, `/${FS}/quota?path=${q(path)}`));
      return r.json.max_bytes === 2 * 1024 ** 3 && r.json.max_files === 500;
    }, 'the quota to be set', 20000);
    await drow.locator('[data-col=quota]', { hasText: '2 GiB and 500 files' }).waitFor();

    // Inside it: a snapshot made and deleted.
    await drow.getByRole('link', { name: `${name}/` }).click();
    await page.waitForURL(`**path=${q(path)}`);
    await page.locator('[data-card=dir] [data-quota]', { hasText: '2 GiB and 500 files' }).waitFor();
    const snaps = page.locator('[data-card=snapshots]');
    await snaps.getByRole('button', { name: 'Create snapshot' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('e2e-snap');
    await dialog.getByRole('button', { name: 'Create snapshot' }).click();
    await dialog.waitFor({ state: 'detached' });
    const srow = snaps.locator('tr[data-row="e2e-snap"]');
    await srow.waitFor();
    got = await t.api('GET', fsApi(t, `/${FS}/snapshots?path=${q(path)}`));
    assert.deepEqual(got.json.items.map((s) => s.name), ['e2e-snap']);
    await t.shot(page, 'cephfs-snapshot');
    await srow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete snapshot' }).click();
    await srow.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', fsApi(t, `/${FS}/snapshots?path=${q(path)}`))).json.total, 0);

    // A directory that is not empty is refused, with the reason in words.
    await ensureDir(t, `${path}/inner`);
    await page.locator('[data-breadcrumbs]').getByRole('link', { name: 'projects' }).click();
    await drow.getByRole('button', { name: 'Delete' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete directory' }).click();
    await dialog.locator('.form-error', { hasText: 'Only an empty directory is deleted here' }).waitFor();
    await t.shot(page, 'cephfs-rmdir-not-empty');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await t.api('DELETE', fsApi(t, `/${FS}/dirs?path=${q(path + '/inner')}`))).status, 204);
    // Empty now: deleted.
    await drow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete directory' }).click();
    await drow.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', fsApi(t, `/${FS}/dirs?path=${q(path)}`))).status, 404);

    // A view by its URL: /volumes/demo, with its breadcrumbs.
    await page.goto(`/c/${t.fsid}/cephfs/${FS}/directories?path=${q('/volumes/demo')}`);
    await page.locator('[data-breadcrumbs] [aria-current=location]', { hasText: 'demo' }).waitFor();
    await page.locator('[data-breadcrumbs]').getByRole('link', { name: 'volumes' }).waitFor();
    await page.locator('[data-card=dir]').waitFor();
    await t.shot(page, 'cephfs-dirs-volumes-demo');
    assert.deepEqual(page.errors, []);
  } finally {
    await removeTree(t, path);
  }
}

export async function test_cephfs_clients_evicted_and_a_subvolume(t) {
  await needFs(t);
  const sv = t.unique('e2e-sv-');
  let clientProc = null;
  try {
    const page = await t.page();
    await t.login(page);

    // The clients: openATTIC's own sessions marked internal, not offered for eviction; a
    // client that mounts it is evicted after the warning that it loses its mount.
    const client = await mount(FS);
    clientProc = client.proc;
    await page.goto(`/c/${t.fsid}/cephfs/${FS}/clients`);
    const crow = page.locator(`[data-table=cephfs-clients] tr[data-row="${client.id}"]`);
    await crow.waitFor();
    assert.match(await crow.locator('[data-col=entity]').innerText(), /client\.admin/);
    const clients = (await t.api('GET', fsApi(t, `/${FS}/clients`))).json.items;
    for (const c of clients.filter((x) => x.internal)) {
      const r = page.locator(`[data-table=cephfs-clients] tr[data-row="${c.id}"]`);
      if ((await r.count()) === 0) continue;
      assert.match(await r.innerText(), /internal/);
      assert.equal(await r.getByRole('button', { name: 'Evict' }).count(), 0, 'internal sessions are not offered for eviction');
    }
    await t.shot(page, 'cephfs-clients');
    await crow.getByRole('button', { name: 'Evict' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByText(/loses its mount/).waitFor();
    await t.shot(page, 'cephfs-client-evict');
    await dialog.getByRole('button', { name: 'Evict client' }).click();
    await crow.waitFor({ state: 'detached', timeout: 20000 });
    assert.ok(!(await t.api('GET', fsApi(t, `/${FS}/clients`))).json.items.some((c) => c.id === client.id), 'the client is gone');

    // A subvolume of 1 GiB: created, opened (its path), deleted with its name typed.
    await page.getByRole('link', { name: 'Subvolumes' }).click();
    await page.locator('[data-table=cephfs-subvolumes]').waitFor();
    await page.getByRole('button', { name: 'Create subvolume' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('_bad');
    await dialog.locator('[data-field=name] .field-error').waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill(sv);
    await dialog.getByLabel('Size', { exact: true }).fill('1');
    await dialog.getByLabel('Mode').fill('0750');
    await t.shot(page, 'cephfs-subvolume-create');
    await dialog.getByRole('button', { name: 'Create subvolume' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator(`[data-table=cephfs-subvolumes] tr[data-row="${sv}"]`);
    await row.waitFor();
    const made = (await t.api('GET', fsApi(t, `/${FS}/subvolumes/${sv}`))).json;
    assert.equal(made.size, 1024 ** 3);
    assert.equal(made.mode, '0750');
    assert.match(await row.locator('[data-col=usage]').innerText(), /of 1 GiB/);
    await row.getByRole('link', { name: sv }).click();
    await page.waitForURL(`**subvolume=${sv}`);
    assert.equal(await page.locator('[data-card=subvolume] [data-path]').innerText(), made.path);
    await t.shot(page, 'cephfs-subvolume');
    await page.locator('[data-card=subvolume]').getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    const del = confirm.getByRole('button', { name: 'Delete subvolume' });
    assert.equal(await del.isDisabled(), true);
    await confirm.getByLabel(/Type .* to confirm/).fill(sv);
    await del.click();
    await page.waitForURL(/\/subvolumes$/);
    await t.until(async () => (await t.api('GET', fsApi(t, `/${FS}/subvolumes/${sv}`))).status === 404, 'the subvolume to go', 20000);
    assert.deepEqual(page.errors, []);
  } finally {
    clientProc?.kill('SIGKILL');
    await t.api('DELETE', fsApi(t, `/${FS}/subvolumes/${sv}`)).catch(() => {});
  }
}

export async function test_cephfs_create_and_delete_a_file_system(t) {
  const f = await needFs(t);
  if (!f.mds.standby.some((d) => d.state === 'up:standby')) t.skip('no standby MDS is free to serve a new file system');
  const name = t.unique('e2efs');
  try {
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/cephfs`);
    await page.getByRole('button', { name: 'Create file system' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('no spaces');
    await dialog.locator('[data-field=name] .field-error').waitFor();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create file system' }).click();
    await page.locator('.toast', { hasText: `Create file system ${name}` }).waitFor();
    await page.locator('.toast.ok', { hasText: `Create file system ${name}` }).filter({ hasText: 'Done.' }).waitFor({ timeout: 90000 });
    const row = page.locator(`tr[data-row="${name}"]`);
    await row.locator('[data-col=state]', { hasText: 'active' }).waitFor({ timeout: 20000 });
    await t.shot(page, 'cephfs-created');

    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByLabel(/Also delete its pools/).check();
    const del = confirm.getByRole('button', { name: 'Delete file system and pools' });
    assert.equal(await del.isDisabled(), true, 'the name is typed first');
    await confirm.getByLabel(/Type .* to confirm/).fill(name);
    await t.shot(page, 'cephfs-delete');
    await del.click();
    await page.locator('.toast.ok', { hasText: `Delete file system ${name} with its pools` }).filter({ hasText: 'Done.' }).waitFor({ timeout: 60000 });
    await row.waitFor({ state: 'detached', timeout: 20000 });
    assert.equal((await t.api('GET', fsApi(t, `/${name}`))).status, 404);
    assert.equal((await t.api('GET', `/api/clusters/${t.fsid}/pools/cephfs.${name}.data`)).status, 404);
    assert.deepEqual(page.errors, []);
  } finally {
    if ((await t.api('GET', fsApi(t, `/${name}`))).status === 200) await t.api('DELETE', fsApi(t, `/${name}?confirm=${name}&force=true&delete_pools=true`));
  }
}

export async function test_cephfs_without_an_active_mds_the_tab_says_so(t) {
  await needFs(t);
  try {
    ctl('mds', 'stop');
    await t.until(async () => (await t.api('GET', fsApi(t, `/${FS}/clients`))).status === 503, 'the MDS to be missed', 30000);
    const page = await t.page();
    await t.login(page);
    await page.goto(`/c/${t.fsid}/cephfs/${FS}/directories?path=${q('/projects')}`);
    const msg = page.locator(`[data-mds-down="${FS}"]`);
    await msg.waitFor({ timeout: 20000 });
    assert.match(await msg.innerText(), /has no active MDS/);
    assert.ok(!(await msg.innerText()).includes('{'), 'no raw JSON');
    await t.shot(page, 'cephfs-mds-down');
    // The list still answers (from the monitor's map), in words.
    await page.goto(`/c/${t.fsid}/cephfs`);
    const state = page.locator(`tr[data-row="${FS}"] [data-col=state]`);
    await state.waitFor();
    assert.notEqual(await state.innerText(), 'active');
    await t.shot(page, 'cephfs-mds-down-list');
  } finally {
    ctl('mds', 'start');
  }
}

export async function test_cephfs_pages_on_a_4k_screen(t) {
  await needFs(t);
  const page = await t.page({ width: 3840, height: 2160 });
  await t.login(page);
  await page.goto(`/c/${t.fsid}/cephfs/${FS}`);
  await page.locator('[data-card=mds] tr[data-rank="0"]').waitFor();
  await t.shot(page, 'cephfs-overview-4k');
  await page.goto(`/c/${t.fsid}/cephfs/${FS}/directories`);
  await page.locator('[data-table=cephfs-dirs] tbody tr').first().waitFor();
  await t.shot(page, 'cephfs-dirs-4k');
  assert.deepEqual(page.errors, []);
}
