// test_admin.mjs - the administration pages and the tasks page: users (create with
// field errors, log in as the new user, change the role, delete), API tokens (the
// secret shown once works as a bearer token until revoked), the audit log (the token's
// requests, redacted bodies, filters), tasks (a task started through the API, its
// detail at /tasks?task=<id>, the navbar's filter, cancel), and what an operator sees.
import assert from 'node:assert/strict';

async function bearer(t, token, path = '/api/auth/me') {
  const r = await fetch(t.url + path, { headers: { Authorization: `Bearer ${token}` } });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

export async function test_users_create_with_field_errors_log_in_change_role_delete(t) {
  const page = await t.page();
  await t.login(page);
  await page.goto('/admin/users');
  await page.locator('table').waitFor();
  await t.shot(page, 'users');

  // The logged-in admin gets no delete for their own row, and is told why.
  const mine = page.locator(`tr[data-row="${t.admin.username}"]`);
  await mine.waitFor();
  assert.equal(await mine.getByRole('button', { name: 'Delete' }).count(), 0);
  assert.match(await mine.innerText(), /your account/);
  await mine.getByRole('button', { name: 'Edit' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByText('You cannot disable your own account').waitFor();
  assert.equal(await dialog.getByLabel('Disabled').count(), 0);
  assert.equal(await dialog.getByLabel('Role').count(), 0);
  await t.shot(page, 'users-edit-self');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });

  // Create: the confirmation is checked while typing.
  const user = { username: t.unique('e2eadm'), password: 'pw-' + t.unique('') + '-Q7' };
  await page.getByRole('button', { name: 'Create user' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('User name').fill(user.username);
  await dialog.getByLabel('Password', { exact: true }).fill(user.password);
  await dialog.getByLabel('Password again').fill(user.password.slice(0, -1));
  const mismatch = dialog.locator('[data-field=password2] .field-error');
  await mismatch.waitFor();
  assert.match(await mismatch.innerText(), /differ/);
  await t.shot(page, 'users-create-mismatch');
  await dialog.getByLabel('Password again').fill(user.password);
  await mismatch.waitFor({ state: 'detached' });

  // An existing name: the server's 409 lands at the field.
  await dialog.getByLabel('User name').fill(t.admin.username);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  const exists = dialog.locator('[data-field=username] .field-error');
  await exists.waitFor();
  assert.match(await exists.innerText(), /already exists/);
  await t.shot(page, 'users-create-exists');

  await dialog.getByLabel('User name').fill(user.username);
  await dialog.getByLabel('Role').selectOption('viewer');
  await dialog.getByLabel('E-mail (optional)').fill(`${user.username}@example.com`);
  await dialog.getByText('Copy as curl').click();
  const curl = await dialog.locator('details.curl pre').innerText();
  assert.ok(curl.includes(`"username":"${user.username}"`) && !curl.includes(user.password), curl);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.locator(`tr[data-row="${user.username}"]`);
  await row.waitFor();
  assert.match(await row.locator('[data-col=role]').innerText(), /viewer/);
  const made = await t.api('GET', `/api/users/${user.username}`);
  try {
    assert.equal(made.status, 200);
    assert.equal(made.json.role, 'viewer');

    // The new user logs in in a second browser.
    const theirs = await t.page();
    await t.login(theirs, user);
    assert.match(await theirs.locator('.user-menu summary').innerText(), new RegExp(`${user.username}.*viewer`));
    // The Administration ▸ Users page (Object Gateway ▸ Users is another one).
    assert.equal(await theirs.locator('nav.sidenav a[href="/admin/users"]').count(), 0);

    // Change the role.
    await row.getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Role').selectOption('operator');
    await t.shot(page, 'users-edit');
    await dialog.getByRole('button', { name: 'Save user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await t.until(async () => /operator/.test(await row.locator('[data-col=role]').innerText()), 'the new role in the row');
    assert.equal((await t.api('GET', `/api/users/${user.username}`)).json.role, 'operator');
    await theirs.reload();
    await theirs.locator('.user-menu summary', { hasText: 'operator' }).waitFor();

    // Delete: the dialog says what ends.
    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    const said = await confirm.innerText();
    assert.match(said, /sessions/);
    assert.match(said, /API\s+tokens/);
    await t.shot(page, 'users-delete');
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', `/api/users/${user.username}`)).status, 404);
    // Their session ended: the next view is the login page.
    await theirs.reload();
    await theirs.getByRole('button', { name: 'Log in' }).waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', `/api/users/${user.username}`);
  }
}

export async function test_api_token_secret_once_works_until_revoked_and_is_audited(t) {
  // Viewers may manage their own tokens too.
  const viewer = await t.makeUser('viewer');
  const page = await t.page();
  await t.login(page, viewer);
  await page.goto('/admin/tokens');
  await page.getByRole('button', { name: 'Create token' }).waitFor();
  await page.getByText('Nothing here yet').waitFor();
  await t.shot(page, 'tokens-empty');

  const desc = t.unique('e2e token ');
  await page.getByRole('button', { name: 'Create token' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Create token' }).click();
  await dialog.locator('[data-field=description] .field-error').waitFor();
  await dialog.getByLabel('Description').fill(desc);
  await dialog.getByLabel('Expires (optional)').fill('2099-12-31');
  await dialog.getByText('2099-12-31 23:59:59 UTC').waitFor();
  await t.shot(page, 'tokens-create');
  await dialog.getByRole('button', { name: 'Create token' }).click();

  // The secret, once, with a warning and a curl that uses it.
  dialog = page.getByRole('dialog', { name: 'Your new API token' });
  await dialog.waitFor();
  const secret = (await dialog.locator('[data-secret]').innerText()).trim();
  assert.match(secret, /^oat_[A-Za-z0-9_-]{20,}$/);
  assert.match(await dialog.innerText(), /will not be shown again/);
  assert.ok((await dialog.locator('.snippet pre').first().innerText()).includes(`Bearer ${secret}`));
  await dialog.getByRole('button', { name: 'Copy token' }).waitFor();
  await t.shot(page, 'tokens-secret');
  const me = await bearer(t, secret);
  assert.equal(me.status, 200);
  assert.equal(me.json.username, viewer.username);
  await dialog.getByRole('button', { name: 'I have copied it' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.locator('tr[data-row]', { hasText: desc });
  await row.waitFor();
  assert.ok(!(await page.content()).includes(secret), 'the secret is shown only once');
  await t.shot(page, 'tokens');

  // Admins see everyone's tokens, with their owner.
  const admin = await t.page();
  await t.login(admin);
  await admin.goto('/admin/tokens');
  const theirs = admin.locator('tr[data-row]', { hasText: desc });
  await theirs.waitFor();
  assert.equal((await theirs.locator('[data-col=username]').innerText()).trim(), viewer.username);
  await t.shot(admin, 'tokens-admin');

  // Revoke: from then on 401.
  await row.getByRole('button', { name: 'Revoke' }).click();
  const confirm = page.getByRole('dialog');
  assert.match(await confirm.innerText(), /401/);
  await t.shot(page, 'tokens-revoke');
  await confirm.getByRole('button', { name: 'Revoke token' }).click();
  await row.waitFor({ state: 'detached' });
  assert.equal((await bearer(t, secret)).status, 401);
  assert.deepEqual(page.errors, []);

  // The audit log (admin): the viewer's requests, filtered by user through the form.
  await admin.goto('/admin/audit');
  await admin.locator('table').waitFor();
  await t.shot(admin, 'audit');
  await admin.getByRole('textbox', { name: 'User', exact: true }).fill(viewer.username);
  await admin.waitForURL((u) => u.searchParams.get('user') === viewer.username);
  // The viewer's login, token creation and revocation, and nobody else's requests.
  await t.until(async () => {
    const users = await admin.locator('tr[data-row] [data-col=user]').allInnerTexts();
    return users.length >= 3 && users.every((u) => u.trim() === viewer.username);
  }, "only the viewer's rows");
  const created = admin.locator('tr[data-row]').filter({ hasText: 'POST' }).filter({ hasText: '/api/tokens' });
  assert.equal(await created.count(), 1);
  assert.match(await created.locator('[data-col=status]').innerText(), /201/);
  // The creation's body: the description; no secret anywhere on the page.
  await created.getByRole('button', { name: 'Request' }).click();
  const id = await created.getAttribute('data-row');
  const body = admin.locator(`tr[data-expanded="${id}"]`);
  await body.waitFor();
  assert.match(await body.innerText(), new RegExp(`description\\s+${desc}`));
  assert.ok(!(await admin.content()).includes(secret));
  // The login's body: the password redacted, as stored.
  const login = admin.locator('tr[data-row]').filter({ hasText: '/api/auth/login' }).first();
  await login.getByRole('button', { name: 'Request' }).click();
  const lbody = admin.locator(`tr[data-expanded="${await login.getAttribute('data-row')}"]`);
  await lbody.waitFor();
  assert.match(await lbody.innerText(), /password\s+\*\*\*/);
  assert.ok(!(await admin.content()).includes(viewer.password));
  await t.shot(admin, 'audit-expanded');
  // Status and method filters from the URL: the revocation alone.
  await admin.goto(`/admin/audit?user=${viewer.username}&method=DELETE&status=204`);
  await admin.locator('tr[data-row]').first().waitFor();
  const rows = await admin.locator('tr[data-row] [data-col=path]').allInnerTexts();
  assert.equal(rows.length, 1, `one revocation: ${rows}`);
  assert.match(rows[0], /^\/api\/tokens\/\d+$/);
  assert.equal(await admin.getByRole('combobox', { name: 'Method' }).inputValue(), 'DELETE');
  await t.shot(admin, 'audit-filtered');
  assert.deepEqual(admin.errors, []);
  await t.api('DELETE', `/api/users/${viewer.username}`);
}

export async function test_tasks_page_shows_a_task_its_detail_and_the_active_filter(t) {
  const started = await t.api('POST', '/api/maintenance/purge', { tasks_older_than_days: 36500 });
  assert.equal(started.status, 202);
  const id = started.json.id;
  const page = await t.page();
  await t.login(page);
  await page.goto('/tasks');
  const row = page.locator(`tr[data-row="${id}"]`);
  await row.waitFor();
  assert.equal((await row.locator('[data-col=kind]').innerText()).trim(), 'Database housekeeping');
  assert.equal((await row.locator('[data-col=created_by]').innerText()).trim(), t.admin.username);
  await row.locator('[data-col=state]', { hasText: 'succeeded' }).waitFor({ timeout: 30000 });
  assert.equal(await row.getByRole('button', { name: 'Cancel' }).count(), 0);
  await t.shot(page, 'tasks');

  // The detail has its own URL (the toasts link there).
  await page.goto(`/tasks?task=${id}`);
  const dialog = page.getByRole('dialog', { name: `Task #${id}: Database housekeeping` });
  await dialog.waitFor();
  const text = await dialog.innerText();
  assert.match(text, /succeeded/);
  assert.match(text, /Tasks deleted\s+0/);
  assert.doesNotMatch(text, /[{}]/);
  assert.equal(await dialog.getByRole('button', { name: 'Cancel task' }).count(), 0);
  await t.shot(page, 'tasks-detail');
  await dialog.locator('.actions').getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).searchParams.get('task'), null);

  // The navbar indicator's link: queued and running only, shown as chosen chips.
  await page.getByRole('link', { name: /tasks? running/ }).click();
  await page.waitForURL(/state=queued,running/);
  assert.equal(await page.getByRole('button', { name: 'queued' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('button', { name: 'running' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('button', { name: 'succeeded' }).getAttribute('aria-pressed'), 'false');
  await page.locator('.table-wrap').waitFor();
  await t.until(async () => (await row.count()) === 0, 'the finished task to leave the filtered list');
  await t.shot(page, 'tasks-active');
  await page.getByRole('button', { name: 'succeeded' }).click();
  await page.getByRole('combobox', { name: 'Kind' }).selectOption('maintenance.purge');
  await page.waitForURL((u) => u.searchParams.get('state') === 'queued,running,succeeded' && u.searchParams.get('kind') === 'maintenance.purge');
  await row.waitFor();

  // A failed Salt job: its error in words; a successful one: each node's answer.
  const failed = (await t.api('POST', '/api/nodes/ping', { target: t.unique('nomatch') })).json.id;
  const pinged = (await t.api('POST', '/api/nodes/ping', { target: '*', timeout_s: 30 })).json.id;
  await page.goto(`/tasks?task=${failed}`);
  const fd = page.getByRole('dialog', { name: new RegExp(`Task #${failed}`) });
  await fd.locator('.task-error').waitFor({ timeout: 60000 });
  assert.match(await fd.locator('.task-error').innerText(), /No node matched[\s\S]*no_minions/);
  await t.shot(page, 'tasks-detail-failed');
  await page.goto(`/tasks?task=${pinged}`);
  const pd = page.getByRole('dialog', { name: `Task #${pinged}: Ping nodes` });
  await pd.locator('tr[data-minion] .badge', { hasText: 'succeeded' }).first().waitFor({ timeout: 60000 });
  await t.until(async () => /succeeded/.test(await pd.locator('.task-status').innerText()), 'the ping to end');
  const minions = await pd.locator('tr[data-minion]').count();
  assert.ok(minions >= 1);
  await t.shot(page, 'tasks-detail-salt');
  assert.deepEqual(page.errors, []);

  const big = await t.page({ width: 3840, height: 2160 });
  await t.login(big);
  await big.goto(`/tasks?task=${pinged}`);
  await big.getByRole('dialog').locator('tr[data-minion]').first().waitFor();
  await t.shot(big, 'tasks-4k');
}

export async function test_a_running_task_can_be_cancelled_from_its_detail(t) {
  // A ping of every node runs for a second or two: cancel it while it runs. Should it
  // end first, the server's 409 is shown in the dialog instead; both are checked.
  const page = await t.page();
  await t.login(page);
  const id = (await t.api('POST', '/api/nodes/ping', { target: '*', timeout_s: 30 })).json.id;
  await page.goto(`/tasks?task=${id}`);
  const dialog = page.getByRole('dialog', { name: new RegExp(`Task #${id}`) });
  await dialog.locator('.task-status').waitFor();
  const cancel = dialog.getByRole('button', { name: 'Cancel task' });
  if ((await cancel.count()) === 0) {
    // Already over: a finished task offers no cancel.
    assert.match(await dialog.locator('.task-status').innerText(), /succeeded|failed|cancelled/);
    t.skip('the ping ended before the page could offer its cancel');
  }
  await cancel.click();
  const confirm = page.getByRole('dialog', { name: `Cancel task #${id}` });
  assert.match(await confirm.innerText(), /stays done|will not run/);
  await t.shot(page, 'tasks-cancel');
  await confirm.getByRole('button', { name: 'Stop the task' }).click();
  const outcome = await t.until(async () => {
    if ((await confirm.count()) === 0) return 'accepted';
    if ((await confirm.locator('.form-error').count()) > 0) return 'refused';
    return null;
  }, 'the cancel to be accepted or refused');
  if (outcome === 'refused') {
    assert.match(await confirm.locator('.form-error').innerText(), /already/);
    return;
  }
  await page.locator(`.toast[data-task="${id}"]`).waitFor();
  const end = await t.until(async () => {
    const r = await t.api('GET', `/api/tasks/${id}`);
    return r.json.state !== 'running' && r.json.state !== 'queued' && r.json.state;
  }, 'the task to stop');
  assert.ok(['cancelled', 'succeeded'].includes(end), end);
  await dialog.locator('.task-status .badge', { hasText: end }).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Cancel task' }).count(), 0);
}

export async function test_an_operator_sees_no_user_or_audit_pages(t) {
  const op = await t.makeUser('operator');
  try {
    const page = await t.page();
    await t.login(page, op);
    await page.goto('/tasks');
    await page.locator('.table-wrap').waitFor();
    assert.equal(await page.locator('nav.sidenav a[href="/admin/users"]').count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0);
    assert.ok((await page.locator('nav.sidenav').getByRole('link', { name: 'API tokens' }).count()) === 1);
    await page.goto('/admin/users');
    await page.getByText('Only administrators can see this page').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create user' }).count(), 0);
    await t.shot(page, 'users-operator');
    await page.goto('/admin/audit');
    await page.getByText('Only administrators can see this page').waitFor();
    // Their own tokens: no owner column (that is for admins).
    await page.goto('/admin/tokens');
    await page.getByRole('button', { name: 'Create token' }).waitFor();
    assert.equal(await page.getByRole('columnheader', { name: 'Owner' }).count(), 0);
    assert.deepEqual(page.errors, []);
  } finally {
    await t.api('DELETE', `/api/users/${op.username}`);
  }
}
