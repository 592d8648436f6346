// test_session.mjs - logging in and out, the lockout message, and what a viewer
// is shown (no button that would fail).
import assert from 'node:assert/strict';

export async function test_login_shows_health_and_logout_ends_the_session(t) {
  const page = await t.page();
  await page.goto('/');
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await t.shot(page, 'login');
  await t.login(page);
  // The top bar names the cluster's health in words.
  await page.locator('.topbar .badge', { hasText: 'OK' }).waitFor();
  assert.match(page.url(), new RegExp(`/c/${t.fsid}/dashboard$`));
  await t.shot(page, 'dashboard');
  await page.locator('.user-menu summary').click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  // The session is gone server-side: a reload stays on the login page.
  await page.reload();
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  assert.deepEqual(page.errors, []);
}

export async function test_wrong_password_and_lockout_are_said_in_words(t) {
  const user = await t.makeUser('viewer');
  const page = await t.page();
  await page.goto('/login');
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('.form-error', { hasText: 'Wrong user name or password.' }).waitFor();
  // Ten more failures of this user from the browser's address (recorded directly, so
  // that the wait is a minute and the test does not race it) make the pair wait; other
  // addresses' failures would not. The right password now gets the wait, in words.
  t.psql(`INSERT INTO login_failures (username, client) SELECT '${user.username}', '127.0.0.1' FROM generate_series(1, 10)`);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('.form-error', { hasText: /Too many failed logins; try again in \d+ seconds\./ }).waitFor();
  await t.shot(page, 'login-locked');
  // The browser's one failure would count towards locking out 127.0.0.1, where the
  // other tests log in from.
  t.psql("DELETE FROM login_failures WHERE client = '127.0.0.1'");
}

export async function test_a_reloaded_page_keeps_its_session_and_csrf_token(t) {
  const page = await t.page();
  await t.login(page);
  await page.goto(`/c/${t.fsid}/pools`);
  await page.reload();
  await page.locator('.topbar').waitFor();
  // Logging out is a POST: it ends the session only with the CSRF token, which the
  // reloaded page learnt again from /api/auth/me.
  await page.locator('.user-menu summary').click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await page.goto(`/c/${t.fsid}/pools`);
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  assert.deepEqual(page.errors, []);
}

export async function test_an_expired_session_returns_to_the_same_view_after_login(t) {
  const page = await t.page();
  await t.login(page);
  await page.goto(`/c/${t.fsid}/pools?sort=-name`);
  await page.locator('table').waitFor();
  // The server forgets the session (as after its idle timeout): the next call is a
  // 401, the console shows the login page, and logging in returns to the same view.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'oa_session');
  assert.match(cookie.value, /^[0-9a-f]+$/);
  t.psql(`DELETE FROM sessions WHERE token_hash = sha256(convert_to('${cookie.value}', 'UTF8'))`);
  await page.getByRole('link', { name: 'Monitors' }).click();
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await page.getByLabel('User name').fill(t.admin.username);
  await page.getByLabel('Password').fill(t.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('.topbar').waitFor();
  await t.until(() => page.url().endsWith(`/c/${t.fsid}/monitors`), 'the monitors view again', 10000);
}

export async function test_the_cluster_switcher_moves_to_the_other_cluster(t) {
  if (t.clusters.length < 2) t.skip('this stack has one cluster');
  const [a, b] = t.clusters;
  const page = await t.page();
  await t.login(page);
  await page.goto(`/c/${a.fsid}/pools`);
  await page.locator('table').waitFor();
  await page.getByLabel('Cluster', { exact: true }).selectOption(b.fsid);
  await t.until(() => page.url().includes(`/c/${b.fsid}/pools`), 'the other cluster\'s pools', 10000);
  await page.locator('table').waitFor();
  await t.shot(page, 'cluster-switcher');
  // Navigation links now point into the chosen cluster.
  const href = await page.getByRole('link', { name: 'OSDs' }).getAttribute('href');
  assert.equal(href, `/c/${b.fsid}/osds`);
}
