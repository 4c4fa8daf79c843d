import { expect, test } from '@playwright/test';
import { agent, api, customer, expectAccessible, runId, signIn } from '../support';

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

/** The page scrolls only vertically: nothing sticks out past the right edge of the window. */
async function expectNoSideScroll(page: import('@playwright/test').Page, what: string) {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scrollWidth, `${what}: page wider than the ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

test('on a 360 px phone the inbox, its column chooser and an agent ticket fit the screen', async ({
  page,
  baseURL,
}) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const id = runId();
  const ctx = await api(baseURL as string, customer);
  const title = `Phone layout ${id}: a rather long title that must not widen the page on a small screen`;
  const res = await ctx.post('/bff/tickets', {
    data: { title, body: 'Please help.', eosc_service: 'egi-check-in' },
  });
  expect(res.status()).toBe(201);
  await ctx.dispose();

  await page.goto('/agent?view=all_unassigned');
  await signIn(page, agent);
  await expect(page.getByRole('heading', { level: 2, name: 'Unassigned & Open Tickets' })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: title })).toBeVisible();
  await expectNoSideScroll(page, '/agent');

  // The ticket table scrolls inside its own box; the selection checkbox shows no ellipsis next to it.
  const box = page.getByRole('region', { name: 'Tickets', exact: true });
  expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  const check = table.getByRole('checkbox', { name: /Select ticket/ }).first();
  const cell = check.locator('xpath=..');
  expect(await cell.evaluate((td) => td.scrollWidth <= td.clientWidth)).toBe(true);

  // The column chooser opens as a popover inside the window, without pushing the filters down.
  const filters = page.getByRole('region', { name: 'Filters' });
  const filtersTop = (await filters.boundingBox())?.y;
  await page.locator('.column-chooser summary').click();
  const panel = page.getByRole('group', { name: 'Visible columns' });
  await expect(panel).toBeVisible();
  const rect = await panel.boundingBox();
  expect(rect).not.toBeNull();
  expect(rect?.x ?? -1).toBeGreaterThanOrEqual(0);
  expect((rect?.x ?? 0) + (rect?.width ?? 0)).toBeLessThanOrEqual(360);
  expect((await filters.boundingBox())?.y).toBe(filtersTop);
  await expectNoSideScroll(page, '/agent with the column chooser open');
  await page.locator('.column-chooser summary').click();
  await page.screenshot({ path: test.info().outputPath('inbox-phone.png'), fullPage: true });

  await table.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('complementary').first()).toBeVisible();
  await expectNoSideScroll(page, 'agent ticket');
  // One column: the side panel sits below the conversation, not beside it.
  const main = await page.getByRole('heading', { level: 1, name: title }).boundingBox();
  const side = await page.getByRole('complementary').first().boundingBox();
  expect((side?.y ?? 0) > (main?.y ?? 0)).toBe(true);
  await expectAccessible(page, 'agent ticket on a phone');
  await page.screenshot({ path: test.info().outputPath('agent-ticket-phone.png'), fullPage: true });
});
