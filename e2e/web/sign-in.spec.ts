import { expect, test } from '../support/fixtures';
import { shot, FIRST_SYNC_MS } from '../support/slice';


test('a wrong password is refused plainly and leaves no session behind', async ({ page, context, server }, testInfo) => {
  await page.goto(server.url);
  await page.getByLabel('Username').fill('tech1');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('login-error')).toContainText('Wrong username or password.');
  await shot(page, testInfo, 'sign-in-wrong-password');
  expect((await context.cookies()).filter((c) => c.name === 'fielddesk_session')).toEqual([]);
  await expect(page.getByTestId('ticket-row')).toHaveCount(0);
});

test('the session cookie is HttpOnly and SameSite=Strict, and signing out ends it', async ({ page, context, server }) => {
  await page.goto(server.url);
  await page.getByLabel('Username').fill('desk1');
  await page.getByLabel('Password', { exact: true }).fill('fielddesk-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed in once the workspace shows (its first download may still run: signing out ends it too).
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: FIRST_SYNC_MS });
  const cookie = (await context.cookies()).find((c) => c.name === 'fielddesk_session');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Strict');
  expect(await page.evaluate(() => document.cookie)).not.toContain('fielddesk_session');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const me = await page.request.get(`${server.url}/api/auth/me`);
  expect(me.status()).toBe(401);
});
