import { expect, test } from '@playwright/test';
import { agent, api, customer, expectAccessible, runId } from '../support';

test('the demo agent filters the inbox by state and service, clears, and steps to the next ticket with j', async ({
  page,
  baseURL,
}) => {
  const id = runId();
  const ctx = await api(baseURL as string, customer);
  const titles = [`Check-in ${id} first`, `Check-in ${id} second`, `DataHub ${id}`];
  for (const [title, service] of [
    [titles[0], 'egi-check-in'],
    [titles[1], 'egi-check-in'],
    [titles[2], 'egi-datahub'],
  ] as const) {
    const res = await ctx.post('/bff/tickets', {
      data: { title, body: 'Please help.', eosc_service: service },
    });
    expect(res.status()).toBe(201);
  }
  await ctx.dispose();

  await page.goto('/agent?view=all_unassigned');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Login or e-mail').fill(agent.login);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Unassigned & Open Tickets' })).toBeVisible();

  const bar = page.getByRole('region', { name: 'Filters' });
  const count = bar.getByRole('status');
  await expect(count).toHaveText(/^\d[\d,]* tickets? match$/);
  const before = (await count.textContent()) ?? '';

  await bar.locator('summary', { hasText: 'Service' }).click();
  await bar.getByRole('checkbox', { name: 'EGI Check-in (AAI)' }).check();
  await bar.locator('summary', { hasText: 'Service' }).click();
  await expect(count).not.toHaveText(before);
  await expect(page).toHaveURL(/service=egi-check-in/);
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: titles[0] })).toBeVisible();
  await expect(table.getByRole('link', { name: titles[1] })).toBeVisible();
  await expect(table.getByRole('link', { name: titles[2] })).toHaveCount(0);

  await bar.locator('summary', { hasText: 'State' }).click();
  await bar.getByRole('checkbox', { name: 'new', exact: true }).check();
  await expect(page).toHaveURL(/state=\d+/);
  await expect(bar.getByRole('list', { name: 'Active filters' }).getByRole('listitem')).toHaveCount(2);
  await expect(table.getByRole('link', { name: titles[1] })).toBeVisible();
  await expectAccessible(page, 'filtered inbox');
  await page.screenshot({ path: test.info().outputPath('inbox-filters.png'), fullPage: true });
  await bar.locator('summary', { hasText: 'State' }).click();

  await bar.getByRole('button', { name: 'Clear filters' }).click();
  await expect(count).toHaveText(before);
  await expect(page).not.toHaveURL(/service=|state=/);

  // Filter again, open the first of the two and step to the next one with j.
  await bar.locator('summary', { hasText: 'Service' }).click();
  await bar.getByRole('checkbox', { name: 'EGI Check-in (AAI)' }).check();
  await bar.locator('summary', { hasText: 'Service' }).click();
  await expect(table.getByRole('link', { name: titles[2] })).toHaveCount(0);
  await table.getByRole('link', { name: titles[0] }).click();
  await expect(page.getByRole('heading', { level: 1, name: titles[0] })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Tickets of the list' });
  await expect(nav.getByRole('link', { name: /Next ticket/ })).toBeVisible();
  await page.keyboard.press('j');
  await expect(page.getByRole('heading', { level: 1, name: titles[1] })).toBeVisible();
  await expectAccessible(page, 'ticket with list navigation');
  await page.screenshot({ path: test.info().outputPath('ticket-next.png'), fullPage: true });
  await nav.getByRole('link', { name: 'Back to the list' }).click();
  await expect(page).toHaveURL(/service=egi-check-in/);
});
