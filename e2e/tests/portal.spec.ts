import { expect, test } from '@playwright/test';
import { admin, customer, DESK, expectAccessible, shoot } from '../support';

// Demo accounts and knowledge base seeded by SEED=demo.

test('an anonymous visitor searches the help center and opens an answer', async ({ page }) => {
  await test.step('the help center is public', async () => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Search the help center' }).click();
    await expect(page).toHaveURL(/\/help$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Help Center' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Getting started with EOSC' })).toBeVisible();
    await expectAccessible(page, 'home');
    await shoot(page, 'home');
  });

  await test.step('a search shows highlighted matches, published answers only', async () => {
    await page.getByRole('searchbox', { name: 'Search the help center' }).fill('login');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/help\/search\?q=login$/);
    const result = page.getByRole('link', { name: 'How to log in with your institution' });
    await expect(result).toBeVisible();
    await expect(page.locator('.kb-results em').first()).toHaveText(/login/i);
    await expect(page.getByText('Linking several identities')).toHaveCount(0);
    await expectAccessible(page, 'search');
    await shoot(page, 'search');
    await result.click();
  });

  await test.step('the answer has a shareable URL, a breadcrumb and its text', async () => {
    await expect(page).toHaveURL(/\/help\/en-us\/answers\/\d+$/);
    await expect(
      page.getByRole('heading', { level: 1, name: 'How to log in with your institution' }),
    ).toBeVisible();
    await expect(page.getByText('EOSC services use federated login.')).toBeVisible();
    await expectAccessible(page, 'answer');
    await shoot(page, 'answer');
    const shared = page.url();
    await page.goto(shared);
    await expect(
      page.getByRole('heading', { level: 1, name: 'How to log in with your institution' }),
    ).toBeVisible();
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Accounts and access (AAI)' })
      .click();
  });

  await test.step('the category lists its answers', async () => {
    await expect(page.getByRole('heading', { level: 1, name: 'Accounts and access (AAI)' })).toBeVisible();
    await expect(page.getByRole('link', { name: "Login fails with 'access denied'" })).toBeVisible();
    await expectAccessible(page, 'category');
    await shoot(page, 'category');
  });

  await test.step('German, and a narrow screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/help');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await expect(page.getByRole('heading', { level: 1, name: 'Hilfe-Center' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Erste Schritte mit EOSC' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'home-de-360');
    await shoot(page, 'home-de-360');
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
  });
});

test('a customer opens a ticket about a service; it reaches that service’s support group', async ({
  page,
  request,
}) => {
  const title = `Portal ${Date.now().toString(36)}: login fails at B2SHARE`;

  await page.goto('/login');
  await page.getByLabel('Login or e-mail').fill(customer.login);
  await page.getByLabel('Password').fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Notifications/ })).toBeVisible();

  await page.getByRole('link', { name: 'New ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New ticket' })).toBeVisible();
  await page.getByLabel('Incident: something does not work').check();
  await page.getByLabel('Service', { exact: true }).selectOption('b2share');
  await page.getByLabel('Title').pressSequentially(title, { delay: 5 });
  await expect(page.getByText('These answers may already help:')).toBeVisible();
  await expect(
    page.getByRole('link', { name: /log in with your institution|Login fails/ }).first(),
  ).toBeVisible();
  await page.getByLabel('Message').fill('Since today the login at B2SHARE answers "access denied".');
  await page.getByLabel('More than 5', { exact: true }).check();
  await page.getByLabel('The service is degraded (slow or partly working)').check();
  await page.getByLabel('There is a workaround').check();
  await expect(page.getByText('Suggested priority: very urgent')).toBeVisible();
  await expectAccessible(page, 'new-ticket');
  await shoot(page, 'new-ticket');

  await test.step('the draft survives a reload', async () => {
    await page.reload();
    await expect(page.getByLabel('Title')).toHaveValue(title);
    await expect(page.getByLabel('Service', { exact: true })).toHaveValue('b2share');
  });

  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  await shoot(page, 'ticket');
  const id = Number(page.url().split('/').pop());

  await test.step('the desk routed it to EUDAT Support with type, service and priority', async () => {
    const auth = `Basic ${Buffer.from(`${admin.login}:${admin.password}`).toString('base64')}`;
    const res = await request.get(`${DESK}/tickets/${id}?expand=true`, {
      headers: { Authorization: auth },
    });
    expect(res.ok()).toBe(true);
    expect(await res.json()).toMatchObject({
      group: 'EUDAT Support',
      priority: '3 high',
      eosc_ticket_type: 'incident',
      eosc_service: 'b2share',
    });
  });
});
